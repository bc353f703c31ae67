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

    /// <summary>The slice and its hash fields (docs/sources.md, A1; volatile logon counters and whenChanged/uSNChanged excluded).</summary>
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
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        AdSteps.IngestSearchAsync(context, ldap, Entity, SearchBase, Filter, new Dictionary<string, bool> { ["includes_group_membership"] = true, ["includes_umich_attributes"] = true }, cancellationToken);
}
