using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.umapi_employees</c> from the newest bronze version of each UMich API employment record (BuildUmApiEmployees.sql):
/// one row per (EmplId, EmplRcd), scored for completeness. No active flag: an employment gone from the API is removed.
/// </summary>
public sealed class BuildUmApiEmployees : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildUmApiEmployees>("umapi_employee");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.UmApiEmployees.Name,
        Inputs = [Datasets.Bronze.UmApiEmployees],
        Outputs = [Datasets.Silver.UmApiEmployees],
        Source = "umapi",
        Tags = [Tags.Tier1],
        Description = "Tier 1: UMich API employment records, one per EmplId and EmplRcd, scored for completeness",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
