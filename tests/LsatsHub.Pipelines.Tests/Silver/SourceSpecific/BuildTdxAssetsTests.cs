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
public sealed class BuildTdxAssetsTests(SilverTestBed bed) : TierOneTableTests<BuildTdxAssets>(bed)
{
    protected override string Table => "silver.tdx_assets";

    protected override string EntityType => "tdx_asset";

    protected override string KeyColumn => "tdx_asset_id";

    protected override IReadOnlyList<string> Columns { get; } =
    [
        "tag", "name", "uri", "external_id", "serial_number", "app_id", "form_id", "form_name", "status_id", "status_name", "parent_id",
        "configuration_item_id", "location_id", "location_name", "location_room_id", "location_room_name", "owning_customer_id",
        "owning_customer_name", "owning_department_id", "owning_department_name", "requesting_customer_id", "requesting_department_id",
        "purchase_cost", "acquisition_date", "expected_replacement_date", "manufacturer_id", "manufacturer_name", "product_model_id",
        "product_model_name", "supplier_id", "created_uid", "created_date", "modified_date",
        "attr_mac_address", "attr_ip_address", "attr_operating_system_id", "attr_operating_system_name", "attr_last_inventoried_date",
        "attr_function_id", "attr_function_name", "attr_financial_owner_uid", "attr_financial_owner_name", "attr_support_groups_ids",
        "attr_support_groups_text", "attr_memory", "attr_storage", "attr_processor_count", "attributes", "attachments",
    ];

    protected override IReadOnlySet<string> JsonColumns { get; } = new HashSet<string> { "attr_support_groups_ids", "attributes", "attachments" };

    protected override bool IsBronzeStep(IStep step) =>
        step.Descriptor.Name == Datasets.Bronze.TdxAssets.Name || step.Descriptor.Name == Datasets.Bronze.TdxAssetsEnriched.Name;

    protected override string BadRecordsSql =>
        """
        INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
        SELECT 'asset', 'tdx', external_id,
               raw_data || jsonb_build_object('AcquisitionDate', '2023-02-29T00:00:00Z', 'LocationID', 'east', 'SerialNumber', repeat('X', 101)),
               now() + interval '1 minute'
        FROM bronze.latest_raw_entities WHERE source_system = 'tdx' AND entity_type = 'asset' ORDER BY external_id LIMIT 1;
        INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
        VALUES ('asset', 'tdx', '1', '{"ID": 1, "AppID": 48, "FormID": 2448, "StatusID": 38, "ConfigurationItemID": 1, "Tag": "NONAME"}', now());
        """;

    protected override IReadOnlyList<string> BadColumns { get; } = ["acquisition_date", "location_id", "serial_number"];

    protected override IReadOnlyList<string> BadOutcomes { get; } =
        ["invalid:acquisition_date=1", "invalid:location_id=1", "invalid:serial_number=1", "missing:name=1"];

    protected override Dictionary<string, string?[]> Expected(SimWorld world)
    {
        var projection = new TdxProjection(new WorldIndex(world));
        return projection.Assets.ToDictionary(c => Key(c), c => Row(projection.Asset(c, full: true)));
    }

    protected override Dictionary<string, string?[]> ExpectedAfter(SimWorld before, SimWorld after)
    {
        var old = new TdxProjection(new WorldIndex(before));
        var now = new TdxProjection(new WorldIndex(after));
        var was = old.Assets.ToDictionary(c => c.TdxAssetId);
        return now.Assets.ToDictionary(
            c => Key(c),
            c => Row(was.TryGetValue(c.TdxAssetId, out var w)
                ? Stored(TdxEntities.Assets, old.Asset(w, false), now.Asset(c, false), old.Asset(w, true), now.Asset(c, true))
                : now.Asset(c, true)));
    }

    /// <summary>The simulator's next batch (moved computers) and one asset gone from TDX (its row is removed).</summary>
    protected override SimWorld Next(SimWorld world)
    {
        var next = WorldMutator.Apply(world);
        var computers = next.Computers.ToList();
        var gone = computers.FindLastIndex(c => c.InTdx);
        computers[gone] = computers[gone] with { InTdx = false };
        return next with { Computers = computers };
    }

    private static string Key(Computer computer) => computer.TdxAssetId.ToString(CultureInfo.InvariantCulture);

    private static string?[] Row(JsonObject a)
    {
        var attributes = a["Attributes"] as JsonArray ?? [];
        JsonObject? Attribute(string name) => attributes.OfType<JsonObject>().FirstOrDefault(x => Text(x, "Name") == name);
        string? Value(string name, string field = "Value") =>
            Attribute(name) is { } attribute && Text(attribute, field) is { } value && !value.Equals("None", StringComparison.OrdinalIgnoreCase) ? value : null;
        var serial = Text(a, "SerialNumber");
        var groups = Value("Support Group(s)");
        return
        [
            Text(a, "Tag"), Text(a, "Name"), Text(a, "Uri"), Text(a, "ExternalID"), serial is null || serial.Equals("None", StringComparison.OrdinalIgnoreCase) ? null : serial,
            Number(a, "AppID"), Number(a, "FormID"), Text(a, "FormName"), Number(a, "StatusID"), Text(a, "StatusName"), Number(a, "ParentID", zeroIsNull: true),
            Number(a, "ConfigurationItemID"), Number(a, "LocationID", zeroIsNull: true), Text(a, "LocationName"), Number(a, "LocationRoomID", zeroIsNull: true),
            Text(a, "LocationRoomName"), Uuid(a, "OwningCustomerID"), Text(a, "OwningCustomerName"), Number(a, "OwningDepartmentID", zeroIsNull: true),
            Text(a, "OwningDepartmentName"), Uuid(a, "RequestingCustomerID"), Number(a, "RequestingDepartmentID", zeroIsNull: true),
            Money(a, "PurchaseCost", zeroIsNull: true), Time(Text(a, "AcquisitionDate")), Time(Text(a, "ExpectedReplacementDate")),
            Number(a, "ManufacturerID", zeroIsNull: true), Text(a, "ManufacturerName"), Number(a, "ProductModelID", zeroIsNull: true),
            Text(a, "ProductModelName"), Number(a, "SupplierID", zeroIsNull: true), Uuid(a, "CreatedUid"), Time(Text(a, "CreatedDate")), Time(Text(a, "ModifiedDate")),
            Value("MAC Address(es)"), Value("Reserved IP Address(es)"), Value("Operating System"), Value("Operating System", "ValueText"),
            Time(Value("Last Inventoried Date")), Value("Function"), Value("Function", "ValueText"),
            Value("Financial Owner/Responsible")?.ToLowerInvariant(), Value("Financial Owner/Responsible", "ValueText"),
            groups is null ? null : new JsonArray([.. groups.Split(',').Select(id => (JsonNode?)JsonValue.Create(int.Parse(id, CultureInfo.InvariantCulture)))]).ToJsonString(),
            Value("Support Group(s)", "ValueText"), Value("Memory"), Value("Storage"), Value("Processor(s)"),
            Json(a, "Attributes", "[]"), Json(a, "Attachments", "[]"),
        ];
    }
}
