using System.Globalization;
using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines;
using LsatsHub.Warehouse.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LsatsHub.Benchmarks.Dag;

/// <summary>
/// The full-DAG suite, in one process tree: <c>lsats-sim generate</c>, <c>lsats-sim serve</c> (child processes, as an
/// operator starts them), and the built <c>lsats-run</c> as a child process against a fresh database:
/// the first full run, the limits of its steps, no-change runs, <c>lsats-sim mutate</c> with serve restarted on the new
/// month, a run of that month, and <c>run --target silver.labs --exclude layer:bronze --full-refresh</c>.
/// </summary>
public sealed class DagSuite(DagOptions options)
{
    /// <summary>The selection of the subgraph run: the labs and what they need, bronze left as it is.</summary>
    public static readonly IReadOnlyList<string> TargetArguments = ["run", "--target", "silver.labs", "--exclude", "layer:bronze", "--full-refresh", "--trigger", "benchmark"];

    private static readonly IReadOnlyList<string> WholeDag = ["run", "--trigger", "benchmark"];

    /// <summary>Generates, serves and measures.</summary>
    public async Task<DagReport> RunAsync(CancellationToken cancellationToken)
    {
        var tools = DagTools.Locate();
        var work = Directory.CreateTempSubdirectory("lsats-benchmark-dag-").FullName;
        var world = Path.Combine(work, "world");
        Directory.CreateDirectory(options.SvgFolder);
        Progress($"work folder {work}");
        var simulator = new ChildProcess(tools.SimulatorEnvironment, tools.RepositoryRoot);
        var scale = options.Scale.ToString(CultureInfo.InvariantCulture);
        var generate = await simulator.RunAsync(tools.Simulator, ["generate", "--scale", scale, "--seed", options.Seed.ToString(CultureInfo.InvariantCulture), "--out", world], Path.Combine(work, "generate.log"), cancellationToken);
        Require(generate, "lsats-sim generate");
        Progress(string.Create(CultureInfo.InvariantCulture, $"generated scale {scale} in {generate.WallSeconds:0.0} s"));

        await using var database = await BenchmarkDatabase.OpenAsync(options.ServerUrl, options.DatabaseName, reuse: false, options.Keep, cancellationToken);
        var databaseUrl = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnectionString.Parse(options.ServerUrl).ConnectionString) { Database = database.Name }.ConnectionString;
        var records = new RunRecordsReader(database.DataSource);
        string version;
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        {
            version = await connection.ExecuteScalarAsync<string>("SHOW server_version") ?? "?";
        }

