using System.Globalization;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Documents;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Bronze.UmApi;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Pipelines.Bronze.Documents;

/// <summary>
/// What D1 and D2 share. The newest file of the kind is a complete snapshot, so entities missing from it get tombstones.
/// </summary>
/// <remarks>
/// A missing file (or data folder) is not an error: the step succeeds with a warning and a summary naming the folder
/// and pattern, writes no run row and no versions, and tombstones nothing — what bronze already holds stays current
/// until a file arrives. (Documents are dropped by people, monthly; a run before the first drop is normal. The seed also
/// exited 0 without a run row.)
/// </remarks>
internal static class DocumentIngestion
{
    public static async Task<StepResult> RunAsync(
        StepContext context,
        DocumentPattern pattern,
        BronzeEntity entity,
        Func<DocumentFile, CancellationToken, IAsyncEnumerable<BronzeRecordOrError>> read,
        JsonObject runMetadata,
        Func<JsonObject> completionMetadata,
        CancellationToken cancellationToken)
    {
        var folder = DocumentsOptions.FromConfiguration(context.Configuration).DataFolder;
        var lookup = DocumentLocator.FindNewest(folder, pattern);
        if (lookup.File is not { } file)
        {
            context.Logger.LogWarning("{Entity}: {Reason}; nothing ingested, bronze unchanged", entity, lookup.MissingReason);
            return new StepResult($"{lookup.MissingReason}: nothing ingested, bronze unchanged");
        }

        context.Logger.LogInformation(
            "{Entity}: reading {File} (dated {Date:yyyy-MM-dd} by its {Source})",
            entity,
            file.Path,
            file.Date,
            file.DateSource == DocumentDateSource.FileName ? "name" : "modification time");
        runMetadata["source_file"] = file.Path;
        runMetadata["file_pattern"] = pattern.ToString();
        runMetadata["data_folder"] = folder;
        runMetadata["file_date"] = file.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        runMetadata["file_date_source"] = file.DateSource == DocumentDateSource.FileName ? "file_name" : "modification_time";
        runMetadata["ingestion_type"] = "content_hash_based";
        runMetadata["change_detection_method"] = "sha256_content_hash";
        var options = new BronzeWriteOptions
        {
            CompleteFullFetch = true,
            MaxBadRecordShare = UmApiIngestion.MaxBadRecordShare(context),
            RunMetadata = runMetadata,
            CompletionMetadata = completionMetadata,
        };
        var result = await BronzeIngestion.RunAsync(context, entity, read(file, cancellationToken), options, cancellationToken);
        return new StepResult($"{Path.GetFileName(file.Path)}: {result.Summary}");
    }

    /// <summary>A cell as JSON: text, number, boolean, or a date as <c>yyyy-MM-ddTHH:mm:ss</c>; null for a blank cell.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        bool flag => JsonValue.Create(flag),
        DateTime date => JsonValue.Create(date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    /// <summary>Among records with the same key, the one whose canonical JSON sorts first, so the choice does not depend on row order.</summary>
    public static bool SortsBefore(JsonObject candidate, JsonObject current) =>
        string.CompareOrdinal(CanonicalJson.Serialize(candidate), CanonicalJson.Serialize(current)) < 0;
}
