using LsatsHub.Connectors.Ldap;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Ad;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Bronze.MCommunity;

namespace LsatsHub.Pipelines.Tests.Bronze.Ad;

/// <summary>One LDAP step with what the tests need to predict its outcome from the LDIF it reads.</summary>
public sealed record LdapStepCase(
    string Name,
    Func<IStep> Create,
    BronzeEntity Entity,
    Func<LdapWorld, IReadOnlyList<Ldif>> Slice,
    Func<Ldif, string?> Key)
{
    private static readonly LdapConnector Connector = new();

    public static LdapStepCase For(string name) => name switch
    {
        "ad.users" => new(name, () => new IngestAdUsers(Connector), IngestAdUsers.Entity,
            world => Ad(world).Where(e => e.Under(IngestAdUsers.SearchBase) && e.Is("person") && e.First("cn") is not null).ToList(), e => e.First("objectGUID")),
        "ad.groups" => new(name, () => new IngestAdGroups(Connector), IngestAdGroups.Entity,
            world => Ad(world).Where(e => e.Under(IngestAdGroups.SearchBase) && e.Is("group")).ToList(), e => e.First("objectGUID")),
        "ad.ous" => new(name, () => new IngestAdOrganizationalUnits(Connector), IngestAdOrganizationalUnits.Entity,
            world => Ad(world).Where(e => (e.Under(IngestAdOrganizationalUnits.ResearchBase) || e.Under(IngestAdOrganizationalUnits.WorkstationsBase)) && e.Is("organizationalUnit")).ToList(),
            e => e.First("objectGUID")),
        "ad.computers" => new(name, () => new IngestAdComputers(Connector), IngestAdComputers.Entity,
            world => Ad(world).Where(e => e.Under(IngestAdComputers.SearchBase) && e.Is("computer")).ToList(), e => e.First("objectGUID")),
        "mcommunity.groups" => new(name, () => new IngestMCommunityGroups(Connector), IngestMCommunityGroups.Entity,
            world => Mcommunity(world).Where(e => e.Under("ou=User Groups,ou=Groups,dc=umich,dc=edu") && e.First("member") is not null && e.First("gidNumber") is not null).ToList(),
            e => e.First("gidNumber")),
        "mcommunity.users" => new(name, () => new IngestMCommunityUsers(Connector), IngestMCommunityUsers.Entity,
            world => Mcommunity(world).Where(e => e.Under("ou=People,dc=umich,dc=edu") && e.First("uid") is not null).ToList(), e => e.First("uidNumber")),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static string Expected(long created, long changed, long unchanged, long deleted, long bad, long duplicates = 0) =>
        new BronzeWriteResult { Staged = created + changed + unchanged, Created = created, Updated = changed, Deleted = deleted, BadRecords = bad, Duplicates = duplicates }.ToSummary();

    /// <summary>What a full fetch of <paramref name="after"/> reports when the store holds <paramref name="before"/> (empty on a first run).</summary>
    public string Predict(IReadOnlyList<Ldif> before, IReadOnlyList<Ldif> after)
    {
        var (created, changed, unchanged, deleted) = Ldif.Diff(before, after, Key, Entity.HashFields!);
        return Expected(created, changed, unchanged, deleted, after.Count(e => Key(e) is null), Ldif.Duplicates(after, Key));
    }

    public override string ToString() => Name;

    private static IReadOnlyList<Ldif> Ad(LdapWorld world) => Ldif.Read(world.AdLdif);

    private static IReadOnlyList<Ldif> Mcommunity(LdapWorld world) => Ldif.Read(world.McommunityLdif);
}
