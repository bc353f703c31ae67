using LsatsHub.Connectors.UmApi;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.UmApi;

/// <summary>
/// U1 (docs/sources.md): every department of the UMich API (<c>Department/v2/DeptData</c>) into
/// <c>umich_api/department</c>, keyed by <c>DeptId</c>. A full fetch: departments the gateway no longer lists get a
/// tombstone. A record without a DeptId, or with JSON null in a hashed field (the seed crashed on those), is a bad record.
/// </summary>
/// <param name="clients">Makes the UMich API client from the run's configuration.</param>
public sealed class IngestUmApiDepartments(UmApiClientFactory clients) : IStep
{
    /// <summary>The fields whose values make the content hash (the seed's list).</summary>
    public static readonly IReadOnlyList<string> HashFields =
    [
        "DeptId", "DeptDescription", "DeptGroup", "DeptGroupDescription", "DeptGroupVPArea", "DeptGroupVPAreaDescr",
        "DeptGroupCampus", "DeptGroupCampusDescr",
    ];

    /// <summary>The bronze slice written.</summary>
    public static readonly BronzeEntity Entity = new(UmApiIngestion.SourceSystem, "department", HashFields);

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Bronze.UmApiDepartments.Name,
        Inputs = [Datasets.Sources.UmApi],
        Outputs = [Datasets.Bronze.UmApiDepartments],
        Layer = "bronze",
        Source = "umapi",
        Tags = ["layer:bronze", "source:umapi"],
        Resources = ["umapi"],
        Description = "U1: UMich API departments (DeptData) into bronze, with tombstones for departments that disappeared",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = context.Clock.GetUtcNow();
        return UmApiIngestion.RunAsync(
            context,
            clients,
            Entity,
            "umich_department_api",
            (client, ct) => UmApiIngestion.Map(client.GetDepartmentsAsync(ct), record => ToBronze(record, now), ct),
            cancellationToken);
    }

    /// <summary>One DeptData record as a bronze record (or why it cannot be one).</summary>
    /// <param name="record">The record as received.</param>
    /// <param name="now">The ingestion time stamped into <c>_ingestion_timestamp</c>.</param>
    /// <returns>The bronze item.</returns>
    public static BronzeRecordOrError ToBronze(System.Text.Json.Nodes.JsonObject record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var deptId = UmApiIngestion.Text(record, "DeptId");
        if (string.IsNullOrEmpty(deptId))
        {
            return BronzeRecordOrError.Bad(null, "department record without a DeptId");
        }

        if (UmApiIngestion.BadField(record, HashFields) is { } field)
        {
            return BronzeRecordOrError.Bad(deptId, $"{field} is {record[field]?.GetValueKind().ToString() ?? "null"}, not text");
        }

        record["_change_detection"] = "content_hash_based";
        record["_hierarchical_path"] = string.Join(
            " -> ",
            Part(record, "DeptGroupCampusDescr", "Unknown Campus"),
            Part(record, "DeptGroupVPAreaDescr", "Unknown VP Area"),
            Part(record, "DeptGroupDescription", "Unknown Group"),
            Part(record, "DeptDescription", "Unknown Department"));
        record["_ingestion_timestamp"] = now.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        return new BronzeRecord(deptId, record);
    }

    private static string Part(System.Text.Json.Nodes.JsonObject record, string key, string unknown) =>
        UmApiIngestion.Text(record, key) is { Length: > 0 } text ? text : unknown;
}
