using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.tdx_assets</c> from the newest bronze version of each TDX asset (BuildTdxAssets.sql beside this class), with the
/// well-known custom attributes flattened. The table has no active flag, so an asset gone from the search is removed.
/// </summary>
public sealed class BuildTdxAssets : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildTdxAssets>("tdx_asset");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.TdxAssets.Name,
        Inputs = [Datasets.Bronze.TdxAssets, Datasets.Bronze.TdxAssetsEnriched],
        Outputs = [Datasets.Silver.TdxAssets],
        Source = "tdx",
        Tags = [Tags.Tier1],
        Description = "Tier 1: TDX assets, typed, custom attributes flattened; gone assets removed",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
