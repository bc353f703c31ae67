using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Documents;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Pipelines.Bronze.Documents;

/// <summary>
/// D1 (docs/sources.md): the newest <c>lab_awards*.csv</c> in LSATS_DATA_FOLDER into <c>lab_awards/lab_award</c>, keyed
/// <c>{Award Id}-{person uniqname, lower case}-{Person Appt Department Id}</c>. Values are kept as text as written.
/// </summary>
/// <remarks>
/// <para>Rows with the same key inside one file (one person named twice on an award in one department) are
/// de-duplicated: the row whose canonical JSON sorts first is kept, whatever the row order, so an unchanged export never
/// makes a new version (the seed re-inserted them on every run). The dropped rows are logged and counted in the run's
/// <c>duplicate_rows_in_file</c>.</para>
/// <para>Malformed rows (broken quoting, wrong field count, or a key part missing) are bad records. The file is a
/// complete snapshot: awards missing from it get tombstones. No file: see <see cref="DocumentIngestion"/>.</para>
/// </remarks>
public sealed class IngestLabAwards : IStep
{
    /// <summary>The column whose name holds a line break in the real export.</summary>
    public const string SponsorReferenceColumn = "Direct Sponsor Award Reference Number\n(Current Budget Period)";

    /// <summary>The fields whose values make the content hash (the seed's list).</summary>
    public static readonly IReadOnlyList<string> HashFields =
    [
        "Award Id", "Project/Grant", "Award Title", "Person Role", "Person Last Name", "Person First Name", "Person Uniqname",
        "Person Appt Department Id", "Person Appt Department", "Person Appt School/College", "Award Admin Department",
        "Award Admin School/College", "Award Project Start Date", "Award Project End Date", "Pre NCE Project End Date",
        "Award Direct Dollars", "Award Indirect Dollars", "Award Total Dollars", "Facilities & Admin Rate (%)", "Direct Sponsor Name",
        SponsorReferenceColumn, "Direct Sponsor Category", "Direct Sponsor Subcategory", "Prime Sponsor Name",
        "Prime Sponsor Award Reference Number", "Prime Sponsor Category", "Prime Sponsor Subcategory", "Award Publish Date", "Award Class",
    ];

    /// <summary>The bronze slice written.</summary>
    public static readonly BronzeEntity Entity = new("lab_awards", "lab_award", HashFields);

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Bronze.LabAwards.Name,
        Inputs = [Datasets.Sources.Documents],
        Outputs = [Datasets.Bronze.LabAwards],
        Layer = "bronze",
        Source = "documents",
        Tags = ["layer:bronze", "source:documents"],
        Description = "D1: the newest lab_awards*.csv into bronze (a complete snapshot: missing awards get tombstones)",
    };

    /// <summary>The external id of a row.</summary>
    /// <param name="awardId">Award Id.</param>
    /// <param name="uniqname">Person Uniqname (lower-cased: uniqnames are case-insensitive).</param>
    /// <param name="departmentId">Person Appt Department Id.</param>
    /// <returns>The composite id.</returns>
    public static string ExternalId(string awardId, string uniqname, string departmentId) =>
        $"{awardId}-{uniqname.ToLowerInvariant()}-{departmentId}";

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var duplicates = 0;
        return DocumentIngestion.RunAsync(
            context,
            DocumentPattern.LabAwards,
            Entity,
            (file, ct) => ReadAsync(file, context, count => duplicates = count, ct),
            new JsonObject
            {
                ["source_api"] = "lab_awards_csv",
                ["includes_personnel_data"] = true,
                ["includes_financial_data"] = true,
                ["includes_sponsor_data"] = true,
            },
            () => new JsonObject { ["duplicate_rows_in_file"] = duplicates },
            cancellationToken);
    }

    private static async IAsyncEnumerable<BronzeRecordOrError> ReadAsync(
        DocumentFile file,
        StepContext context,
        Action<int> reportDuplicates,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The export is small (about a thousand rows): de-duplication holds one file's records.
        var kept = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var duplicates = 0;
        var timestamp = context.Clock.GetUtcNow().ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        await foreach (var row in LabAwardsCsvReader.ReadAsync(file.Path, cancellationToken))
        {
            var key = Key(row, out var missing);
            if (row.Problem is not null || key is null)
            {
                yield return BronzeRecordOrError.Bad(key, $"row {row.Number}: {row.Problem ?? "no " + missing}");
                continue;
            }

            var record = new JsonObject();
            foreach (var (column, value) in row.Values)
            {
                record[column] = DocumentIngestion.ToJson(value);
            }

            record["_change_detection"] = "content_hash_based";
            record["_composite_id"] = key;
            record["_source_file"] = file.Path;
            record["_ingestion_timestamp"] = timestamp;
            if (kept.TryGetValue(key, out var current))
            {
                duplicates++;
                context.Logger.LogWarning("lab award {Key}: row {Row} repeats the key; one row per key is kept", key, row.Number);
                if (!DocumentIngestion.SortsBefore(record, current))
                {
                    continue;
                }
            }

            kept[key] = record;
        }

        reportDuplicates(duplicates);
        foreach (var (key, record) in kept)
        {
            yield return new BronzeRecord(key, record);
        }
    }

    private static string? Key(DocumentRow row, out string? missing)
    {
        string? Part(string column) => row.Values.GetValueOrDefault(column) as string;
        var award = Part("Award Id");
        var uniqname = Part("Person Uniqname");
        var department = Part("Person Appt Department Id");
        missing = award is null ? "Award Id" : uniqname is null ? "Person Uniqname" : department is null ? "Person Appt Department Id" : null;
        return missing is null ? ExternalId(award!, uniqname!, department!) : null;
    }
}
