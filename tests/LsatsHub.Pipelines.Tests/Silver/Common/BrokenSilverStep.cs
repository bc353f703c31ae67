using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;

namespace LsatsHub.Pipelines.Tests.Silver.Common;

/// <summary>A silver step whose SQL fails on line <see cref="FailingLine"/> (BrokenSilverStep.sql), or at run time.</summary>
public sealed class BrokenSilverStep(string variant) : IStep
{
    public const int FailingLine = 9;

    public StepDescriptor Descriptor { get; } = new()
    {
        Name = "silver.broken_" + variant,
        Outputs = [new DatasetId("silver.broken_" + variant)],
        Layer = "silver",
    };

    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        SilverTransform.RunAsync(context, variant == "runtime" ? RuntimeFailure.Sql : SilverSql.For<BrokenSilverStep>("broken"), cancellationToken);
}
