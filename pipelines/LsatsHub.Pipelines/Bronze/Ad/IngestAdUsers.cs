using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Ad;

/// <summary>
/// A1: every AD person under OU=UMICH (computers are persons in AD, so they are included as the seed did), streamed page
/// by page. A full fetch (which tombstones disappeared accounts) at least every AD_FULL_SYNC_DAYS days (7); in between
/// only what changed since the last run's uSNChanged high-water mark (<see cref="AdUsnSync"/>), instead of the seed's
/// whenChanged window, which was read from the run's completion time, hid deletions and moved with dry runs.
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
    public StepDescriptor Descriptor { get; } = AdSteps.Descriptor(Datasets.Bronze.AdUsers, "A1: AD users (LDAP, paged; uSNChanged since the last run, full fetch weekly)");

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        AdSteps.IngestSearchAsync(context, ldap, Entity, SearchBase, Filter, new Dictionary<string, bool> { ["includes_group_membership"] = true, ["includes_umich_attributes"] = true }, cancellationToken, usnIncremental: true);
}
