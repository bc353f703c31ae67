using System.Text.Json.Serialization;

namespace LsatsHub.Benchmarks;

/// <summary>One tier-2 step's figures: wall and server CPU seconds of each run, medians reported.</summary>
/// <param name="Step">The step.</param>
/// <param name="Tables">The tables it writes.</param>
/// <param name="Rows">Rows in those tables after the build.</param>
/// <param name="FirstSeconds">Wall seconds of each build into empty tables.</param>
/// <param name="FirstCpuSeconds">Server CPU seconds of each build into empty tables.</param>
/// <param name="RerunSeconds">Wall seconds of each run with nothing changed (the nightly case).</param>
/// <param name="RerunCpuSeconds">Server CPU seconds of each run with nothing changed.</param>
/// <param name="LimitSeconds">Wall seconds of each bare INSERT ... SELECT of the same rows into bare copies of the tables.</param>
/// <param name="LimitCpuSeconds">Server CPU seconds of each bare INSERT ... SELECT.</param>
public sealed record Tier2Figure(
    string Step,
    IReadOnlyList<string> Tables,
    long Rows,
    IReadOnlyList<double> FirstSeconds,
    IReadOnlyList<double> FirstCpuSeconds,
    IReadOnlyList<double> RerunSeconds,
    IReadOnlyList<double> RerunCpuSeconds,
    IReadOnlyList<double> LimitSeconds,
    IReadOnlyList<double> LimitCpuSeconds)
{
    /// <summary>Median wall seconds of a first build.</summary>
    [JsonPropertyName("first_median_seconds")]
    public double First => Median(FirstSeconds);

    /// <summary>Median server CPU seconds of a first build.</summary>
    [JsonPropertyName("first_median_cpu_seconds")]
    public double FirstCpu => Median(FirstCpuSeconds);

    /// <summary>Median wall seconds of a no-change run.</summary>
    [JsonPropertyName("rerun_median_seconds")]
    public double Rerun => Median(RerunSeconds);

    /// <summary>Median server CPU seconds of a no-change run.</summary>
    [JsonPropertyName("rerun_median_cpu_seconds")]
    public double RerunCpu => Median(RerunCpuSeconds);

    /// <summary>Median wall seconds of the bare insert.</summary>
    [JsonPropertyName("limit_median_seconds")]
    public double Limit => Median(LimitSeconds);

    /// <summary>Median server CPU seconds of the bare insert.</summary>
    [JsonPropertyName("limit_median_cpu_seconds")]
    public double LimitCpu => Median(LimitCpuSeconds);

    /// <summary>First-build CPU over the bare insert's CPU.</summary>
    public double CpuRatio => LimitCpu > 0 ? FirstCpu / LimitCpu : double.NaN;

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
