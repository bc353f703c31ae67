using System.CommandLine;
using System.Globalization;

namespace LsatsHub.Benchmarks;

/// <summary><c>tier1</c>: the 13 tier-1 silver steps, each a full build into an empty table against a bare INSERT ... SELECT of the same columns out of the newest bronze versions (and of its already typed rows).</summary>
internal static class Tier1Command
{
    private static readonly Option<double> Scale = new("--scale") { Description = "world scale (1.0 = the real university; 0.5 gives ~51,000 TDX users)", DefaultValueFactory = _ => 0.05 };
    private static readonly Option<int> Seed = new("--seed") { Description = "world seed", DefaultValueFactory = _ => 42 };
    private static readonly Option<int> Runs = new("--runs") { Description = "timed runs per measurement (the median is reported)", DefaultValueFactory = _ => 3 };
    private static readonly Option<string?> DatabaseUrl = new("--database-url")
    {
        Description = $"PostgreSQL server (postgresql://user@host:port/db or keywords; default ${BenchmarkServer.DatabaseUrlVariable}, then $LSATS_TEST_DATABASE_URL). The benchmark creates its own database there, lsats_bench_tier1_<scale>_<seed>, and never writes to the one named",
    };

    private static readonly Option<bool> Keep = new("--keep") { Description = "keep the benchmark database (bronze loaded) for --reuse" };
    private static readonly Option<bool> Reuse = new("--reuse") { Description = "reuse the kept database of this scale and seed instead of loading bronze again" };
    private static readonly Option<string[]> Only = new("--only") { Description = "measure only these steps or tables (silver.tdx_users or tdx_users); their bronze is all that is loaded", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<bool> Trace = new("--trace") { Description = "print each step's log, with the time of every SQL statement (profiling)" };
    private static readonly Option<FileInfo?> Json = new("--json") { Description = "JSON report (default benchmark-tier1-<scale>.json in the current folder)" };

    public static Command Create()
    {
        var command = new Command("tier1", "Time every tier-1 silver step (a full build into an empty table), in wall and server CPU seconds, against a bare INSERT ... SELECT of the same columns out of the newest bronze versions (plain casts) into an unindexed copy of its table, and a bare copy of the rows it wrote.")
        {
            Scale, Seed, Runs, DatabaseUrl, Keep, Reuse, Only, Json, Trace,
        };
        command.SetAction(async (result, cancel) =>
        {
            var server = await BenchmarkServer.ResolveAsync(result.GetValue(DatabaseUrl));
            if (server is null)
            {
                return 2;
            }

            var scale = result.GetValue(Scale);
            var options = new BenchmarkOptions(
                scale,
                result.GetValue(Seed),
                Math.Max(1, result.GetValue(Runs)),
                server,
                result.GetValue(Keep),
                result.GetValue(Reuse),
                result.GetValue(Only) ?? [],
                result.GetValue(Json)?.FullName ?? Path.GetFullPath(string.Create(CultureInfo.InvariantCulture, $"benchmark-tier1-{scale:0.####}.json")),
                result.GetValue(Trace));
            var report = await new Tier1Suite(options).RunAsync(cancel);
            report.Print(Console.Out);
            await report.WriteJsonAsync(options.JsonPath, cancel);
            Console.WriteLine($"wrote {options.JsonPath}");
            return 0;
        });
        return command;
    }
}
