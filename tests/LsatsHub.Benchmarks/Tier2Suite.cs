using System.Diagnostics;
using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines;

namespace LsatsHub.Benchmarks;

/// <summary>
/// The tier-2 suite: bronze and tier 1 are loaded once (kept with <c>--keep</c>, reused with <c>--reuse</c>); then, in
/// dependency order, each tier-2 step is timed <c>--runs</c> times as a build into empty tables (TRUNCATE, then the step
/// as lsats-run runs it), <c>--runs</c> times with nothing changed, and against a bare <c>INSERT ... SELECT</c> of the rows
/// it wrote into copies of its tables with columns and defaults only. Wall and server CPU seconds are both reported.
/// </summary>
public sealed class Tier2Suite(BenchmarkOptions options)
{
    private const string Tier1Marker = "silver-tier1:";

    /// <summary>Loads bronze and tier 1 (or reuses a kept database) and measures.</summary>
    public async Task<Tier2Report> RunAsync(CancellationToken cancellationToken)
    {
        await using var database = await BenchmarkDatabase.OpenAsync(options.ServerUrl, options.DatabaseName("tier2"), options.Reuse, options.Keep, cancellationToken);
        var bronze = await SimulatedBronze.StartAsync(options.Scale, options.Seed, serve: false, ldap: false, cancellationToken);
        var tier2 = InDependencyOrder(bronze.Steps.Where(step => step.Descriptor.Tags.Contains(Tags.Tier2)).ToList());
        var measured = tier2.Where(step => options.Only.Count == 0 || options.Only.Any(name => Matches(step, name))).Select(step => step.Descriptor.Name).ToHashSet(StringComparer.Ordinal);
        if (measured.Count == 0)
        {
            throw new ArgumentException($"--only {string.Join(' ', options.Only)} matches no tier-2 step.");
        }

        var tier1 = bronze.Steps.Where(step => step.Descriptor.Tags.Contains(Tags.Tier1)).ToList();
        var loaded = await database.LoadedBronzeAsync(cancellationToken);
        var missing = bronze.BronzeFor([.. tier1, .. tier2]).Where(step => !loaded.Contains(step.Descriptor.Name)).Select(step => step.Descriptor.Name).ToList();
        if (missing.Count > 0)
        {
            // Serve the world only when bronze must be loaded: a reused database with everything loaded needs no simulator.
            var ldap = bronze.Steps.Any(step => missing.Contains(step.Descriptor.Name) && step.Descriptor.Source is "ad" or "mcommunity");
            await bronze.DisposeAsync();
            bronze = await SimulatedBronze.StartAsync(options.Scale, options.Seed, serve: true, ldap, cancellationToken);
            await bronze.LoadAsync(database, bronze.BronzeFor([.. tier1, .. tier2]).Where(step => missing.Contains(step.Descriptor.Name)).ToList(), cancellationToken);
            await database.MarkLoadedAsync(missing, cancellationToken);
        }

        await using var serving = bronze;
        var tier1ToRun = InDependencyOrder(bronze.Steps.Where(step => step.Descriptor.Tags.Contains(Tags.Tier1) && !loaded.Contains(Tier1Marker + step.Descriptor.Name)).ToList());
        if (tier1ToRun.Count > 0)
        {
            foreach (var step in tier1ToRun)
            {
                var started = TimeProvider.System.GetTimestamp();
                var result = await step.RunAsync(bronze.Context(step, database, fullRefresh: false), cancellationToken);
                SimulatedBronze.Progress($"{step.Descriptor.Name}: {result.Summary} in {SimulatedBronze.Elapsed(started)}");
            }

            await database.MarkLoadedAsync(tier1ToRun.Select(step => Tier1Marker + step.Descriptor.Name), cancellationToken);
        }

        tier2 = InDependencyOrder(bronze.Steps.Where(step => step.Descriptor.Tags.Contains(Tags.Tier2)).ToList());
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var version = await connection.ExecuteScalarAsync<string>("SHOW server_version") ?? "?";
        var machine = MachineInfo.Current(version);
        var startedAt = TimeProvider.System.GetUtcNow();
        await connection.ExecuteAsync("CREATE SCHEMA IF NOT EXISTS benchmark");
        var figures = new List<Tier2Figure>();
        foreach (var step in tier2)
        {
            var tables = step.Descriptor.Outputs.Select(output => output.Name).ToList();
            if (!measured.Contains(step.Descriptor.Name))
            {
                // An unmeasured step still runs once, so the steps after it read what it writes.
                await step.RunAsync(bronze.Context(step, database, fullRefresh: false), cancellationToken);
                continue;
            }

            var first = new List<double>();
            var firstCpu = new List<double>();
            var rerun = new List<double>();
            var rerunCpu = new List<double>();
            var limit = new List<double>();
            var limitCpu = new List<double>();
            long rows = 0;
            for (var run = 0; run < options.Runs; run++)
            {
                await connection.ExecuteAsync($"TRUNCATE {string.Join(", ", tables)} CASCADE");
                var (wall, cpu) = await BackendCpu.TimeAsync(connection, () => step.RunAsync(bronze.Context(step, database, fullRefresh: false, options.Trace), cancellationToken));
                first.Add(wall);
                firstCpu.Add(cpu);
            }

            foreach (var table in tables)
            {
                rows += await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
            }

            for (var run = 0; run < options.Runs; run++)
            {
                var (wall, cpu) = await BackendCpu.TimeAsync(connection, () => step.RunAsync(bronze.Context(step, database, fullRefresh: false, options.Trace), cancellationToken));
                rerun.Add(wall);
                rerunCpu.Add(cpu);
            }

            for (var run = 0; run < options.Runs; run++)
            {
                double wall = 0, cpu = 0;
                foreach (var table in tables)
                {
                    await connection.ExecuteAsync($"DROP TABLE IF EXISTS benchmark.bare; CREATE TABLE benchmark.bare (LIKE {table} INCLUDING DEFAULTS)");
                    var (tableWall, tableCpu) = await BackendCpu.TimeAsync(connection, () => connection.ExecuteAsync($"INSERT INTO benchmark.bare SELECT * FROM {table}"));
                    wall += tableWall;
                    cpu += tableCpu;
                }

                limit.Add(wall);
                limitCpu.Add(cpu);
            }

            var figure = new Tier2Figure(step.Descriptor.Name, tables, rows, first, firstCpu, rerun, rerunCpu, limit, limitCpu);
            SimulatedBronze.Progress(System.FormattableString.Invariant(
                $"{figure.Step}: {rows} rows, first {figure.First:0.000} s ({figure.FirstCpu:0.00} s CPU), rerun {figure.Rerun:0.000} s ({figure.RerunCpu:0.00} s CPU), limit {figure.Limit:0.000} s ({figure.LimitCpu:0.00} s CPU)"));
            figures.Add(figure);
        }

        await connection.ExecuteAsync("DROP TABLE IF EXISTS benchmark.bare");
        var large = measured.Contains(Datasets.Silver.GroupMembers.Name) ? await LargeGroupAsync(connection, database, bronze, tier2, cancellationToken) : null;
        var small = measured.Contains(Datasets.Silver.GroupMembers.Name) ? await SmallChangeAsync(connection, database, bronze, tier2, cancellationToken) : null;
        using var self = Process.GetCurrentProcess();
        return new Tier2Report("tier2", startedAt, machine, options.Scale, options.Seed, options.Runs, self.PeakWorkingSet64 / (1024.0 * 1024), figures, large, small);
    }

