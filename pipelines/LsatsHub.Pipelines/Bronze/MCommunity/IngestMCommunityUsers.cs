using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Ad;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.MCommunity;

/// <summary>
/// M2: every MCommunity person, streamed chunk by chunk straight into the bronze writer (the seed held the whole
/// directory, about 700k people, in memory). Chunked on uidNumber ranges because MCommunity stops every search at about
/// 350 entries; people without a uidNumber are still fetched and counted as bad records. Full fetch every run.
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
    public StepDescriptor Descriptor { get; } = MCommunitySteps.Descriptor(Datasets.Bronze.MCommunityUsers, "M2: MCommunity people (LDAP, chunked on uidNumber, streamed, full fetch)");

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = LdapConfiguration.ForMcommunity(context.Configuration);
        var searchBase = PeopleOu + "," + settings.SearchBase;
        var source = new LdapBronzeSource(ldap, settings, LdapConversion.Mcommunity);
        var metadata = MCommunitySteps.Metadata(settings, searchBase);
        var search = new LdapSearch(searchBase, Filter, Attributes) { ChunkAttribute = "uidNumber", SplitAttribute = "uid" };
        var records = source.StreamAsync(
            (session, ct) => session.SearchAsync(search, ct).Select(entry => LdapBronzeSource.ToRecord(entry, "uidNumber", metadata)),
            cancellationToken);
        var runMetadata = source.RunMetadata(MCommunitySteps.SourceApi, searchBase, Filter);
        runMetadata["includes_department_relationships"] = true;
        return BronzeIngestion.RunAsync(
            context,
            Entity,
            records,
            new BronzeWriteOptions { CompleteFullFetch = true, RunMetadata = runMetadata, CompletionMetadata = source.CompletionMetadata },
            cancellationToken);
    }
}
