using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Composite;

/// <summary>
/// <c>silver.lab_computers</c> (computer-to-lab associations by six methods, scored and clamped per tier) and
/// <c>silver.computer_primary_labs</c> (each associated computer's best lab), BuildLabComputers.sql beside this class.
/// </summary>
public sealed class BuildLabComputers : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildLabComputers>("lab_computers");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.LabComputers.Name,
        Inputs = [Datasets.Silver.Labs, Datasets.Silver.LabMembers, Datasets.Silver.Computers],
        Outputs = [Datasets.Silver.LabComputers, Datasets.Silver.ComputerPrimaryLabs],
        Tags = [Tags.Tier3],
        Description = "Tier 3: computers of each lab with method and confidence, and each computer's primary lab",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, cancellationToken);
}
