using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Composite;

/// <summary>
/// <c>silver.award_labs</c>: award totals, dates, sponsors and departments per PI, over the awards naming the PI in any role
/// (BuildAwardLabs.sql beside this class).
/// </summary>
public sealed class BuildAwardLabs : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildAwardLabs>("lab_aggregation_award");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.AwardLabs.Name,
        Inputs = [Datasets.Silver.Users, Datasets.Silver.LabAwards, Datasets.Silver.Departments],
        Outputs = [Datasets.Silver.AwardLabs],
        Tags = [Tags.Tier3],
        Description = "Tier 3 helper: per PI, totals of the awards naming them",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, cancellationToken);
}
