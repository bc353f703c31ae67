using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Composite;

/// <summary>
/// <c>silver.lab_members</c>: the people of each active lab, from the groups its PI owns or that are named after the PI
/// (BuildLabMembers.sql beside this class). Rows are diffed, not truncated: an unchanged member keeps its row.
/// </summary>
public sealed class BuildLabMembers : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildLabMembers>("lab_members");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.LabMembers.Name,
        Inputs = [Datasets.Silver.Labs, Datasets.Silver.Users, Datasets.Silver.Groups, Datasets.Silver.GroupMembers, Datasets.Silver.GroupOwners, Datasets.Silver.Departments, Datasets.Silver.LabAwards],
        Outputs = [Datasets.Silver.LabMembers],
        Tags = [Tags.Tier3],
        Description = "Tier 3: members of each lab from the PI's groups",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, cancellationToken);
}
