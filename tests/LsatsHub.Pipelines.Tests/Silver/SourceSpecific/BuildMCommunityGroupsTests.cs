using System.Globalization;
using System.Text.Json.Nodes;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

[Collection(SilverCollection.Name)]
public sealed class BuildMCommunityGroupsTests(SilverTestBed bed) : TierOneTableTests<BuildMCommunityGroups>(bed)
{
    protected override string Table => "silver.mcommunity_groups";

    protected override string EntityType => "mcommunity_group";

    protected override string KeyColumn => "gid_number";

    protected override IReadOnlyList<string> Columns { get; } =
    [
        "group_email", "group_name", "distinguished_name", "description", "is_private", "is_members_only", "is_joinable", "expiry_timestamp",
        "owners", "members", "direct_members", "nested_members", "requests_to", "aliases", "contact_info",
    ];

    protected override IReadOnlySet<string> JsonColumns { get; } =
        new HashSet<string> { "owners", "members", "direct_members", "nested_members", "requests_to", "aliases", "contact_info" };

    protected override bool IsBronzeStep(IStep step) => step.Descriptor.Name == Datasets.Bronze.MCommunityGroups.Name;

    protected override string BadRecordsSql =>
        """
        INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
        SELECT 'group', 'mcommunity_ldap', external_id,
               raw_data || jsonb_build_object('umichExpiryTimestamp', 'someday', 'joinable', 'PERHAPS'),
               now() + interval '1 minute'
        FROM bronze.latest_raw_entities WHERE source_system = 'mcommunity_ldap' AND entity_type = 'group' ORDER BY external_id LIMIT 1;
        INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
        VALUES ('group', 'mcommunity_ldap', '999999999', '{"gidNumber": 999999999, "dn": "cn=no-mail,ou=User Groups,ou=Groups,dc=umich,dc=edu", "cn": "no-mail"}', now());
        """;

    protected override IReadOnlyList<string> BadColumns { get; } = ["expiry_timestamp", "is_joinable"];

    protected override IReadOnlyList<string> BadOutcomes { get; } = ["invalid:expiry_timestamp=1", "invalid:is_joinable=1", "missing:group_email=1"];

    protected override string[] VolatileColumns => [];

    protected override Dictionary<string, string?[]> Expected(SimWorld world) =>
        Served(world).ToDictionary(group => group.GidNumber.ToString(CultureInfo.InvariantCulture), group => Row(world, group));

    protected override Dictionary<string, string?[]> ExpectedAfter(SimWorld before, SimWorld after) => Expected(after);

    /// <summary>The simulator's next batch, one group gone (its row is removed) and one described anew with quotes and accents.</summary>
    protected override SimWorld Next(SimWorld world)
    {
        var next = WorldMutator.Apply(world);
        var groups = next.Groups.ToList();
        var served = Served(next).ToList();
        groups.Remove(served[0]);
        groups[groups.IndexOf(served[1])] = served[1] with { Description = "Ångström \"group\", l'équipe" };
        return next with { Groups = groups };
    }

    private static IEnumerable<Group> Served(SimWorld world) => world.Groups.Where(g => g.Kind != GroupKind.ActiveDirectory && g.MemberIds.Count > 0);

    /// <summary>The group as MCommunity serves it, read back as silver types it.</summary>
    private static string?[] Row(SimWorld world, Group group)
    {
        var members = group.MemberIds.Select(id => AdLayout.McommunityPersonDn(world.People[id].Uniqname)).ToList();
        var owners = group.OwnerIds.Select(id => AdLayout.McommunityPersonDn(world.People[id].Uniqname)).ToList();
        var names = string.Equals(group.Name, group.DisplayName, StringComparison.OrdinalIgnoreCase) ? [group.Name] : new[] { group.Name, group.DisplayName };
        return
        [
            group.Name + "@umich.edu", group.Name, AdLayout.McommunityGroupDn(group.Name),
            string.IsNullOrWhiteSpace(group.Description) ? null : group.Description.Trim(), "false",
            group.LabPi is null ? "false" : "true", "false",
            group.Created.AddYears(10).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00",
            Array(owners), Array(members), Array(members), "[]", Array(owners.Take(1)), Array(names), "{}",
        ];
    }

    private static string Array(IEnumerable<string> values) => new JsonArray([.. values.Order(StringComparer.Ordinal).Select(v => (JsonNode?)JsonValue.Create(v))]).ToJsonString();
}
