using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.ad_computers</c> from the newest bronze version of each AD computer (BuildAdComputers.sql beside this class).
/// One row per sAMAccountName; is_enabled is AD's own account state, not an activity flag, so a computer gone from AD is removed.
/// </summary>
public sealed class BuildAdComputers : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildAdComputers>("ad_computer");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.AdComputers.Name,
        Inputs = [Datasets.Bronze.AdComputers],
        Outputs = [Datasets.Silver.AdComputers],
        Source = "ad",
        Tags = [Tags.Tier1],
        Description = "Tier 1: Active Directory computer accounts, typed, with OU columns",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
