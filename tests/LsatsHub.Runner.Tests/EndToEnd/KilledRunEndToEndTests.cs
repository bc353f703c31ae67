using Dapper;
using LsatsHub.Engine.Records;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Runner.Tests.Support;
using LsatsHub.Testing;
using Xunit.Abstractions;

namespace LsatsHub.Runner.Tests.EndToEnd;

/// <summary>
/// The built lsats-run as a child process, SIGKILLed in the middle of silver tier 3 (issue 13): the next run marks the
/// dead run's records and finishes the work, and every silver table ends up as an uninterrupted run leaves it on a copy
/// of the same bronze.
/// </summary>
/// <remarks>
/// The kill point is deterministic without touching the steps: the test holds an ACCESS EXCLUSIVE lock on
/// <c>silver.lab_members</c>, so <c>silver.lab_members</c> blocks at its write statement, inside its transaction, after
/// the tier-3 steps it needs (tdx_labs, award_labs, ad_labs, labs) have committed and before the ones that need it
/// (lab_computers, lab_managers, lab_statistics) have started. Both databases start from one bronze load (the second is
/// a template copy of the first), so the comparison covers lineage columns such as <c>raw_id</c> as well.
/// </remarks>
public sealed class KilledRunEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(10);

    // Columns whose values legitimately differ between two runs of the same data: when a row was written and by which
    // meta.ingestion_runs row, and surrogate keys drawn at insert (every column whose default is uuid_generate_v4():
    // silver_id, membership_id, ownership_id, lab_manager_id, ...).
    private static readonly string[] RunColumns = ["created_at", "updated_at", "ingestion_run_id"];

    // --no-snapshot: the held lock would block pg_dump before silver starts.
    private static readonly string[] Silver = ["run", "--no-snapshot", "--select", "layer:silver"];

    private SimulatedUniversity _university = null!;
    private TestDatabase _killed = null!;
    private TestDatabase? _uninterrupted;
    private string _envFile = null!;

    public async Task InitializeAsync()
    {
        _university = await SimulatedUniversity.StartAsync(17, "lsats-killed-");
        _killed = await PostgresServer.CreateDatabaseAsync("killedrun");
        _envFile = await _university.WriteEnvFileAsync(_killed.Url);

        await RunToEndAsync(_killed, "db", "init");
        await RunToEndAsync(_killed, "run", "--select", "layer:bronze");
        _uninterrupted = await _killed.CloneAsync("uninterrupted");
    }

    public async Task DisposeAsync()
    {
        if (_uninterrupted is not null)
        {
            await _uninterrupted.DisposeAsync();
        }

        await _killed.DisposeAsync();
        await _university.DisposeAsync();
    }

    [Fact]
    public async Task A_run_killed_in_the_middle_of_tier_3_and_run_again_leaves_every_silver_table_as_an_uninterrupted_run()
    {
        // Arrange: silver.lab_members is held, so the run stops inside that step's transaction.
        Guid killedRun;
        await using (var holder = await _killed.DataSource.OpenConnectionAsync())
        {
            await using var hold = await holder.BeginTransactionAsync();
            await holder.ExecuteAsync("LOCK TABLE silver.lab_members IN ACCESS EXCLUSIVE MODE", transaction: hold);

            using var doomed = Start(_killed, Silver);
            killedRun = await WaitUntilLabMembersIsBlockedAsync(doomed);
            (await StepStatusAsync(killedRun, "silver.labs")).Should().Be("succeeded", "labs commits before lab_members starts: the kill is mid-tier-3");

            doomed.KillHard();
            await doomed.WaitAsync(Bound);
            await hold.RollbackAsync();
        }

        await WaitUntilDeadClientsAreGoneAsync();
        (await CountAsync(_killed, "SELECT count(*) FROM silver.lab_members")).Should().Be(0, "the killed step's transaction was rolled back");
        (await RunStatusAsync(killedRun)).Should().Be("running", "nothing marked the dead run yet");

        // Act
        await RunToEndAsync(_killed, Silver);
        await RunToEndAsync(_uninterrupted!, Silver);

        // Assert: the same content in every silver table.
        var afterKill = await TableHashesAsync(_killed);
        var reference = await TableHashesAsync(_uninterrupted!);
        foreach (var (table, hash) in reference.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{table}: {hash.Rows} rows, {hash.Md5}{(afterKill.GetValueOrDefault(table) == hash ? string.Empty : $" != {afterKill.GetValueOrDefault(table)}")}");
        }

        foreach (var table in new[] { "silver.labs", "silver.lab_members", "silver.lab_computers", "silver.computer_primary_labs", "silver.lab_managers", "silver.lab_statistics", "silver.users", "silver.computers", "silver.groups" })
        {
            reference[table].Rows.Should().BePositive($"{table} is filled by a run on this world, so comparing it means something");
        }

        afterKill.Keys.Should().BeEquivalentTo(reference.Keys);
        afterKill.Where(pair => pair.Value != reference[pair.Key]).Select(pair => pair.Key).Should().BeEmpty(
            "a run killed mid-tier-3 and run again must leave the tables an uninterrupted run leaves");

        // Assert: the next run closed the dead run's records.
        await using var connection = await _killed.DataSource.OpenConnectionAsync();
        var run = await connection.QuerySingleAsync<(string Status, string? Error)>("SELECT status, error FROM meta.pipeline_runs WHERE run_id = @killedRun", new { killedRun });
        run.Should().Be(("failed", PostgresRunRecorder.AbandonedError));
        var steps = (await connection.QueryAsync<(string Name, string Status, string? Error)>(
            "SELECT step_name, status, error FROM meta.step_runs WHERE run_id = @killedRun", new { killedRun })).ToArray();
        steps.Should().NotContain(step => step.Status == "running" || step.Status == "pending");
        steps.Should().ContainSingle(step => step.Name == "silver.lab_members").Which.Should().Be(("silver.lab_members", "failed", PostgresRunRecorder.AbandonedError));
        steps.Where(step => step.Name is "silver.lab_computers" or "silver.lab_managers" or "silver.lab_statistics")
            .Should().HaveCount(3).And.OnlyContain(step => step.Status == "cancelled" && step.Error == PostgresRunRecorder.AbandonedError, "they never started");
        var ingestion = await connection.QuerySingleAsync<(string Status, string? Error)>(
            """
            SELECT status, error_message FROM meta.ingestion_runs
            WHERE metadata ->> 'pipeline_run_id' = @run AND metadata ->> 'step' = 'silver.lab_members'
            """,
            new { run = killedRun.ToString() });
        ingestion.Should().Be(("failed", IngestionRunLog.StaleMessage), "the step's next start fails the run row its dead process left running");
        (await connection.QuerySingleAsync<long>("SELECT count(*) FROM meta.ingestion_runs WHERE status = 'running'")).Should().Be(0);
    }

    private ChildRunner Start(TestDatabase database, params string[] args)
    {
        var variables = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = database.Url,
            ["LSATS_SNAPSHOT_DIR"] = Path.Combine(_university.Folder, "snapshots"),
            ["LSATS_LOG_DIR"] = Path.Combine(_university.Folder, "logs"),
            ["LSATS_PG_BINDIR"] = Environment.GetEnvironmentVariable("LSATS_PG_BINDIR") ?? string.Empty,

            // Variables already set win over the env file, and a developer's shell may name the shared slapd's CA.
            ["LSATS_LDAP_CA_DIR"] = _university.Ldap.CaDirectory,
            ["LDAPTLS_CACERT"] = _university.Ldap.CaCertificate,
        };

        return ChildRunner.Start(variables, _university.Folder, ["--env-file", _envFile, .. args]);
    }

    private async Task RunToEndAsync(TestDatabase database, params string[] args)
    {
        using var child = Start(database, args);
        var exit = await child.WaitAsync(Bound);
        exit.Should().Be(0, $"lsats-run {string.Join(' ', args)}: {child.Output}{child.Error}");
    }

    /// <summary>Waits until the run's lab_members step is running and its statement waits for the held lock; returns the run.</summary>
    private async Task<Guid> WaitUntilLabMembersIsBlockedAsync(ChildRunner child)
    {
        for (var polls = 0; polls < 2400 && !child.HasExited; polls++)
        {
            await using var connection = await _killed.DataSource.OpenConnectionAsync();
            var run = await connection.QuerySingleOrDefaultAsync<Guid?>(
                """
                SELECT s.run_id FROM meta.step_runs s
                WHERE s.step_name = 'silver.lab_members' AND s.status = 'running'
                  AND EXISTS (SELECT 1 FROM pg_locks l WHERE NOT l.granted AND l.relation = 'silver.lab_members'::regclass)
                """);
            if (run is { } found)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"silver.lab_members never blocked on the held lock (exited: {child.HasExited}): {child.Output}{child.Error}");
    }

    /// <summary>
    /// A SIGKILLed client's backends end on their own: the idle one (holding the run lock) at once, the blocked one once
    /// the lock is released and it finds its client gone, rolling its transaction back.
    /// </summary>
    private async Task WaitUntilDeadClientsAreGoneAsync()
    {
        for (var polls = 0; polls < 1200; polls++)
        {
            if (await CountAsync(_killed, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()") == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException("the killed run's database sessions did not end");
    }

    private async Task<string> StepStatusAsync(Guid run, string step)
    {
        await using var connection = await _killed.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<string>("SELECT status FROM meta.step_runs WHERE run_id = @run AND step_name = @step", new { run, step });
    }

    private async Task<string> RunStatusAsync(Guid run)
    {
        await using var connection = await _killed.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<string>("SELECT status FROM meta.pipeline_runs WHERE run_id = @run", new { run });
    }

    private static async Task<long> CountAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<long>(sql);
    }

    /// <summary>Row count and an md5 of every row of every silver table (without <see cref="RunColumns"/> and drawn keys), rows in a total order.</summary>
    private static async Task<Dictionary<string, TableHash>> TableHashesAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var tables = await connection.QueryAsync<(string Table, string Columns)>(
            """
            SELECT format('%I.%I', c.table_schema, c.table_name), string_agg(quote_ident(c.column_name), ', ' ORDER BY c.ordinal_position)
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema = 'silver'
              AND c.column_name <> ALL (@RunColumns)
              AND coalesce(c.column_default, '') NOT LIKE '%uuid_generate_v4()%'
            GROUP BY 1
            """,
            new { RunColumns });
        var hashes = new Dictionary<string, TableHash>(StringComparer.Ordinal);
        foreach (var (table, columns) in tables)
        {
            // Ordered by the whole row's text: a total order even where the key is a drawn uuid; COLLATE "C" so the
            // order does not depend on the database's collation.
            hashes[table] = await connection.QuerySingleAsync<TableHash>(
                $"""
                SELECT count(*) AS Rows, md5(coalesce(string_agg(r, E'\n' ORDER BY r COLLATE "C"), '')) AS Md5
                FROM (SELECT ROW({columns})::text AS r FROM {table}) x
                """);
        }

        return hashes;
    }

    private sealed record TableHash(long Rows, string Md5);
}
