using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines;

namespace LsatsHub.Benchmarks;

/// <summary>
/// The tier-1 suite: for each tier-1 step, <c>--runs</c> times a full build into an empty table (TRUNCATE, then the
/// step as lsats-run runs it), issue 11's limit (a bare insert of the same columns out of the newest bronze versions,
/// <see cref="BareInsertFromBronze"/>) and the earlier one (a bare <c>INSERT ... SELECT *</c> of the rows the step
/// wrote into a copy of the table with columns and defaults only), then one more run of the step with nothing changed;
/// wall and server CPU seconds of each.
/// </summary>
public sealed class Tier1Suite(BenchmarkOptions options)
{
    /// <summary>Loads bronze (or reuses a kept database) and measures.</summary>
    public async Task<BenchmarkReport> RunAsync(CancellationToken cancellationToken)
    {
        await using var database = await BenchmarkDatabase.OpenAsync(options.ServerUrl, options.DatabaseName("tier1"), options.Reuse, options.Keep, cancellationToken);
        var bronze = await SimulatedBronze.StartAsync(options.Scale, options.Seed, serve: false, ldap: false, cancellationToken);
        var steps = bronze.Steps
            .Where(step => step.Descriptor.Tags.Contains(Tags.Tier1))
            .Where(step => options.Only.Count == 0 || options.Only.Any(name => Matches(step, name)))
            .OrderBy(step => step.Descriptor.Name, StringComparer.Ordinal)
            .ToList();
        if (steps.Count == 0)
        {
            throw new ArgumentException($"--only {string.Join(' ', options.Only)} matches no tier-1 step.");
        }

        var loaded = await database.LoadedBronzeAsync(cancellationToken);
        var toLoad = bronze.BronzeFor(steps).Where(step => !loaded.Contains(step.Descriptor.Name)).ToList();
        var missing = toLoad.Select(step => step.Descriptor.Name).ToList();
        var ldap = toLoad.Any(step => step.Descriptor.Source is "ad" or "mcommunity");
        if (missing.Count > 0)
        {
            // Serve the world only when bronze must be loaded: a reused database with everything loaded needs no simulator.
            await bronze.DisposeAsync();
            bronze = await SimulatedBronze.StartAsync(options.Scale, options.Seed, serve: true, ldap, cancellationToken);
            await bronze.LoadAsync(database, bronze.BronzeFor(steps).Where(step => missing.Contains(step.Descriptor.Name)).ToList(), cancellationToken);
            await database.MarkLoadedAsync(missing, cancellationToken);
        }

        steps = bronze.Steps.Where(step => steps.Any(chosen => chosen.Descriptor.Name == step.Descriptor.Name)).OrderBy(step => step.Descriptor.Name, StringComparer.Ordinal).ToList();
        await using var serving = bronze;

        // Parallel workers are processes of their own whose CPU no backend's /proc entry shows (the bronze read of a step
        // ran in two of them), so the database runs without them and all a statement costs is its backend's CPU.
        await using (var admin = await database.DataSource.OpenConnectionAsync(cancellationToken))
        {
            await admin.ExecuteAsync($"ALTER DATABASE \"{database.Name}\" SET max_parallel_workers_per_gather = 0");
        }

        database.DataSource.Clear();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var version = await connection.ExecuteScalarAsync<string>("SHOW server_version") ?? "?";
        var machine = MachineInfo.Current(version);
        var startedAt = TimeProvider.System.GetUtcNow();
        await connection.ExecuteAsync("CREATE SCHEMA IF NOT EXISTS benchmark; SET jit = off");
        var figures = new List<StepFigure>();
        foreach (var step in steps)
        {
            var table = step.Descriptor.Outputs.Single().Name;
            var limit = await BareInsertFromBronze.PrepareAsync(connection, table);
            SimulatedBronze.Progress(limit.Describe());
            List<double> ours = [], oursCpu = [], limitWall = [], limitCpu = [], copy = [], copyCpu = [];
            long rows = 0;
            for (var run = 0; run < options.Runs; run++)
            {
                await connection.ExecuteAsync($"TRUNCATE {table} CASCADE");
                var (wall, cpu) = await BackendCpu.TimeAsync(connection, () => step.RunAsync(bronze.Context(step, database, fullRefresh: false, options.Trace), cancellationToken));
                ours.Add(wall);
                oursCpu.Add(cpu);
                rows = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");

                await connection.ExecuteAsync(limit.CreateSql);
                (wall, cpu) = await BackendCpu.TimeAsync(connection, () => connection.ExecuteAsync(limit.InsertSql, commandTimeout: 0));
                limitWall.Add(wall);
                limitCpu.Add(cpu);

                await connection.ExecuteAsync($"DROP TABLE IF EXISTS benchmark.bare; CREATE TABLE benchmark.bare (LIKE {table} INCLUDING DEFAULTS)");
                (wall, cpu) = await BackendCpu.TimeAsync(connection, () => connection.ExecuteAsync($"INSERT INTO benchmark.bare SELECT * FROM {table}", commandTimeout: 0));
                copy.Add(wall);
                copyCpu.Add(cpu);
            }

            var (rerun, rerunCpu) = await BackendCpu.TimeAsync(connection, () => step.RunAsync(bronze.Context(step, database, fullRefresh: false, options.Trace), cancellationToken));
            var figure = new StepFigure(step.Descriptor.Name, table, rows, ours, oursCpu, limitWall, limitCpu, copy, copyCpu, rerun, rerunCpu, limit.Describe());
            SimulatedBronze.Progress(System.FormattableString.Invariant(
                $"{figure.Step}: {rows} rows, ours {figure.Ours:0.000} s ({figure.OursCpu:0.00} s CPU), limit {figure.LimitWall:0.000} s ({figure.LimitCpu:0.00} s CPU), copy {figure.Copy:0.000} s ({figure.CopyCpu:0.00} s CPU), CPU ratio {figure.Ratio:0.00}, {figure.RowsPerCpuSecond:0} rows per CPU second"));
            figures.Add(figure);
        }

        await connection.ExecuteAsync("DROP TABLE IF EXISTS benchmark.bare; DROP TABLE IF EXISTS benchmark.bare_bronze");
        return new BenchmarkReport("tier1", startedAt, machine, options.Scale, options.Seed, options.Runs, figures);
    }

    private static bool Matches(IStep step, string name) =>
        step.Descriptor.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
        || step.Descriptor.Outputs.Any(output => output.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
                                                 || output.Name.Equals("silver." + name, StringComparison.OrdinalIgnoreCase));
}
