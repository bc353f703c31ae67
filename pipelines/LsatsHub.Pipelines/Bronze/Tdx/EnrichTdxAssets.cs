using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;

namespace LsatsHub.Pipelines.Bronze.Tdx;

/// <summary>
/// T6: the detail call per entity. Appends a version per entity that is new or changed since its last enrichment (no call for the others);
/// the base content hash rides along so TdxAssets's next run still sees the entity as unchanged.
/// </summary>
public sealed class EnrichTdxAssets : IStep
{
    private readonly TdxClient _tdx;

    /// <summary>Creates the step.</summary>
    /// <param name="tdx">The TDX connector (<c>AddTdxConnector</c>).</param>
    public EnrichTdxAssets(TdxClient tdx)
    {
        _tdx = tdx ?? throw new ArgumentNullException(nameof(tdx));
    }

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Bronze.TdxAssetsEnriched.Name,

        // Reads the versions TdxAssets stored; the user enrichment input keeps the T4 → T5 → T6 order so one enrichment at a time spends the rate limit.
        Inputs = [Datasets.Sources.Tdx, Datasets.Bronze.TdxAssets, Datasets.Bronze.TdxUsersEnriched],
        Outputs = [Datasets.Bronze.TdxAssetsEnriched],
        Layer = "bronze",
        Source = TdxEntities.SourceSystem,
        Tags = ["enrich"],
        Resources = [TdxEntities.Resource],
        Timeout = TimeSpan.FromHours(8),
        Description = "T6: the TDX asset detail (GET assets/ID) of each asset that is new or changed since its last enrichment, appended to bronze tdx/asset",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TdxEnrichmentRun(context, _tdx, TdxEntities.Assets, "GET assets/{id}").RunAsync((version, ct) => _tdx.GetAssetAsync(int.Parse(version.ExternalId, System.Globalization.CultureInfo.InvariantCulture), ct), cancellationToken);
    }
}
