using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.mcommunity_users</c> from the newest bronze version of each MCommunity person (BuildMCommunityUsers.sql beside
/// this class), keyed by the lower-cased uid. The table has no active flag, so a person gone from the directory is removed.
/// </summary>
public sealed class BuildMCommunityUsers : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildMCommunityUsers>("mcommunity_user");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.MCommunityUsers.Name,
        Inputs = [Datasets.Bronze.MCommunityUsers],
        Outputs = [Datasets.Silver.MCommunityUsers],
        Source = "mcommunity",
        Tags = [Tags.Tier1],
        Description = "Tier 1: MCommunity people, one row per uniqname; gone people removed",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
