using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Consolidated;

/// <summary>
/// <c>silver.groups</c>: one row per real group, the AD and MCommunity groups merged on their name (AD cn =
/// MCommunity cn, case-insensitively), members and owners united (BuildGroups.sql beside this class has the rules).
/// </summary>
public sealed class BuildGroups : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildGroups>("groups_consolidated");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.Groups.Name,
        Inputs = [Datasets.Silver.AdGroups, Datasets.Silver.MCommunityGroups],
        Outputs = [Datasets.Silver.Groups],
        Tags = [Tags.Tier2],
        Description = "Tier 2: groups merged from AD and MCommunity on the group name, scored",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
