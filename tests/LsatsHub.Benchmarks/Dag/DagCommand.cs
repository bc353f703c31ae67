using System.CommandLine;
using System.Globalization;

namespace LsatsHub.Benchmarks.Dag;

/// <summary><c>dag</c>: the whole DAG at university scale, run by the built lsats-run against the simulated sources.</summary>
internal static class DagCommand
{
    private static readonly Option<double> Scale = new("--scale") { Description = "world scale (1.0 = the real university: ~700k MCommunity people, ~610k AD users, ~103k TDX users)", DefaultValueFactory = _ => 0.1 };
    private static readonly Option<int> Seed = new("--seed") { Description = "world seed", DefaultValueFactory = _ => 42 };
    private static readonly Option<int> Runs = new("--runs") { Description = "how many times the no-change run, the --target run and each limit are measured (the first and the mutated run happen once: each needs its own starting state)", DefaultValueFactory = _ => 1 };
    private static readonly Option<bool> RealisticRate = new("--realistic-rate") { Description = "serve TDX with its production rate limits (60 calls a minute per route); off by default" };
    private static readonly Option<string?> DatabaseUrl = new("--database-url")
    {
        Description = $"PostgreSQL server (default ${BenchmarkServer.DatabaseUrlVariable}, then $LSATS_TEST_DATABASE_URL). The suite creates its own database there, lsats_bench_dag_<scale>_<seed>, and never writes to the one named",
    };

    private static readonly Option<FileInfo?> Json = new("--json") { Description = "JSON report (default benchmark-dag-<scale>.json in the current folder)" };
    private static readonly Option<DirectoryInfo?> Svg = new("--svg") { Description = "folder for each measured run's timeline SVG (default: the current folder)" };
    private static readonly Option<bool> Keep = new("--keep") { Description = "keep the database and the work folder (world, logs, snapshots)" };

    public static Command Create()
    {
        var command = new Command("dag", "The whole DAG as lsats-run runs it: first run on an empty warehouse, no-change run, a month of churn, the labs subgraph; each step against the set-based limit, calls to every source, memory.")
        {
            Scale, Seed, Runs, RealisticRate, DatabaseUrl, Json, Svg, Keep,
        };
        command.SetAction(async (result, cancel) =>
        {
            var server = await BenchmarkServer.ResolveAsync(result.GetValue(DatabaseUrl));
            if (server is null)
            {
                return 2;
            }

            var scale = result.GetValue(Scale);
            var options = new DagOptions(
                scale,
                result.GetValue(Seed),
                Math.Max(1, result.GetValue(Runs)),
                server,
                result.GetValue(RealisticRate),
                result.GetValue(Json)?.FullName ?? Path.GetFullPath(string.Create(CultureInfo.InvariantCulture, $"benchmark-dag-{scale:0.####}.json")),
                result.GetValue(Svg)?.FullName ?? Environment.CurrentDirectory,
                result.GetValue(Keep));
            var report = await new DagSuite(options).RunAsync(cancel);
            report.Print(Console.Out);
            await report.WriteJsonAsync(options.JsonPath, cancel);
            Console.WriteLine($"wrote {options.JsonPath} and the timelines in {options.SvgFolder}");
            return report.AllRuns.All(run => run.ExitCode == 0) ? 0 : 1;
        });
        return command;
    }
}
