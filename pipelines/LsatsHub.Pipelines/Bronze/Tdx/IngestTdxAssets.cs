using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Tdx;

/// <summary>
/// T3: TDX assets in the ingested statuses (<c>POST {TDX_APP_ID}/assets/search</c>, one call, no paging) into
/// <c>tdx/asset</c>, keyed by <c>ID</c>. A full fetch: assets no longer returned (e.g. moved to another status) get a tombstone.
/// </summary>
public sealed class IngestTdxAssets : IStep
{
    /// <summary>The asset statuses bronze ingests (docs/sources.md, TeamDynamix assets).</summary>
    public static readonly IReadOnlyList<int> StatusIds = [38, 39, 40, 41, 46, 59, 141, 201, 202];

    private readonly TdxClient _tdx;

    /// <summary>Creates the step.</summary>
    /// <param name="tdx">The TDX connector (<c>AddTdxConnector</c>).</param>
    public IngestTdxAssets(TdxClient tdx)
    {
        _tdx = tdx ?? throw new ArgumentNullException(nameof(tdx));
    }

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Bronze.TdxAssets.Name,

        // Users are not read: assets follow users so an asset's OwningCustomerID never refers to a user newer than the users slice.
        Inputs = [Datasets.Sources.Tdx, Datasets.Bronze.TdxUsers],
        Outputs = [Datasets.Bronze.TdxAssets],
        Source = TdxEntities.SourceSystem,
        Tags = [Tags.Ingest],
        Resources = [Resources.TdxApi],
        Description = "T3: TDX assets in the ingested statuses (POST assets/search) into bronze tdx/asset, with tombstones",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metadata = new TdxRunMetadata(_tdx);
        return BronzeIngestion.RunAsync(
            context,
            TdxEntities.Assets,
            FetchAsync(cancellationToken),
            new BronzeWriteOptions
            {
                CompleteFullFetch = true,
                RunMetadata = metadata.Start(new JsonObject
                {
                    ["ingestion_type"] = "full_fetch",
                    ["source_api"] = "POST assets/search",
                    ["status_ids_filter"] = new JsonArray([.. StatusIds.Select(id => JsonValue.Create(id))]),
                }),
                CompletionMetadata = metadata.Completion,
            },
            cancellationToken);
    }

    private async IAsyncEnumerable<BronzeRecordOrError> FetchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One asset at a time from the response: TDX answers every asset in one unpaged response.
        await foreach (var asset in _tdx.StreamAssetsByStatusAsync([.. StatusIds], cancellationToken))
        {
            yield return TdxJson.Key(asset, "ID") is { } id && asset is JsonObject record
                ? BronzeRecordOrError.Ok(new BronzeRecord(id, record))
                : BronzeRecordOrError.Bad(null, "asset without an ID");
        }
    }
}
