namespace LsatsHub.Benchmarks.Dag;

/// <summary>
/// A step of the first run against the physical limit of writing the same rows in the same database: for a bronze
/// step a binary <c>COPY FROM</c> of exactly the versions it wrote into a bare copy of <c>bronze.raw_entities</c>, for a
/// silver step a bare <c>INSERT ... SELECT</c> of its tables into copies without indexes.
/// </summary>
/// <param name="Step">The step.</param>
/// <param name="Rows">Rows the limit wrote (bronze: the step's versions; silver: the rows of its tables).</param>
/// <param name="OurSeconds">The step's wall seconds in the first run.</param>
/// <param name="LimitSeconds">Wall seconds of each repetition of the limit.</param>
public sealed record LimitFigure(string Step, long Rows, double OurSeconds, IReadOnlyList<double> LimitSeconds)
{
    /// <summary>Median of <see cref="LimitSeconds"/>.</summary>
    public double LimitMedianSeconds => Median(LimitSeconds);

    /// <summary>Our time over the limit's (bronze target: at most 2, i.e. half the raw COPY rate; silver: at most 2).</summary>
    public double Ratio => LimitMedianSeconds > 0 ? OurSeconds / LimitMedianSeconds : double.NaN;

    /// <summary>Rows per second of the limit.</summary>
    public double LimitRowsPerSecond => LimitMedianSeconds > 0 ? Rows / LimitMedianSeconds : double.NaN;

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
