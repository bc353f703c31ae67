using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.MCommunity;

/// <summary>
/// M2: every MCommunity person, streamed chunk by chunk straight into the bronze writer (the seed held the whole
/// directory, about 700k people, in memory). Chunked on uidNumber ranges because MCommunity stops every search at about
/// 350 entries; people without a uidNumber are still fetched and counted as bad records. A full fetch at least every
/// MCOMMUNITY_FULL_SYNC_DAYS days (7); in between only the people modified since the last run's modifyTimestamp mark
/// (<see cref="McommunityChangeSync"/>).
/// </summary>
/// <param name="ldap">The LDAP connector.</param>
public sealed class IngestMCommunityUsers(ILdapConnector ldap) : IStep
{
    /// <summary>The M2 base, under the configured MCommunity base.</summary>
    public const string PeopleOu = "ou=People";

    /// <summary>The M2 filter.</summary>
    public const string Filter = "(uid=*)";

    /// <summary>The attributes requested (docs/sources.md, M2; <c>dn</c> is added from the entry itself).</summary>
    public static readonly string[] Attributes =
    [
        "uid", "uidNumber", "cn", "displayName", "givenName", "sn", "mail", "ou", "umichTitle", "telephoneNumber", "homeDirectory",
        "loginShell", "gidNumber", "umichPostalAddress", "umichPostalAddressData", "objectClass",
    ];

    /// <summary>The slice; hashed on the first 15 attributes (everything but objectClass and dn).</summary>
    public static readonly BronzeEntity Entity = new(MCommunitySteps.SourceSystem, "user", Attributes[..15]);

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = MCommunitySteps.Descriptor(Datasets.Bronze.MCommunityUsers, "M2: MCommunity people (LDAP, chunked on uidNumber, streamed; modifyTimestamp since the last run, full fetch weekly)");

    /// <summary>Tests only: runs once the first entries of a run have arrived, i.e. while the run reads.</summary>
    internal Func<Task>? WhileReading { get; init; }

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        MCommunitySteps.IngestAsync(
            context,
            ldap,
            Entity,
            PeopleOu,
            new LdapSearch(PeopleOu, Filter, Attributes) { ChunkAttribute = "uidNumber", SplitAttribute = "uid" },
            "uidNumber",
            "uid",
            new Dictionary<string, bool> { ["includes_department_relationships"] = true },
            WhileReading,
            cancellationToken);
}
