using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Ad;

/// <summary>A2: AD groups under LSA's "Users and Groups" OU; full fetch every run.</summary>
/// <param name="ldap">The LDAP connector.</param>
public sealed class IngestAdGroups(ILdapConnector ldap) : IStep
{
    /// <summary>The A2 search base.</summary>
    public const string SearchBase = "OU=Users and Groups,OU=LSA,OU=Organizations,OU=UMICH,DC=adsroot,DC=itcs,DC=umich,DC=edu";

    /// <summary>The A2 filter.</summary>
    public const string Filter = "(objectClass=group)";

    /// <summary>The slice and its hash fields (bronze.md §4 A2).</summary>
    public static readonly BronzeEntity Entity = new(AdSteps.SourceSystem, "group",
    [
        "name", "cn", "sAMAccountName", "distinguishedName", "objectGUID", "objectSid", "member", "memberOf", "description",
        "groupType", "sAMAccountType", "objectCategory", "objectClass", "instanceType", "sIDHistory", "proxiedObjectName",
    ]);

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = AdSteps.Descriptor(Datasets.Bronze.AdGroups, "A2: AD groups (LDAP, paged, full fetch)");

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = LdapConfiguration.ForActiveDirectory(context.Configuration);
        var source = new LdapBronzeSource(ldap, settings, LdapConversion.ActiveDirectory);
        var metadata = AdSteps.Metadata(settings, SearchBase);
        var search = new LdapSearch(SearchBase, Filter, ["*"]);
        var records = source.StreamAsync(
            (session, ct) => session.SearchAsync(search, ct).Select(entry => LdapBronzeSource.ToRecord(entry, AdSteps.KeyAttribute, metadata)),
            cancellationToken);
        var runMetadata = source.RunMetadata(AdSteps.SourceApi, SearchBase, Filter);
        runMetadata["includes_nested_groups"] = true;
        return BronzeIngestion.RunAsync(
            context,
            Entity,
            records,
            new BronzeWriteOptions { CompleteFullFetch = true, RunMetadata = runMetadata, CompletionMetadata = source.CompletionMetadata },
            cancellationToken);
    }
}
