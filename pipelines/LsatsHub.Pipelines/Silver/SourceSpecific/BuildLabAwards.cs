using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.lab_awards</c> from the newest bronze version of each lab award (BuildLabAwards.sql beside this class).
/// One row per (award, person, role); the table has no active flag, so an award gone from the export is removed.
/// </summary>
public sealed class BuildLabAwards : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildLabAwards>("lab_award");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.LabAwards.Name,
        Inputs = [Datasets.Bronze.LabAwards],
        Outputs = [Datasets.Silver.LabAwards],
        Source = "documents",
        Tags = [Tags.Tier1],
        Description = "Tier 1: lab awards, typed and normalised, one row per award, person and role",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
