using LsatsHub.Engine.Execution;
using LsatsHub.Pipelines;
using LsatsHub.Warehouse.Snapshots;

namespace LsatsHub.Runner.Hosting;

/// <summary>The pre-silver snapshot as a gate: taken once, before the first step whose outputs are silver datasets starts.</summary>
internal static class SnapshotGate
{
    public static StepGate Create(PgDumpSnapshotter snapshotter) => StepGate.BeforeLayer(
        "pre-silver snapshot",
        Layers.Silver,
        async cancellationToken => await snapshotter.TakeAsync(cancellationToken));
}
