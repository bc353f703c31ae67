using System.Text.Json.Serialization;

namespace LsatsHub.Benchmarks;

/// <summary>
/// One tier-1 step's figures, wall and server CPU seconds of each run, and what follows from their medians. The limit is
/// issue 11's bare insert of the same columns out of bronze (<see cref="BareInsertFromBronze"/>); the copy is the
/// earlier limit, a bare insert of the rows the step wrote (already typed), kept beside it.
/// </summary>
/// <param name="Step">The step.</param>
/// <param name="Table">The table it writes.</param>
/// <param name="Rows">Rows in the table after the build.</param>
/// <param name="OurSeconds">Wall seconds of each full build into an empty table (the step as lsats-run runs it: its transaction, run row, counts).</param>
/// <param name="OurCpuSeconds">Server CPU seconds of each full build.</param>
/// <param name="LimitSeconds">Wall seconds of each bare insert of the same columns from the newest bronze versions into an unindexed copy.</param>
/// <param name="LimitCpuSeconds">Server CPU seconds of each such insert.</param>
/// <param name="CopySeconds">Wall seconds of each bare INSERT ... SELECT * of the rows the step wrote into an unindexed copy.</param>
/// <param name="CopyCpuSeconds">Server CPU seconds of each such copy.</param>
/// <param name="RerunSeconds">Wall seconds of one more run with nothing changed (the nightly case).</param>
/// <param name="RerunCpuSeconds">Server CPU seconds of that run.</param>
/// <param name="Limit">What the bronze limit reads (columns filled, columns left out and why).</param>
public sealed record StepFigure(
    string Step,
    string Table,
    long Rows,
    IReadOnlyList<double> OurSeconds,
    IReadOnlyList<double> OurCpuSeconds,
    IReadOnlyList<double> LimitSeconds,
    IReadOnlyList<double> LimitCpuSeconds,
    IReadOnlyList<double> CopySeconds,
    IReadOnlyList<double> CopyCpuSeconds,
    double RerunSeconds,
    double RerunCpuSeconds,
    string Limit)
{
    /// <summary>Median of <see cref="OurSeconds"/>.</summary>
    [JsonPropertyName("our_median_seconds")]
    public double Ours => Median(OurSeconds);

    /// <summary>Median of <see cref="OurCpuSeconds"/>.</summary>
    [JsonPropertyName("our_median_cpu_seconds")]
    public double OursCpu => Median(OurCpuSeconds);

    /// <summary>Median of <see cref="LimitSeconds"/>.</summary>
    [JsonPropertyName("limit_median_seconds")]
    public double LimitWall => Median(LimitSeconds);

    /// <summary>Median of <see cref="LimitCpuSeconds"/>.</summary>
    [JsonPropertyName("limit_median_cpu_seconds")]
    public double LimitCpu => Median(LimitCpuSeconds);

    /// <summary>Median of <see cref="CopySeconds"/>.</summary>
    [JsonPropertyName("copy_median_seconds")]
    public double Copy => Median(CopySeconds);

    /// <summary>Median of <see cref="CopyCpuSeconds"/>.</summary>
    [JsonPropertyName("copy_median_cpu_seconds")]
    public double CopyCpu => Median(CopyCpuSeconds);

    /// <summary>Our server CPU over the bronze limit's (the target: at most 2).</summary>
    public double Ratio => LimitCpu > 0 ? OursCpu / LimitCpu : double.NaN;

    /// <summary>Our wall time over the bronze limit's (unreliable on a loaded machine).</summary>
    public double WallRatio => LimitWall > 0 ? Ours / LimitWall : double.NaN;

    /// <summary>Rows per second of server CPU of our build (the 40,000 rows/s target of tdx_users).</summary>
    public double RowsPerCpuSecond => OursCpu > 0 ? Rows / OursCpu : double.NaN;

    /// <summary>Rows per wall second of our build.</summary>
    public double RowsPerSecond => Ours > 0 ? Rows / Ours : double.NaN;

    internal static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
