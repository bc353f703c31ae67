using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.umapi_departments</c> from the newest bronze version of each UMich API department (BuildUmApiDepartments.sql),
/// with the data-quality score and flags. No active flag: a department gone from the API is removed.
/// </summary>
public sealed class BuildUmApiDepartments : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildUmApiDepartments>("umapi_department");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.UmApiDepartments.Name,
        Inputs = [Datasets.Bronze.UmApiDepartments],
        Outputs = [Datasets.Silver.UmApiDepartments],
        Source = "umapi",
        Tags = [Tags.Tier1],
        Description = "Tier 1: UMich API departments with campus, VP area and college, scored for completeness",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
