namespace LsatsHub.Benchmarks;

/// <summary>
/// group_members after a small change, the nightly case: <see cref="Groups"/> MCommunity-only groups each lose one member
/// (in silver.mcommunity_groups, then silver.groups merged again), and the step runs on its built tables.
/// </summary>
/// <param name="Groups">Groups changed before each run.</param>
/// <param name="Seconds">Wall seconds of each run.</param>
/// <param name="CpuSeconds">Server CPU seconds of each run.</param>
/// <param name="Summary">The step's summary of the last run (its counts show what it wrote).</param>
public sealed record SmallChangeFigure(int Groups, IReadOnlyList<double> Seconds, IReadOnlyList<double> CpuSeconds, string Summary)
{
    /// <summary>Median wall seconds.</summary>
    public double Median => Tier2Figure.Median(Seconds);

    /// <summary>Median server CPU seconds.</summary>
    public double MedianCpu => Tier2Figure.Median(CpuSeconds);

    public override string ToString() =>
        string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"group_members after {Groups} groups each lost a member: {Median:0.000} s ({MedianCpu:0.00} s CPU); {Summary}");
}
