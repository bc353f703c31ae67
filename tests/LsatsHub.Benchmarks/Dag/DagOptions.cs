namespace LsatsHub.Benchmarks.Dag;

/// <summary>What the <c>dag</c> suite takes from the command line.</summary>
/// <param name="Scale">World scale (1.0 = the real university).</param>
/// <param name="Seed">World seed.</param>
/// <param name="Runs">How many times the no-change run, the --target run and each limit are measured (median reported).</param>
/// <param name="ServerUrl">The PostgreSQL server; the suite creates its own database there.</param>
/// <param name="RealisticRate">Serve TDX with its production rate limits (60 calls a minute per route) instead of none.</param>
/// <param name="JsonPath">Where the JSON report goes.</param>
/// <param name="SvgFolder">Where each measured run's timeline SVG goes.</param>
/// <param name="Keep">Keep the database and the work folder (world, logs, snapshots) afterwards.</param>
public sealed record DagOptions(double Scale, int Seed, int Runs, string ServerUrl, bool RealisticRate, string JsonPath, string SvgFolder, bool Keep)
{
    /// <summary>The benchmark database's name, one per scale and seed.</summary>
    public string DatabaseName =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"lsats_bench_dag_{Scale:0.####}_{Seed}").Replace('.', '_');
}