        var machine = MachineInfo.Current(version);
        var startedAt = TimeProvider.System.GetUtcNow();
        var server = await SimulatorServer.StartAsync(tools, world, options.RealisticRate, databaseUrl, Path.Combine(work, "serve.log"), cancellationToken);
        try
        {
            var serveStartup = server.StartupSeconds;
            Progress(string.Create(CultureInfo.InvariantCulture, $"serve ready in {serveStartup:0.0} s"));
            var runner = new ChildProcess(DagTools.RunnerEnvironment(Path.Combine(world, ".env"), databaseUrl, work), tools.RepositoryRoot);

            var first = await MeasureAsync(tools, runner, records, "first", WholeDag, work, cancellationToken);
            var recordedFirst = await records.ReadAsync(first.RunId, cancellationToken);
            var limits = new LimitMeasurer(database.DataSource, work, options.Runs);
            var bronzeLimits = await limits.BronzeAsync(recordedFirst, cancellationToken);
            var silverLimits = await limits.SilverAsync(recordedFirst, SilverTables(), cancellationToken);
            Progress($"limits: {bronzeLimits.Count} bronze, {silverLimits.Count} silver steps");

            var noChange = new List<DagRunFigures>();
            for (var run = 1; run <= options.Runs; run++)
            {
                noChange.Add(await MeasureAsync(tools, runner, records, $"no-change{(options.Runs > 1 ? run.ToString(CultureInfo.InvariantCulture) : string.Empty)}", WholeDag, work, cancellationToken));
            }

            // serve's peak memory (its VmHWM) just before it is stopped: the runs above were served from it.
            var servePeak = server.ReadPeakMemoryMb();
            Progress(string.Create(CultureInfo.InvariantCulture, $"serve peak {servePeak:0} MiB"));

            // A month of churn: mutate rewrites the world's files; a running serve keeps the old month, so it restarts.
            await server.DisposeAsync();
            var mutate = await simulator.RunAsync(tools.Simulator, ["mutate", "--out", world], Path.Combine(work, "mutate.log"), cancellationToken);
            Require(mutate, "lsats-sim mutate");
            server = await SimulatorServer.StartAsync(tools, world, options.RealisticRate, databaseUrl, Path.Combine(work, "serve-mutated.log"), cancellationToken);
            var serveRestart = server.StartupSeconds;
            runner = new ChildProcess(DagTools.RunnerEnvironment(Path.Combine(world, ".env"), databaseUrl, work), tools.RepositoryRoot);
            var mutated = await MeasureAsync(tools, runner, records, "mutated", WholeDag, work, cancellationToken);

            var target = new List<DagRunFigures>();
            for (var run = 1; run <= options.Runs; run++)
            {
                target.Add(await MeasureAsync(tools, runner, records, $"target{(options.Runs > 1 ? run.ToString(CultureInfo.InvariantCulture) : string.Empty)}", TargetArguments, work, cancellationToken));
            }

            var serveRestartPeak = server.ReadPeakMemoryMb();
            return new DagReport("dag", startedAt, machine, options.Scale, options.Seed, options.Runs, options.RealisticRate, generate, serveStartup, servePeak, first, bronzeLimits, silverLimits, noChange, mutate, serveRestart, serveRestartPeak, mutated, target);
        }
        finally
        {
            await server.DisposeAsync();
            if (!options.Keep)
            {
                TryDelete(work);
            }
            else
            {
                Progress($"kept {work} and database {database.Name}");
            }
        }
    }

    private async Task<DagRunFigures> MeasureAsync(DagTools tools, ChildProcess runner, RunRecordsReader records, string name, IReadOnlyList<string> arguments, string work, CancellationToken cancellationToken)
    {
        Progress($"{name}: lsats-run {string.Join(' ', arguments)}");
        var since = await records.NowAsync(cancellationToken);
        var envFile = Path.Combine(work, "world", ".env");
        var result = await runner.RunAsync(tools.Runner, ["--env-file", envFile, .. arguments], Path.Combine(work, $"run-{name}.log"), cancellationToken);
        var runId = await records.NewestRunSinceAsync(since, cancellationToken)
                    ?? throw new InvalidOperationException($"lsats-run {string.Join(' ', arguments)} recorded no run (exit {result.ExitCode}); see {result.LogPath}");
        var recorded = await records.ReadAsync(runId, cancellationToken);
        var svg = Path.Combine(options.SvgFolder, string.Create(CultureInfo.InvariantCulture, $"dag-{options.Scale:0.####}-{name}.svg"));
        var drawn = await runner.RunAsync(tools.Runner, ["--env-file", envFile, "history", "--run", runId.ToString(), "--format", "svg", "--output", svg], Path.Combine(work, $"history-{name}.log"), cancellationToken);
        if (drawn.ExitCode != 0)
        {
            var said = File.Exists(drawn.LogPath) ? string.Join(" | ", File.ReadLines(drawn.LogPath).TakeLast(5)) : "no log";
            Progress($"{name}: lsats-run history did not draw the timeline (exit {drawn.ExitCode}): {said}");
        }

        var figures = new DagRunFigures(
            name,
            "lsats-run " + string.Join(' ', arguments),
            runId,
            recorded.Status,
            result.ExitCode,
            result.WallSeconds,
            recorded.Seconds,
            result.CpuSeconds,
            result.PeakMemoryMb,
            result.MemoryMethod,
            recorded.Calls,
            recorded.Steps,
            drawn.ExitCode == 0 ? svg : null);
        Progress(string.Create(CultureInfo.InvariantCulture, $"{name}: {figures.Status} (exit {figures.ExitCode}) in {figures.WallSeconds:0.0} s, {figures.CpuSeconds:0.0} s CPU, peak {figures.PeakMemoryMb:0} MiB, {figures.RowsWritten} rows out"));
        if (result.ExitCode != 0)
        {
            foreach (var step in figures.Steps.Where(step => step.Status != "succeeded"))
            {
                Progress($"  {step.Step}: {step.Status}");
            }
        }

        return figures;
    }

    // The tables each silver step writes: its declared outputs (a silver dataset's name is its table's).
    private static Dictionary<string, IReadOnlyList<string>> SilverTables()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLsatsPipelines()
            .BuildServiceProvider();
        return services.GetServices<IStep>()
            .Where(step => step.Descriptor.Name.StartsWith("silver.", StringComparison.Ordinal))
            .ToDictionary(step => step.Descriptor.Name, step => (IReadOnlyList<string>)step.Descriptor.Outputs.Select(output => output.Name).ToList(), StringComparer.Ordinal);
    }

    private static void Require(ChildResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed (exit {result.ExitCode}); see {result.LogPath}");
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // slapd may still be releasing its files; the temp folder is cleaned by the system.
        }
        catch (UnauthorizedAccessException)
        {
            // as above
        }
    }

    private static void Progress(string message) => SimulatedBronze.Progress("dag: " + message);
}
