using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.tdx_users</c> from the newest bronze version of each TDX person (BuildTdxUsers.sql beside this class), keyed by UID.
/// A person gone from TDX's active people keeps its last row with <c>is_active = false</c>.
/// </summary>
public sealed class BuildTdxUsers : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildTdxUsers>("tdx_user");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.TdxUsers.Name,
        Inputs = [Datasets.Bronze.TdxUsers, Datasets.Bronze.TdxUsersEnriched],
        Outputs = [Datasets.Silver.TdxUsers],
        Source = "tdx",
        Tags = [Tags.Tier1],
        Description = "Tier 1: TDX people, typed, one row per UID; gone people inactive",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
