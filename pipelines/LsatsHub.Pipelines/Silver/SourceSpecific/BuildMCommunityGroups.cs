using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.mcommunity_groups</c> from the newest bronze version of each MCommunity group (BuildMCommunityGroups.sql beside
/// this class); group_name is the DN's cn. The table has no active flag, so a group gone from the directory is removed.
/// </summary>
public sealed class BuildMCommunityGroups : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildMCommunityGroups>("mcommunity_group");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.MCommunityGroups.Name,
        Inputs = [Datasets.Bronze.MCommunityGroups],
        Outputs = [Datasets.Silver.MCommunityGroups],
        Source = "mcommunity",
        Tags = [Tags.Tier1],
        Description = "Tier 1: MCommunity groups, one row per group; gone groups removed",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
