using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.ad_groups</c> from the newest bronze version of each AD group (BuildAdGroups.sql beside this class).
/// One row per objectGUID; the table has no active flag, so a group gone from AD is removed.
/// </summary>
public sealed class BuildAdGroups : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildAdGroups>("ad_group");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.AdGroups.Name,
        Inputs = [Datasets.Bronze.AdGroups],
        Outputs = [Datasets.Silver.AdGroups],
        Source = "ad",
        Tags = [Tags.Tier1],
        Description = "Tier 1: Active Directory groups, typed, member lists as arrays, with OU columns",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
