using System.Globalization;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.UmApi;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.UmApi;

/// <summary>
/// U2 (docs/sources.md): every employment record of the UMich API (<c>Department/v2/DeptEmpData</c>) into
/// <c>umich_api/user</c>. Keyed by <c>EmplId</c> and <c>EmplRcd</c> (external id <c>{EmplId}-{EmplRcd}</c>) so a person
/// with several appointments has one entity per appointment and unchanged appointments are not re-inserted (the seed
/// keyed on EmplId alone and re-inserted them on every run). A full fetch: appointments that disappeared get a
/// tombstone. A record without EmplId, with a non-integer EmplRcd, or with JSON null in a hashed field is a bad record.
/// </summary>
/// <param name="clients">Makes the UMich API client from the run's configuration.</param>
public sealed class IngestUmApiEmployees(UmApiClientFactory clients) : IStep
{
    /// <summary>The fields whose values make the content hash (the seed's list plus EmplRcd).</summary>
    public static readonly IReadOnlyList<string> HashFields =
    [
        "EmplId", "EmplRcd", "UniqName", "Name", "FirstName", "LastName", "DepartmentId", "Dept_Description",
        "UniversityJobTitle", "DepartmentJobTitle", "Jobcode", "SupervisorId", "Work_Phone", "Work_Address1",
        "Work_City", "Work_State", "Work_Postal",
    ];

    /// <summary>The bronze slice written.</summary>
    public static readonly BronzeEntity Entity = new(UmApiIngestion.SourceSystem, "user", HashFields);

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Bronze.UmApiEmployees.Name,
        Inputs = [Datasets.Sources.UmApi],
        Outputs = [Datasets.Bronze.UmApiEmployees],
        Layer = "bronze",
        Source = "umapi",
        Tags = ["layer:bronze", "source:umapi"],
        Resources = ["umapi"],
        Description = "U2: UMich API employment records (DeptEmpData) into bronze, one entity per EmplId + EmplRcd",
    };

    /// <summary>The external id of an employment record.</summary>
    /// <param name="emplId">EmplId.</param>
    /// <param name="emplRcd">EmplRcd.</param>
    /// <returns><c>{EmplId}-{EmplRcd}</c>.</returns>
    public static string ExternalId(string emplId, long emplRcd) => string.Create(CultureInfo.InvariantCulture, $"{emplId}-{emplRcd}");

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return UmApiIngestion.RunAsync(
            context,
            clients,
            Entity,
            "umich_department_employee_api",
            (client, ct) => UmApiIngestion.Map(client.GetEmployeesAsync(ct), ToBronze, ct),
            cancellationToken);
    }

    /// <summary>One DeptEmpData record as a bronze record (or why it cannot be one).</summary>
    /// <param name="record">The record as received.</param>
    /// <returns>The bronze item.</returns>
    public static BronzeRecordOrError ToBronze(JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var emplId = UmApiIngestion.Text(record, "EmplId");
        if (string.IsNullOrEmpty(emplId))
        {
            return BronzeRecordOrError.Bad(null, "employment record without an EmplId");
        }

        if (!long.TryParse(UmApiIngestion.Text(record, "EmplRcd") ?? "0", NumberStyles.Integer, CultureInfo.InvariantCulture, out var emplRcd))
        {
            return BronzeRecordOrError.Bad(emplId, $"EmplRcd '{record["EmplRcd"]}' is not a whole number");
        }

        var externalId = ExternalId(emplId, emplRcd);
        if (UmApiIngestion.BadField(record, HashFields) is { } field)
        {
            return BronzeRecordOrError.Bad(externalId, $"{field} is {record[field]?.GetValueKind().ToString() ?? "null"}, not text");
        }

        record["_change_detection"] = "content_hash_based";
        record["_department_name"] = UmApiIngestion.Text(record, "Dept_Description") is { Length: > 0 } name ? name : "Unknown Department";
        return new BronzeRecord(externalId, record);
    }
}
