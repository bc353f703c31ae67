using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Consolidated;

/// <summary>
/// <c>silver.users</c>: one row per person (lower-case, trimmed uniqname) merged from TDX, AD, MCommunity and the UMich API
/// with the spec's field priorities (BuildUsers.sql beside this class). Every run merges every person from all of their
/// sources and writes only the rows that changed, so an incremental run equals a full refresh; a person gone from every
/// source keeps the last row, inactive.
/// </summary>
public sealed class BuildUsers : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildUsers>("users_consolidated");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.Users.Name,
        Inputs =
        [
            Datasets.Silver.TdxUsers,
            Datasets.Silver.AdUsers,
            Datasets.Silver.UmApiEmployees,
            Datasets.Silver.MCommunityUsers,
            Datasets.Silver.LabAwards,
            Datasets.Silver.AdOrganizationalUnits,
            Datasets.Bronze.TdxDepartments,
            Datasets.Bronze.TdxDepartmentsEnriched,
        ],
        Outputs = [Datasets.Silver.Users],
        Tags = [Tags.Tier2],
        Description = "Tier 2: one row per person merged across TDX, AD, MCommunity and the UMich API; PIs from awards and AD OUs",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
