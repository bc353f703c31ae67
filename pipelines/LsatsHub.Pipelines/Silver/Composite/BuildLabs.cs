using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Composite;

/// <summary>
/// <c>silver.labs</c>: one lab per principal investigator, composed from tdx_labs, award_labs and ad_labs (BuildLabs.sql beside
/// this class). Member and computer counts live in <c>silver.lab_statistics</c>, written after the members and computers.
/// </summary>
public sealed class BuildLabs : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildLabs>("lab");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.Labs.Name,
        Inputs = [Datasets.Silver.Users, Datasets.Silver.TdxLabs, Datasets.Silver.AwardLabs, Datasets.Silver.AdLabs, Datasets.Silver.Departments, Datasets.Silver.AdOrganizationalUnits],
        Outputs = [Datasets.Silver.Labs],
        Tags = [Tags.Tier3],
        Description = "Tier 3: one lab per PI, composed from the TDX, award and AD helpers",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, cancellationToken);
}