    /// <summary>
    /// group_members built into empty tables twice (median of <c>--runs</c> each): from the world's groups, then with one
    /// more AD group of 20,000 people added to silver.ad_groups (and silver.groups rebuilt); the group is removed after.
    /// </summary>
    private async Task<LargeGroupFigure> LargeGroupAsync(Npgsql.NpgsqlConnection connection, BenchmarkDatabase database, SimulatedBronze bronze, IReadOnlyList<IStep> tier2, CancellationToken cancellationToken)
    {
        const int Members = 20_000;
        var groups = tier2.Single(step => step.Descriptor.Outputs.Contains(Datasets.Silver.Groups));
        var memberships = tier2.Single(step => step.Descriptor.Outputs.Contains(Datasets.Silver.GroupMembers));
        async Task<(long Rows, double Cpu)> BuildAsync()
        {
            var cpu = new List<double>();
            for (var run = 0; run < options.Runs; run++)
            {
                await connection.ExecuteAsync("TRUNCATE silver.group_members, silver.group_owners");
                cpu.Add((await BackendCpu.TimeAsync(connection, () => memberships.RunAsync(bronze.Context(memberships, database, fullRefresh: false), cancellationToken))).Cpu);
            }

            return (await connection.ExecuteScalarAsync<long>("SELECT (SELECT count(*) FROM silver.group_members) + (SELECT count(*) FROM silver.group_owners)"), Tier2Figure.Median(cpu));
        }

        var largest = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM silver.group_members GROUP BY group_id) g");
        var (worldRows, worldCpu) = await BuildAsync();
        const string Domain = "DC=adsroot,DC=itcs,DC=umich,DC=edu";
        try
        {
            await connection.ExecuteAsync(
                $"""
                INSERT INTO silver.ad_groups (ad_group_guid, cn, group_name, distinguished_name, group_type, members, raw_id, entity_hash)
                SELECT md5('benchmark-large')::uuid, 'lsa-benchmark-large', 'lsa-benchmark-large', 'CN=lsa-benchmark-large,OU=Users and Groups,{Domain}', -2147483646,
                       jsonb_agg('CN=bl' || lpad(i::text, 6, '0') || ',OU=People,OU=Accounts,OU=UMICH,{Domain}' ORDER BY i), md5('benchmark-large-raw')::uuid, 'x'
                FROM generate_series(1, {Members}) i
                """);
            await groups.RunAsync(bronze.Context(groups, database, fullRefresh: false), cancellationToken);
            var (_, withLargeCpu) = await BuildAsync();
            var figure = new LargeGroupFigure(worldRows, largest, worldCpu, Members, withLargeCpu);
            SimulatedBronze.Progress(figure.ToString());
            return figure;
        }
        finally
        {
            await connection.ExecuteAsync("DELETE FROM silver.ad_groups WHERE ad_group_guid = md5('benchmark-large')::uuid");
            await groups.RunAsync(bronze.Context(groups, database, fullRefresh: false), cancellationToken);
            await memberships.RunAsync(bronze.Context(memberships, database, fullRefresh: false), cancellationToken);
        }
    }

    /// <summary>
    /// group_members on its built tables after a small change (<c>--runs</c> times): ten MCommunity-only groups each lose
    /// their first member in silver.mcommunity_groups (a new raw_id, as a new bronze version gives), silver.groups is merged
    /// again, then the step is timed; the groups are restored (and both steps run again, untimed) before the next run.
    /// </summary>
    private async Task<SmallChangeFigure> SmallChangeAsync(Npgsql.NpgsqlConnection connection, BenchmarkDatabase database, SimulatedBronze bronze, IReadOnlyList<IStep> tier2, CancellationToken cancellationToken)
    {
        const int Changed = 10;
        var groups = tier2.Single(step => step.Descriptor.Outputs.Contains(Datasets.Silver.Groups));
        var memberships = tier2.Single(step => step.Descriptor.Outputs.Contains(Datasets.Silver.GroupMembers));
        await memberships.RunAsync(bronze.Context(memberships, database, fullRefresh: false), cancellationToken);
        var wall = new List<double>();
        var cpu = new List<double>();
        var summary = string.Empty;
        for (var run = 0; run < options.Runs; run++)
        {
            await connection.ExecuteAsync(
                $"""
                DROP TABLE IF EXISTS benchmark.small_change;
                CREATE TABLE benchmark.small_change AS
                SELECT m.mcommunity_group_uid, m.members, m.raw_id
                FROM silver.mcommunity_groups m
                JOIN silver.groups g ON g.mcommunity_raw_id = m.raw_id AND g.source_system = 'mcommunity'
                WHERE jsonb_array_length(m.members) > 1
                ORDER BY g.group_id
                LIMIT {Changed};
                UPDATE silver.mcommunity_groups m SET members = m.members - 0, raw_id = md5(m.raw_id::text || 'benchmark-small')::uuid
                FROM benchmark.small_change c WHERE c.mcommunity_group_uid = m.mcommunity_group_uid;
                """);
            try
            {
                await groups.RunAsync(bronze.Context(groups, database, fullRefresh: false), cancellationToken);
                StepResult? result = null;
                var (runWall, runCpu) = await BackendCpu.TimeAsync(connection, async () => result = await memberships.RunAsync(bronze.Context(memberships, database, fullRefresh: false), cancellationToken));
                wall.Add(runWall);
                cpu.Add(runCpu);
                summary = result?.Summary ?? string.Empty;
            }
            finally
            {
                await connection.ExecuteAsync(
                    """
                    UPDATE silver.mcommunity_groups m SET members = c.members, raw_id = c.raw_id
                    FROM benchmark.small_change c WHERE c.mcommunity_group_uid = m.mcommunity_group_uid;
                    DROP TABLE benchmark.small_change;
                    """);
                await groups.RunAsync(bronze.Context(groups, database, fullRefresh: false), cancellationToken);
                await memberships.RunAsync(bronze.Context(memberships, database, fullRefresh: false), cancellationToken);
            }
        }

        var figure = new SmallChangeFigure(Changed, wall, cpu, summary);
        SimulatedBronze.Progress(figure.ToString());
        return figure;
    }

    private static List<IStep> InDependencyOrder(List<IStep> steps)
    {
        var ordered = new List<IStep>();
        var written = new HashSet<DatasetId>();
        var producedHere = steps.SelectMany(step => step.Descriptor.Outputs).ToHashSet();
        var pending = steps.OrderBy(step => step.Descriptor.Name, StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var ready = pending.First(step => step.Descriptor.Inputs.All(input => !producedHere.Contains(input) || written.Contains(input)));
            ordered.Add(ready);
            written.UnionWith(ready.Descriptor.Outputs);
            pending.Remove(ready);
        }

        return ordered;
    }

    private static bool Matches(IStep step, string name) =>
        step.Descriptor.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
        || step.Descriptor.Outputs.Any(output => output.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
                                                 || output.Name.Equals("silver." + name, StringComparison.OrdinalIgnoreCase));
}
