using System.Text.Json.Nodes;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Tdx;
using LsatsHub.Pipelines.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;
using static LsatsHub.Pipelines.Tests.Silver.SourceSpecific.TdxTruth;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

[Collection(SilverCollection.Name)]
public sealed class BuildTdxUsersTests(SilverTestBed bed) : TierOneTableTests<BuildTdxUsers>(bed)
{
    protected override string Table => "silver.tdx_users";

    protected override string EntityType => "tdx_user";

    protected override string KeyColumn => "tdx_user_uid";

    protected override IReadOnlyList<string> Columns { get; } =
    [
        "uniqname", "external_id", "username", "first_name", "middle_name", "last_name", "full_name", "primary_email", "alert_email",
        "work_phone", "work_address", "work_zip", "title", "company", "default_account_id", "default_account_name", "location_id", "location_name",
        "reports_to_uid", "is_active", "is_employee", "is_confidential", "security_role_id", "security_role_name", "beid", "beid_int",
        "default_rate", "end_date", "report_time_after_date", "attributes", "applications", "org_applications", "group_ids", "permissions",
    ];

    protected override IReadOnlySet<string> JsonColumns { get; } = new HashSet<string> { "attributes", "applications", "org_applications", "group_ids", "permissions" };

    protected override bool IsBronzeStep(IStep step) => step.Descriptor.Source == TdxEntities.SourceSystem;

    protected override string BadRecordsSql =>
        """
        INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
        SELECT 'user', 'tdx', external_id,
               raw_data || jsonb_build_object('EndDate', '2024-02-30T00:00:00Z', 'Title', repeat('Dean ', 60), 'DefaultAccountID', 'twelve'),
               now() + interval '1 minute'
        FROM bronze.latest_raw_entities WHERE source_system = 'tdx' AND entity_type = 'user' ORDER BY external_id LIMIT 1;
        INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
        VALUES ('user', 'tdx', 'NOUID', '{"ExternalID": "NOUID", "UID": null, "AlternateID": "nouid"}', now());
        """;

    protected override IReadOnlyList<string> BadColumns { get; } = ["end_date", "title", "default_account_id"];

    protected override IReadOnlyList<string> BadOutcomes { get; } = ["invalid:default_account_id=1", "invalid:end_date=1", "invalid:title=1", "missing:tdx_user_uid=1"];

    protected override Dictionary<string, string?[]> Expected(SimWorld world)
    {
        var projection = new TdxProjection(new WorldIndex(world));
        return Served(world).ToDictionary(person => person.TdxUid.ToString(), person => Row(projection.User(person, full: true), retired: false));
    }

    protected override Dictionary<string, string?[]> ExpectedAfter(SimWorld before, SimWorld after)
    {
        var old = new TdxProjection(new WorldIndex(before));
        var now = new TdxProjection(new WorldIndex(after));
        var rows = new Dictionary<string, string?[]>();
        var beforeIds = Served(before).ToDictionary(person => person.TdxUid);
        foreach (var person in Served(after))
        {
            var record = beforeIds.TryGetValue(person.TdxUid, out var was)
                ? Stored(TdxEntities.Users, old.User(was, false), now.User(person, false), old.User(was, true), now.User(person, true))
                : now.User(person, true);
            rows[person.TdxUid.ToString()] = Row(record, retired: false);
        }

        // Gone from the active-people search: the last row stays, inactive.
        foreach (var (uid, person) in beforeIds.Where(pair => !rows.ContainsKey(pair.Key.ToString())))
        {
            rows[uid.ToString()] = Row(old.User(person, true), retired: true);
        }

        return rows;
    }

    protected override SimWorld Next(SimWorld world) => WorldMutator.Apply(world);

    /// <summary>The people the active-people search of T1's accounts returns.</summary>
    private static IEnumerable<Person> Served(SimWorld world)
    {
        var accounts = world.Departments.Where(d => d.InTdx).Select(d => d.DeptId).ToHashSet(StringComparer.Ordinal);
        return world.People.Where(p => p.Presence.InTdx && p.Presence.TdxActive && p.DeptId is { } d && accounts.Contains(d));
    }

    private static string?[] Row(JsonObject u, bool retired) =>
    [
        Text(u, "AlternateID")?.ToLowerInvariant(), Text(u, "ExternalID"), Text(u, "UserName"), Text(u, "FirstName"), Text(u, "MiddleName"),
        Text(u, "LastName"), Text(u, "FullName"), Text(u, "PrimaryEmail"), Text(u, "AlertEmail"), Text(u, "WorkPhone"), Text(u, "WorkAddress"),
        Text(u, "WorkZip"), Text(u, "Title"), Text(u, "Company"), Number(u, "DefaultAccountID"), Text(u, "DefaultAccountName"),
        Number(u, "LocationID"), Text(u, "LocationName"), Uuid(u, "ReportsToUID"), retired ? "false" : Bool(u, "IsActive"), Bool(u, "IsEmployee"),
        Bool(u, "IsConfidential"), Uuid(u, "SecurityRoleID"), Text(u, "SecurityRoleName"), Text(u, "BEID"), Number(u, "BEIDInt"),
        Money(u, "DefaultRate"), Time(Text(u, "EndDate")), Time(Text(u, "ReportTimeAfterDate")),
        Json(u, "Attributes", "[]"), Json(u, "Applications", "[]"), Json(u, "OrgApplications", "[]"), Json(u, "GroupIDs", "[]"), Json(u, "Permissions", "{}"),
    ];
}
