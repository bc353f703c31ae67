using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Ad;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.MCommunity;

/// <summary>
/// M1: MCommunity user groups that have members and a gidNumber; full fetch every run. MCommunity stops every search at
/// about 350 entries, so the search is completed in gidNumber ranges (see <see cref="LdapSession"/>).
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
    public StepDescriptor Descriptor { get; } = MCommunitySteps.Descriptor(Datasets.Bronze.MCommunityGroups, "M1: MCommunity groups (LDAP, chunked on gidNumber, full fetch)");

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = LdapConfiguration.ForMcommunity(context.Configuration);
        var searchBase = GroupsOu + "," + settings.SearchBase;
        var source = new LdapBronzeSource(ldap, settings, LdapConversion.Mcommunity);
        var metadata = MCommunitySteps.Metadata(settings, searchBase);
        var search = new LdapSearch(searchBase, Filter, ["*"]) { ChunkAttribute = "gidNumber" };
        var records = source.StreamAsync(
            (session, ct) => session.SearchAsync(search, ct).Select(entry => LdapBronzeSource.ToRecord(entry, "gidNumber", metadata)),
            cancellationToken);
        var runMetadata = source.RunMetadata(MCommunitySteps.SourceApi, searchBase, Filter);
        runMetadata["includes_group_membership"] = true;
        runMetadata["includes_nested_groups"] = true;
        return BronzeIngestion.RunAsync(
            context,
            Entity,
            records,
            new BronzeWriteOptions { CompleteFullFetch = true, RunMetadata = runMetadata, CompletionMetadata = source.CompletionMetadata },
            cancellationToken);
    }
}
