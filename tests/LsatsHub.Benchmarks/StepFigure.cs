using System.Text.Json.Serialization;

namespace LsatsHub.Benchmarks;

/// <summary>One step's figures: its time and the limit's, each run, and what follows from their medians.</summary>
/// <param name="Step">The step.</param>
/// <param name="Table">The table it writes.</param>
/// <param name="Rows">Rows in the table after the build.</param>
/// <param name="OurSeconds">Wall seconds of each full build into an empty table (the step as lsats-run runs it: its transaction, run row, counts).</param>
/// <param name="LimitSeconds">Wall seconds of each bare INSERT ... SELECT of the same rows into a bare copy of the table (columns and defaults, no index).</param>
/// <param name="RerunSeconds">Wall seconds of one more run with nothing changed (the nightly case).</param>
public sealed record StepFigure(
    string Step,
    string Table,
    long Rows,
    IReadOnlyList<double> OurSeconds,
    IReadOnlyList<double> LimitSeconds,
    double RerunSeconds)
{
    /// <summary>Median of <see cref="OurSeconds"/>.</summary>
    [JsonPropertyName("our_median_seconds")]
    public double Ours => Median(OurSeconds);

    /// <summary>Median of <see cref="LimitSeconds"/>.</summary>
    [JsonPropertyName("limit_median_seconds")]
    public double Limit => Median(LimitSeconds);

    /// <summary>Our time over the limit's (the target: at most 2).</summary>
    public double Ratio => Limit > 0 ? Ours / Limit : double.NaN;

    /// <summary>Rows per second of our build.</summary>
    public double RowsPerSecond => Ours > 0 ? Rows / Ours : double.NaN;

    private static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
