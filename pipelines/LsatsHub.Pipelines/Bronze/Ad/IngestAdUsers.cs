using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Ad;

/// <summary>
/// A1: every AD person under OU=UMICH (computers are persons in AD, so they are included as the seed did), streamed page
/// by page. Always a full fetch: the seed's whenChanged window hid deletions and moved with dry runs; a full fetch lets
/// disappeared accounts get tombstones and costs only the paged read, since unchanged entries insert nothing.
/// </summary>
/// <param name="ldap">The LDAP connector.</param>
public sealed class IngestAdUsers(ILdapConnector ldap) : IStep
{
    /// <summary>The A1 search base (fixed, as in the seed).</summary>
    public const string SearchBase = "OU=UMICH,DC=adsroot,DC=itcs,DC=umich,DC=edu";

    /// <summary>The A1 filter.</summary>
    public const string Filter = "(&(objectClass=person)(cn=*))";

    /// <summary>The slice and its hash fields (bronze.md §4 A1; volatile logon counters and whenChanged/uSNChanged excluded).</summary>
    public static readonly BronzeEntity Entity = new(AdSteps.SourceSystem, "user",
    [
        "name", "cn", "sAMAccountName", "uid", "distinguishedName", "objectGUID", "objectSid", "userPrincipalName",
        "givenName", "sn", "middleName", "initials", "displayName", "description", "mail", "mailNickname", "telephoneNumber",
        "proxyAddresses", "title", "umichadOU", "umichadRole", "umichDirectoryID", "uidNumber", "userAccountControl",
        "accountExpires", "pwdLastSet", "memberOf", "primaryGroupID", "managedObjects", "objectCategory", "objectClass",
        "whenCreated", "uSNCreated", "legacyExchangeDN", "msExchRecipientTypeDetails", "targetAddress", "umichadNoBatchUpdates",
        "umichadHidePersonalInfo", "umichadUMDirToADSyncFlag", "extensionAttribute5", "extensionAttribute6", "extensionAttribute9",
        "dSCorePropagationData", "instanceType", "sAMAccountType",
    ]);

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = AdSteps.Descriptor(Datasets.Bronze.AdUsers, "A1: AD users (LDAP, paged, full fetch)");

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
        runMetadata["includes_group_membership"] = true;
        runMetadata["includes_umich_attributes"] = true;
        return BronzeIngestion.RunAsync(
            context,
            Entity,
            records,
            new BronzeWriteOptions { CompleteFullFetch = true, RunMetadata = runMetadata, CompletionMetadata = source.CompletionMetadata },
            cancellationToken);
    }
}
