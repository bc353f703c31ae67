namespace LsatsHub.Benchmarks.Dag;

/// <summary>One measured <c>lsats-run</c> invocation.</summary>
/// <param name="Name">first, no-change, mutated, target.</param>
/// <param name="Command">The lsats-run arguments.</param>
/// <param name="RunId">The pipeline run it recorded.</param>
/// <param name="Status">The recorded run's status.</param>
/// <param name="ExitCode">lsats-run's exit code.</param>
/// <param name="WallSeconds">Wall seconds of the process (start-up, configuration check, snapshot and steps).</param>
/// <param name="RecordedSeconds">Wall seconds of the recorded run (meta.pipeline_runs: started to finished).</param>
/// <param name="CpuSeconds">User + system CPU seconds of lsats-run (and the pg_dump it waited for).</param>
/// <param name="PeakMemoryMb">Peak resident memory of lsats-run in MiB.</param>
/// <param name="MemoryMethod">How the peak was taken (see <see cref="ChildProcess"/>).</param>
/// <param name="Calls">What the run asked of the sources.</param>
/// <param name="Steps">Every step of the run, in start order.</param>
/// <param name="Svg">The run's timeline SVG (lsats-run history --format svg), or null.</param>
public sealed record DagRunFigures(
    string Name,
    string Command,
    Guid RunId,
    string Status,
    int ExitCode,
    double WallSeconds,
    double RecordedSeconds,
    double CpuSeconds,
    double PeakMemoryMb,
    string MemoryMethod,
    SourceCalls Calls,
    IReadOnlyList<DagStepRow> Steps,
    string? Svg)
{
    /// <summary>Rows in, all steps.</summary>
    public long RowsRead => Steps.Sum(step => step.RowsRead);

    /// <summary>Rows out, all steps.</summary>
    public long RowsWritten => Steps.Sum(step => step.RowsWritten);
}
