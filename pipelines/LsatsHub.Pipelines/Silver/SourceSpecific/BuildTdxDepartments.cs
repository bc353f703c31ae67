using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.tdx_departments</c> from the newest bronze version of each TDX account (BuildTdxDepartments.sql beside this class),
/// with the spec's quality score. An account gone from TDX's active accounts keeps its last row with <c>is_active = false</c>.
/// </summary>
public sealed class BuildTdxDepartments : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildTdxDepartments>("tdx_department");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.TdxDepartments.Name,
        Inputs = [Datasets.Bronze.TdxDepartments, Datasets.Bronze.TdxDepartmentsEnriched],
        Outputs = [Datasets.Silver.TdxDepartments],
        Source = "tdx",
        Tags = [Tags.Tier1],
        Description = "Tier 1: TDX accounts (departments), typed and scored; gone accounts inactive",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
