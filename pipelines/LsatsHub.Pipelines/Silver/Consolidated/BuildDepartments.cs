using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Consolidated;

/// <summary>
/// <c>silver.departments</c>: one row per real department, the UMich API and TDX departments merged on dept_id
/// (BuildDepartments.sql beside this class has the rules), with the spec's quality score.
/// </summary>
public sealed class BuildDepartments : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildDepartments>("departments_consolidated");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.Departments.Name,
        Inputs = [Datasets.Silver.TdxDepartments, Datasets.Silver.UmApiDepartments],
        Outputs = [Datasets.Silver.Departments],
        Tags = [Tags.Tier2],
        Description = "Tier 2: departments merged from the UMich API and TDX on dept_id, scored",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
