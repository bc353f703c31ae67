using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Composite;

/// <summary>
/// <c>silver.lab_managers</c>: up to three likely managers of each legitimate lab, scored from the members' roles and job codes
/// (BuildLabManagers.sql beside this class). A person's <c>is_verified</c> and <c>verification_notes</c> survive every refresh.
/// </summary>
public sealed class BuildLabManagers : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildLabManagers>("lab_manager");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.LabManagers.Name,
        Inputs = [Datasets.Silver.Labs, Datasets.Silver.LabMembers, Datasets.Silver.Users, Datasets.Silver.Departments],
        Outputs = [Datasets.Silver.LabManagers],
        Tags = [Tags.Tier3],
        Description = "Tier 3: up to three scored managers per legitimate lab; verification kept",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, cancellationToken);
}
