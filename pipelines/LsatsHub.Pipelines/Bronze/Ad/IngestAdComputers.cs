using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Ad;

/// <summary>
/// A4: AD computers under OU=LSA; full fetch every run. <c>*</c> returns whatever the bind account may read (LAPS
/// expiry included), and all of it is stored, as in the seed; the hash leaves out the logon counters that change daily.
/// </summary>
/// <param name="ldap">The LDAP connector.</param>
public sealed class IngestAdComputers(ILdapConnector ldap) : IStep
{
    /// <summary>The A4 search base.</summary>
    public const string SearchBase = "OU=LSA,OU=Organizations,OU=UMICH,DC=adsroot,DC=itcs,DC=umich,DC=edu";

    /// <summary>The A4 filter.</summary>
    public const string Filter = "(objectClass=computer)";

    /// <summary>The slice and its hash fields (docs/sources.md, A4).</summary>
    public static readonly BronzeEntity Entity = new(AdSteps.SourceSystem, "computer",
    [
        "name", "cn", "sAMAccountName", "distinguishedName", "objectGUID", "objectSid", "dNSHostName", "memberOf", "operatingSystem",
        "operatingSystemVersion", "userAccountControl", "sAMAccountType", "pwdLastSet", "whenCreated", "accountExpires",
        "servicePrincipalName", "objectCategory", "objectClass", "instanceType", "primaryGroupID", "userCertificate",
        "msDS-KeyCredentialLink", "isCriticalSystemObject", "localPolicyFlags", "msDS-SupportedEncryptionTypes", "countryCode",
        "codePage", "ms-Mcs-AdmPwdExpirationTime",
    ]);

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = AdSteps.Descriptor(Datasets.Bronze.AdComputers, "A4: AD computers (LDAP, paged, full fetch)");

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        AdSteps.IngestSearchAsync(context, ldap, Entity, SearchBase, Filter, new Dictionary<string, bool>(), cancellationToken);
}
