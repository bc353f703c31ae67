using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Composite;

/// <summary>
/// <c>silver.lab_statistics</c>: each lab's member, PI, investigator, computer and manager counts, written after every table
/// they count (BuildLabStatistics.sql beside this class).
/// </summary>
public sealed class BuildLabStatistics : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildLabStatistics>("lab_statistics");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.LabStatistics.Name,
        Inputs = [Datasets.Silver.Labs, Datasets.Silver.LabMembers, Datasets.Silver.LabComputers, Datasets.Silver.LabManagers, Datasets.Silver.Users],
        Outputs = [Datasets.Silver.LabStatistics],
        Tags = [Tags.Tier3],
        Description = "Tier 3: per-lab counts of members, computers and managers",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, cancellationToken);
}
