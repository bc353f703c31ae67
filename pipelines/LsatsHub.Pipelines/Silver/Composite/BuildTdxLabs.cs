using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Composite;

/// <summary>
/// <c>silver.tdx_labs</c>: one row per PI who owns or financially owns TDX computers, with the PI's TDX identity and a
/// department matched from the TDX account name (BuildTdxLabs.sql beside this class). A PI who no longer qualifies loses the row.
/// </summary>
public sealed class BuildTdxLabs : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildTdxLabs>("lab_aggregation_tdx");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.TdxLabs.Name,
        Inputs = [Datasets.Silver.Users, Datasets.Silver.TdxUsers, Datasets.Silver.Computers, Datasets.Silver.Departments],
        Outputs = [Datasets.Silver.TdxLabs],
        Tags = [Tags.Tier3],
        Description = "Tier 3 helper: per PI owning TDX computers, TDX identity and matched department",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, cancellationToken);
}
