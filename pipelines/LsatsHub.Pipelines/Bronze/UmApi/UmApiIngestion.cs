using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.UmApi;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.UmApi;

/// <summary>What U1 and U2 share: the client, the full-fetch write with tombstones, the run metadata and the bad-record share.</summary>
internal static class UmApiIngestion
{
    /// <summary>The seed's <c>source_system</c> for UMich API rows.</summary>
    public const string SourceSystem = "umich_api";

    /// <summary>Optional configuration: the largest share of bad records a bronze step tolerates (default 0.01).</summary>
    public const string MaxBadRecordShareVariable = "BRONZE_MAX_BAD_RECORD_SHARE";

    public static async Task<StepResult> RunAsync(
        StepContext context,
        UmApiClientFactory clients,
        BronzeEntity entity,
        string sourceApi,
        Func<UmApiClient, CancellationToken, IAsyncEnumerable<BronzeRecordOrError>> fetch,
        CancellationToken cancellationToken)
    {
        using var client = clients.Create(context.Configuration, context.Clock, context.Logger);
        var options = new BronzeWriteOptions
        {
            // The client throws when any page fails, so a stream that ends is everything the gateway holds.
            CompleteFullFetch = true,
            MaxBadRecordShare = MaxBadRecordShare(context),
            RunMetadata = new JsonObject
            {
                ["ingestion_type"] = "content_hash_based",
                ["source_api"] = sourceApi,
                ["change_detection_method"] = "sha256_content_hash",
                ["base_url"] = UmApiOptions.FromConfiguration(context.Configuration).BaseUrl.ToString(),
            },
            CompletionMetadata = () => new JsonObject
            {
                ["api_calls"] = client.Statistics.ApiCalls,
                ["token_requests"] = client.Statistics.TokenRequests,
                ["rate_limited_responses"] = client.Statistics.RateLimitedResponses,
                ["transient_failures"] = client.Statistics.TransientFailures,
            },
        };
        return await BronzeIngestion.RunAsync(context, entity, fetch(client, cancellationToken), options, cancellationToken);
    }

    public static double MaxBadRecordShare(StepContext context)
    {
        var text = context.Configuration[MaxBadRecordShareVariable];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new BronzeWriteOptions().MaxBadRecordShare;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1
            ? share
            : throw new InvalidOperationException($"{MaxBadRecordShareVariable} must be a number from 0 to 1, got '{text}'.");
    }

    /// <summary>The value of a text field: null when absent, the trimmed text when a string or number.</summary>
    public static string? Text(JsonObject record, string key) => record[key] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text.Trim(),
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    /// <summary>The first hashed field that holds JSON null or a non-scalar (the gateway sends text), or null when none does.</summary>
    public static string? BadField(JsonObject record, IReadOnlyList<string> fields) =>
        fields.FirstOrDefault(field => record.TryGetPropertyValue(field, out var node) && node is not JsonValue);

    public static async IAsyncEnumerable<BronzeRecordOrError> Map(
        IAsyncEnumerable<JsonObject> source,
        Func<JsonObject, BronzeRecordOrError> map,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in source.WithCancellation(cancellationToken))
        {
            yield return map(record);
        }
    }
}
