using System.Globalization;
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
public sealed class BuildTdxDepartmentsTests(SilverTestBed bed) : TierOneTableTests<BuildTdxDepartments>(bed)
{
    protected override string Table => "silver.tdx_departments";

    protected override string EntityType => "tdx_department";

    protected override string KeyColumn => "tdx_id";

    protected override IReadOnlyList<string> Columns { get; } =
    [
        "dept_id", "department_name", "dept_notes", "is_active", "parent_id", "manager_uid", "tdx_created_date", "tdx_modified_date",
        "location_info", "attributes", "data_quality_score", "quality_flags", "is_enriched",
    ];

    protected override IReadOnlySet<string> JsonColumns { get; } = new HashSet<string> { "location_info", "attributes", "quality_flags" };

    protected override string[] VolatileColumns => ["silver_id"];

    // Account names are plain in the first generation; the next one renames an account with quotes and accents.
    protected override bool FirstGenerationHasHardNames => false;

    protected override bool IsBronzeStep(IStep step) =>
        step.Descriptor.Name == Datasets.Bronze.TdxDepartments.Name || step.Descriptor.Name == Datasets.Bronze.TdxDepartmentsEnriched.Name;

    protected override string BadRecordsSql =>
        """
        INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
        SELECT 'department', 'tdx', external_id,
               raw_data || jsonb_build_object('ModifiedDate', '2024-13-01T00:00:00Z', 'ParentID', 'root'),
               now() + interval '1 minute'
        FROM bronze.latest_raw_entities WHERE source_system = 'tdx' AND entity_type = 'department' AND raw_data ->> 'ParentID' IS NOT NULL
        ORDER BY external_id LIMIT 1;
        INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
        VALUES ('department', 'tdx', 'NOID', '{"Name": "No id", "Code": "000000"}', now());
        """;

    protected override IReadOnlyList<string> BadColumns { get; } = ["parent_id", "tdx_modified_date"];

    protected override IReadOnlyList<string> BadOutcomes { get; } = ["invalid:parent_id=1", "invalid:tdx_modified_date=1", "missing:tdx_id=1"];

    protected override Dictionary<string, string?[]> Expected(SimWorld world)
    {
        var projection = new TdxProjection(new WorldIndex(world));
        return projection.AccountDepartments.ToDictionary(d => Key(d), d => Row(projection.Account(d, full: true), retired: false));
    }

    protected override Dictionary<string, string?[]> ExpectedAfter(SimWorld before, SimWorld after)
    {
        var old = new TdxProjection(new WorldIndex(before));
        var now = new TdxProjection(new WorldIndex(after));
        var was = old.AccountDepartments.ToDictionary(d => d.TdxAccountId);
        var rows = now.AccountDepartments.ToDictionary(
            d => Key(d),
            d => Row(was.TryGetValue(d.TdxAccountId, out var w)
                ? Stored(TdxEntities.Departments, old.Account(w, false), now.Account(d, false), old.Account(w, true), now.Account(d, true))
                : now.Account(d, true), retired: false));
        foreach (var (id, department) in was.Where(pair => !rows.ContainsKey(Key(pair.Value))))
        {
            rows[Key(department)] = Row(old.Account(department, true), retired: true);
        }

        return rows;
    }

    /// <summary>The simulator's next batch, one account closed (inactive) and one renamed with quotes and accents.</summary>
    protected override SimWorld Next(SimWorld world)
    {
        var next = WorldMutator.Apply(world);
        var departments = next.Departments.ToList();
        var inTdx = departments.Where(d => d.InTdx).ToList();
        departments[departments.IndexOf(inTdx[^1])] = inTdx[^1] with { InTdx = false };
        departments[departments.IndexOf(inTdx[^2])] = inTdx[^2] with { Name = "Études \"Ångström\" & O'Neill Studies" };
        return next with { Departments = departments };
    }

    private static string Key(Department department) => department.TdxAccountId.ToString(CultureInfo.InvariantCulture);

    private static string?[] Row(JsonObject a, bool retired)
    {
        var code = Text(a, "Code");
        var location = new JsonObject();
        foreach (var (column, key) in new[] { ("address1", "Address1"), ("address2", "Address2"), ("city", "City"), ("state_abbr", "StateAbbr"), ("postal_code", "PostalCode"), ("country", "Country") })
        {
            if (Text(a, key) is { } value)
            {
                location[column] = value;
            }
        }

        var flags = new JsonArray();
        if (code is null)
        {
            flags.Add("fallback_dept_code");
        }

        return
        [
            code ?? "TDX_" + Number(a, "ID"), Text(a, "Name"), Text(a, "Notes"), retired ? "false" : Bool(a, "IsActive"), Number(a, "ParentID"),
            Uuid(a, "ManagerUID"), Time(Text(a, "CreatedDate")), Time(Text(a, "ModifiedDate")), location.ToJsonString(), Json(a, "Attributes", "[]"),
            code is null ? "0.80" : "1.00", flags.ToJsonString(), "true",
        ];
    }
}
