namespace LsatsHub.Benchmarks;

/// <summary>What every suite takes from the command line.</summary>
/// <param name="Scale">World scale (1.0 = the real university).</param>
/// <param name="Seed">World seed.</param>
/// <param name="Runs">Timed runs per measurement; the median is reported.</param>
/// <param name="ServerUrl">The PostgreSQL server (any database on it); the benchmark works in its own database there.</param>
/// <param name="Keep">Keep the benchmark database afterwards (for <paramref name="Reuse"/>).</param>
/// <param name="Reuse">Reuse a kept database with the same world instead of loading bronze again.</param>
/// <param name="Only">Step names or table names to measure (empty: every step of the suite).</param>
/// <param name="JsonPath">Where the JSON report goes.</param>
/// <param name="Trace">Print the steps' log, with SilverTransform's time per statement.</param>
public sealed record BenchmarkOptions(
    double Scale,
    int Seed,
    int Runs,
    string ServerUrl,
    bool Keep,
    bool Reuse,
    IReadOnlyList<string> Only,
    string JsonPath,
    bool Trace)
{
    /// <summary>The benchmark database's name: one per suite, scale and seed, so a kept one is found again.</summary>
    public string DatabaseName(string suite) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"lsats_bench_{suite}_{Scale:0.####}_{Seed}").Replace('.', '_');
}
