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

    /// <summary>The slice and its hash fields (docs/sources.md, A2).</summary>
    public static readonly BronzeEntity Entity = new(AdSteps.SourceSystem, "group",
    [
        "name", "cn", "sAMAccountName", "distinguishedName", "objectGUID", "objectSid", "member", "memberOf", "description",
        "groupType", "sAMAccountType", "objectCategory", "objectClass", "instanceType", "sIDHistory", "proxiedObjectName",
    ]);

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = AdSteps.Descriptor(Datasets.Bronze.AdGroups, "A2: AD groups (LDAP, paged, full fetch)");

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        AdSteps.IngestSearchAsync(context, ldap, Entity, SearchBase, Filter, new Dictionary<string, bool> { ["includes_nested_groups"] = true }, cancellationToken);
}
