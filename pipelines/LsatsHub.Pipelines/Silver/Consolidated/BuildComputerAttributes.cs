using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.Consolidated;

/// <summary>
/// <c>silver.computer_attributes</c> (BuildComputerAttributes.sql beside this class): one row per computer and attribute,
/// from the TDX asset's custom attributes and the KeyConfigure hardware fields the merged computer carries. The original
/// had no producer for this table (only a legacy script); every run rebuilds it from <c>silver.computers</c> and writes
/// only the rows that changed.
/// </summary>
public sealed class BuildComputerAttributes : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildComputerAttributes>("computer_attributes");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.ComputerAttributes.Name,
        Inputs = [Datasets.Silver.Computers],
        Outputs = [Datasets.Silver.ComputerAttributes],
        Tags = [Tags.Tier2],
        Description = "Tier 2: computer attributes, one row per computer and attribute (TDX custom attributes, KeyConfigure hardware)",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
