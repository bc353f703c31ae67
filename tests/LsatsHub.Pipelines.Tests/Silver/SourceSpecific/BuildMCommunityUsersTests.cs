using System.Globalization;
using System.Text.Json.Nodes;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

[Collection(SilverCollection.Name)]
public sealed class BuildMCommunityUsersTests(SilverTestBed bed) : TierOneTableTests<BuildMCommunityUsers>(bed)
{
    protected override string Table => "silver.mcommunity_users";

    protected override string EntityType => "mcommunity_user";

    protected override string KeyColumn => "uniqname";

    protected override IReadOnlyList<string> Columns { get; } =
    [
        "cn", "ou", "umich_title", "umich_postal_address", "umich_postal_address_data", "uid_number", "gid_number", "home_directory",
        "login_shell", "object_class", "first_name", "last_name", "primary_email", "work_phone", "full_name",
    ];

    protected override IReadOnlySet<string> JsonColumns { get; } = new HashSet<string> { "cn", "ou", "object_class" };

    protected override bool IsBronzeStep(IStep step) => step.Descriptor.Name == Datasets.Bronze.MCommunityUsers.Name;

    protected override string BadRecordsSql =>
        """
        INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
        SELECT 'user', 'mcommunity_ldap', external_id,
               raw_data || jsonb_build_object('loginShell', '/bin/' || repeat('z', 60), 'homeDirectory', '/users/' || repeat('ü', 60)),
               now() + interval '1 minute'
        FROM bronze.latest_raw_entities WHERE source_system = 'mcommunity_ldap' AND entity_type = 'user' AND raw_data ? 'loginShell'
        ORDER BY external_id LIMIT 1;
        INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
        VALUES ('user', 'mcommunity_ldap', '999999999', '{"uidNumber": 999999999, "gidNumber": 100, "cn": "No Uid"}', now());
        """;

    protected override IReadOnlyList<string> BadColumns { get; } = ["login_shell", "home_directory"];

    protected override IReadOnlyList<string> BadOutcomes { get; } = ["invalid:home_directory=1", "invalid:login_shell=1", "missing:uniqname=1"];

    protected override Dictionary<string, string?[]> Expected(SimWorld world) =>
        Served(world).ToDictionary(person => person.Uniqname, person => Row(world, person));

    protected override Dictionary<string, string?[]> ExpectedAfter(SimWorld before, SimWorld after) => Expected(after);

    /// <summary>The simulator's next batch, and one person gone from the directory (their row is removed).</summary>
    protected override SimWorld Next(SimWorld world)
    {
        var next = WorldMutator.Apply(world);
        var people = next.People.ToList();
        var leaver = Served(next).First(p => p.InUmApi);
        people[leaver.Id] = leaver with { Presence = leaver.Presence with { InMcommunity = false } };
        return next with { People = people };
    }

    private static IEnumerable<Person> Served(SimWorld world) => world.People.Where(p => p.Presence.InMcommunity && !p.Dirt.MalformedMcommunity);

    /// <summary>The entry as MCommunity serves it (one value a string, several a sorted array), read back as silver types it.</summary>
    private static string?[] Row(SimWorld world, Person person)
    {
        var department = person.DeptId is { } d ? world.Departments.Single(x => x.DeptId == d) : null;
        var full = person.MiddleName is null ? person.FullName : $"{person.FirstName} {person.MiddleName} {person.LastName}";
        var affiliation = person.Affiliation switch
        {
            Affiliation.Faculty or Affiliation.Staff => "Faculty and Staff",
            Affiliation.Student => "Students",
            Affiliation.Alumni => "Alumni",
            _ => "Sponsored Affiliates",
        };
        var ou = department is null || person.Affiliation is Affiliation.Alumni ? [affiliation] : new[] { $"{department.Name} - {affiliation}", affiliation };
        var employed = person.InUmApi && department is not null;
        return
        [
            Array(full == person.FullName ? [full] : [full, person.FullName]), Array(ou),
            employed ? $"{person.Title}, {department!.Name}" : null,
            employed ? "500 S State St $ Ann Arbor, MI 48109" : null,
            employed ? "{addr1=500 S State St}:{city=Ann Arbor}:{state=MI}:{postal=48109}" : null,
            person.UidNumber.ToString(CultureInfo.InvariantCulture), "100", $"/users/{person.Uniqname}", "/bin/csh",
            Array(["top", "person", "organizationalPerson", "inetOrgPerson", "posixAccount", "umichPerson"]),
            person.FirstName, person.LastName, person.Dirt.McommunityMissingEmail ? null : person.Email,
            employed ? string.Create(CultureInfo.InvariantCulture, $"+1 734 {(person.UidNumber % 900) + 100:D3}-{person.UidNumber % 10_000:D4}") : null,
            full,
        ];
    }

    private static string Array(IEnumerable<string> values) => new JsonArray([.. values.Order(StringComparer.Ordinal).Select(v => (JsonNode?)JsonValue.Create(v))]).ToJsonString();
}
