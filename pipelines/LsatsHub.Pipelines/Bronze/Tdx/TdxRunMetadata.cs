using System.Text.Json.Nodes;
using LsatsHub.Connectors.Tdx;

namespace LsatsHub.Pipelines.Bronze.Tdx;

/// <summary>
/// What a TDX step records on its <c>meta.ingestion_runs</c> row: the environment (from the base URL) at the start,
/// and the step's share of API calls and 429s at the end (the <c>tdx-api</c> resource keeps TDX steps one at a time,
/// so the difference of two process-wide snapshots is this step's).
/// </summary>
internal sealed class TdxRunMetadata
{
    private readonly TdxClient _client;
    private readonly TdxCallCounts _before;

    public TdxRunMetadata(TdxClient client)
    {
        _client = client;
        _before = client.Traffic.Snapshot();
        Environment = client.Environment;
    }

    public string Environment { get; }

    public JsonObject Start(JsonObject details)
    {
        details["environment"] = Environment;
        details["tdx_app_id"] = _client.Options.AppId;
        return details;
    }

    public JsonObject Completion()
    {
        var used = _client.Traffic.Snapshot() - _before;
        return new JsonObject
        {
            ["api_calls"] = used.ApiCalls,
            ["rate_limited_responses"] = used.RateLimited,
            ["environment"] = Environment,
        };
    }
}
