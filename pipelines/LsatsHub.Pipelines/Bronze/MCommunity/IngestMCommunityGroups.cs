using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.MCommunity;

/// <summary>
/// M1: MCommunity user groups that have members and a gidNumber. MCommunity stops every search at about 350 entries, so
/// the search is completed in sets of gidNumber values (see <see cref="LdapSession"/>). A full fetch at least every
/// MCOMMUNITY_FULL_SYNC_DAYS days (7); in between only the groups modified since the last run's modifyTimestamp mark
/// (<see cref="McommunityChangeSync"/>).
/// </summary>
/// <param name="ldap">The LDAP connector.</param>
public sealed class IngestMCommunityGroups(ILdapConnector ldap) : IStep
{
    /// <summary>The M1 base, under the configured MCommunity base.</summary>
    public const string GroupsOu = "ou=User Groups,ou=Groups";

    /// <summary>The M1 filter.</summary>
    public const string Filter = "(&(member=*)(gidNumber=*))";

    /// <summary>The slice and its hash fields (docs/sources.md, M1).</summary>
    public static readonly BronzeEntity Entity = new(MCommunitySteps.SourceSystem, "group",
    [
        "cn", "gidNumber", "member", "groupMember", "rfc822mail", "description", "postalAddress", "labeledUri", "owner", "errorsTo",
        "requestsTo", "rfc822ErrorsTo", "rfc822RequestsTo", "umichGroupEmail", "membersonly", "joinable", "RealtimeBlockList",
        "supressNoEmailError", "permittedGroup", "umichPermittedSenders", "umichPermittedSendersDomains", "umichPrivate",
        "umichAutoReply", "umichAutoReplyStart", "umichAutoReplyEnd", "umichServiceEntitlement", "umichExpiryTimestamp",
        "umichEntryDisabled", "umichDisabledTimestamp",
    ]);

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = MCommunitySteps.Descriptor(Datasets.Bronze.MCommunityGroups, "M1: MCommunity groups (LDAP, chunked on gidNumber; modifyTimestamp since the last run, full fetch weekly)");

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        MCommunitySteps.IngestAsync(
            context,
            ldap,
            Entity,
            GroupsOu,
            new LdapSearch(GroupsOu, Filter, ["*"]) { ChunkAttribute = "gidNumber" },
            "gidNumber",
            "cn",
            new Dictionary<string, bool> { ["includes_group_membership"] = true, ["includes_nested_groups"] = true },
            null,
            cancellationToken);
}
