using LsatsHub.Engine.Execution;
using LsatsHub.Warehouse.Snapshots;

namespace LsatsHub.Runner.Hosting;

/// <summary>The pre-silver snapshot as a gate: taken once, before the first silver step starts.</summary>
internal static class SnapshotGate
{
    public const string SilverLayer = "silver";

    public static StepGate Create(PgDumpSnapshotter snapshotter) => new(
        "pre-silver snapshot",
        step => step.Layer == SilverLayer,
        async cancellationToken => await snapshotter.TakeAsync(cancellationToken));
}
