using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Composite;

/// <summary>
/// <c>silver.ad_labs</c>: the AD OU of each PI's lab (the OU whose extracted uniqname, name or name part is the PI) and the
/// department its parent OU names (BuildAdLabs.sql beside this class).
/// </summary>
public sealed class BuildAdLabs : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildAdLabs>("lab_aggregation_ad");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.AdLabs.Name,
        Inputs = [Datasets.Silver.Users, Datasets.Silver.AdOrganizationalUnits, Datasets.Silver.Departments],
        Outputs = [Datasets.Silver.AdLabs],
        Tags = [Tags.Tier3],
        Description = "Tier 3 helper: per PI, the lab's AD OU",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, cancellationToken);
}
