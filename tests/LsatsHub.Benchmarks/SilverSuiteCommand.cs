using System.CommandLine;
using System.Globalization;

namespace LsatsHub.Benchmarks;

/// <summary>
/// The command line the silver-tier suites share (<c>tier1</c>, <c>tier2</c>): the world, the server, what to keep or
/// reuse, which steps; each suite brings its name, its help texts and how to run it.
/// </summary>
internal static class SilverSuiteCommand
{
    /// <summary>The help texts that differ between the suites.</summary>
    /// <param name="Command">What the command measures.</param>
    /// <param name="Loaded">What a kept database holds (e.g. "bronze"), for --keep and --reuse.</param>
    /// <param name="Only">What --only does in this suite.</param>
    public sealed record Help(string Command, string Loaded, string Only);

    public static Command Create(string name, Help help, Func<BenchmarkOptions, CancellationToken, Task<ISuiteReport>> run)
    {
        var scale = new Option<double>("--scale") { Description = "world scale (1.0 = the real university; 0.5 gives ~51,000 TDX users)", DefaultValueFactory = _ => 0.05 };
        var seed = new Option<int>("--seed") { Description = "world seed", DefaultValueFactory = _ => 42 };
        var runs = new Option<int>("--runs") { Description = "timed runs per measurement (the median is reported)", DefaultValueFactory = _ => 3 };
        var databaseUrl = new Option<string?>("--database-url")
        {
            Description = $"PostgreSQL server (postgresql://user@host:port/db or keywords; default ${BenchmarkServer.DatabaseUrlVariable}, then $LSATS_TEST_DATABASE_URL). The benchmark creates its own database there, lsats_bench_{name}_<scale>_<seed>, and never writes to the one named",
        };
        var keep = new Option<bool>("--keep") { Description = $"keep the benchmark database ({help.Loaded} loaded) for --reuse" };
        var reuse = new Option<bool>("--reuse") { Description = $"reuse the kept database of this scale and seed instead of loading {help.Loaded} again" };
        var only = new Option<string[]>("--only") { Description = help.Only, AllowMultipleArgumentsPerToken = true };
        var trace = new Option<bool>("--trace") { Description = "print each step's log, with the time of every SQL statement (profiling)" };
        var json = new Option<FileInfo?>("--json") { Description = $"JSON report (default benchmark-{name}-<scale>.json in the current folder)" };

        var command = new Command(name, help.Command) { scale, seed, runs, databaseUrl, keep, reuse, only, json, trace };
        command.SetAction(async (result, cancel) =>
        {
            var server = await BenchmarkServer.ResolveAsync(result.GetValue(databaseUrl));
            if (server is null)
            {
                return 2;
            }

            var worldScale = result.GetValue(scale);
            var options = new BenchmarkOptions(
                worldScale,
                result.GetValue(seed),
                Math.Max(1, result.GetValue(runs)),
                server,
                result.GetValue(keep),
                result.GetValue(reuse),
                result.GetValue(only) ?? [],
                result.GetValue(json)?.FullName ?? Path.GetFullPath(string.Create(CultureInfo.InvariantCulture, $"benchmark-{name}-{worldScale:0.####}.json")),
                result.GetValue(trace));
            var report = await run(options, cancel);
            report.Print(Console.Out);
            await report.WriteJsonAsync(options.JsonPath, cancel);
            Console.WriteLine($"wrote {options.JsonPath}");
            return 0;
        });
        return command;
    }
}
