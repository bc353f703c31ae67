using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Silver.SourceSpecific;

/// <summary>
/// <c>silver.keyconfigure_computers</c> from the newest bronze version of each KeyConfigure network interface
/// (BuildKeyConfigureComputers.sql): the interfaces of one computer (same name and serial) consolidated into one row.
/// No active flag: a computer whose interfaces are all gone from the export is removed.
/// </summary>
public sealed class BuildKeyConfigureComputers : IStep
{
    private static readonly SilverSql Sql = SilverSql.For<BuildKeyConfigureComputers>("keyconfigure_computer");

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.Silver.KeyConfigureComputers.Name,
        Inputs = [Datasets.Bronze.KeyConfigureComputers],
        Outputs = [Datasets.Silver.KeyConfigureComputers],
        Source = "documents",
        Tags = [Tags.Tier1],
        Description = "Tier 1: KeyConfigure computers, one row per name and serial with all their network interfaces",
    };

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, Sql, Descriptor, cancellationToken);
}
