using Dapper;
using LsatsHub.Engine.Postgres;
using LsatsHub.Engine.Records;
using LsatsHub.Engine.Tests.Records;
using LsatsHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LsatsHub.Engine.Tests.Postgres;

public sealed class RunLockTests
{
    // Pinned so a change of the derivation (which would let an old and a new binary run at once) fails a test.
    private const long ExpectedKeyOfLsatsRun = 5402247660124084388;

    [Fact]
    public async Task A_second_acquirer_is_told_which_run_holds_the_lock()
    {
        await using var database = await RunRecordsDatabase.CreateAsync("lockheld");
        await using var otherSource = NpgsqlDataSource.Create(database.ConnectionString);
        var runId = Guid.Parse("1a2b3c4d-0000-4000-8000-000000000001");
        await using var first = await RunLock.AcquireAsync(database.DataSource, "lsats-run", "lsats-run run 1a2b3c4d", CancellationToken.None);
        var recorder = new PostgresRunRecorder(database.DataSource, NullLogger<PostgresRunRecorder>.Instance);
        await recorder.StartRunAsync(new PipelineRunStart(runId, RunRecordsDatabase.Midnight, "--target silver.labs", "timer", "etl01", "1.0.0", ["silver.labs"]), CancellationToken.None);

        var act = () => RunLock.AcquireAsync(otherSource, "lsats-run", "lsats-run second", CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<RunLockHeldException>()).Which;
        thrown.Message.Should().StartWith("another run holds the lock 'lsats-run': run 1a2b3c4d started 2026-11-25 02:00:01Z (selection --target silver.labs) on host etl01");
        thrown.Message.Should().Contain($"pid {thrown.HolderPid}").And.Contain("application 'lsats-run run 1a2b3c4d'");
        thrown.HolderRunId.Should().Be(runId);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        (await connection.QuerySingleAsync<string>("SELECT application_name FROM pg_stat_activity WHERE pid = @pid", new { pid = thrown.HolderPid }))
            .Should().Be("lsats-run run 1a2b3c4d");
    }

    [Fact]
    public async Task After_the_holder_disposes_the_lock_the_next_acquirer_gets_it()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("lockrelease");
        await using var otherSource = NpgsqlDataSource.Create(database.ConnectionString);
        var first = await RunLock.AcquireAsync(database.DataSource, "lsats-run", "first", CancellationToken.None);
        var whileHeld = () => RunLock.AcquireAsync(otherSource, "lsats-run", "second", CancellationToken.None);
        await whileHeld.Should().ThrowAsync<RunLockHeldException>();

        await first.DisposeAsync();
        await using var second = await RunLock.AcquireAsync(otherSource, "lsats-run", "second", CancellationToken.None);

        second.IsHeld.Should().BeTrue();
        first.IsHeld.Should().BeFalse();
    }

    [Fact]
    public async Task Disposing_releases_the_lock_even_when_the_connection_goes_back_to_a_pool()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("lockpool");
        await using var pooled = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = true, MinPoolSize = 1 }.ConnectionString);
        await using var otherSource = NpgsqlDataSource.Create(database.ConnectionString);
        var first = await RunLock.AcquireAsync(pooled, "lsats-run", "first", CancellationToken.None);

        await first.DisposeAsync();
        await using var second = await RunLock.AcquireAsync(otherSource, "lsats-run", "second", CancellationToken.None);

        second.IsHeld.Should().BeTrue();
    }

    [Fact]
    public async Task A_holder_whose_session_dies_leaves_no_stale_lock()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("lockdeath");
        await using var otherSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var first = await RunLock.AcquireAsync(database.DataSource, "lsats-run", "doomed", CancellationToken.None);
        var held = (await ((Func<Task<RunLock>>)(() => RunLock.AcquireAsync(otherSource, "lsats-run", "second", CancellationToken.None))).Should().ThrowAsync<RunLockHeldException>()).Which;
        await using (var admin = await otherSource.OpenConnectionAsync())
        {
            // With a timeout, pg_terminate_backend waits until the backend has exited (and so released its locks).
            (await admin.QuerySingleAsync<bool>("SELECT pg_terminate_backend(@pid, 10000)", new { pid = held.HolderPid })).Should().BeTrue();
        }

        await using var second = await RunLock.AcquireAsync(otherSource, "lsats-run", "second", CancellationToken.None);

        second.IsHeld.Should().BeTrue();
    }

    [Fact]
    public async Task Without_run_records_the_message_still_names_the_holding_session()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("locknometa");
        await using var otherSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var first = await RunLock.AcquireAsync(database.DataSource, "lsats-run", "lsats-run manual", CancellationToken.None);

        var act = () => RunLock.AcquireAsync(otherSource, "lsats-run", "second", CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<RunLockHeldException>()).Which;
        thrown.Message.Should().StartWith("another process holds the lock 'lsats-run' (no run is recorded as running); database session pid ")
            .And.Contain("application 'lsats-run manual'");
        thrown.HolderRunId.Should().BeNull();
    }

    [Fact]
    public async Task Different_lock_names_do_not_collide()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync("locknames");
        await using var otherSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var first = await RunLock.AcquireAsync(database.DataSource, "lsats-run", "first", CancellationToken.None);

        await using var second = await RunLock.AcquireAsync(otherSource, "lsats-ticket-daemon", "second", CancellationToken.None);

        second.Key.Should().NotBe(first.Key);
        second.IsHeld.Should().BeTrue();
    }

    [Fact]
    public async Task The_same_lock_name_in_two_databases_does_not_collide()
    {
        // PostgreSQL scopes advisory locks to the database, so the key needs no database name.
        await using var production = await PostgresServer.CreateDatabaseAsync("lockdb1");
        await using var copy = await PostgresServer.CreateDatabaseAsync("lockdb2");
        await using var first = await RunLock.AcquireAsync(production.DataSource, "lsats-run", "production", CancellationToken.None);

        await using var second = await RunLock.AcquireAsync(copy.DataSource, "lsats-run", "copy", CancellationToken.None);

        second.Key.Should().Be(first.Key);
        second.IsHeld.Should().BeTrue();
    }

    [Fact]
    public void The_key_is_a_stable_function_of_the_name()
    {
        RunLock.KeyFor("lsats-run").Should().Be(RunLock.KeyFor("lsats-run"));
        RunLock.KeyFor("lsats-run").Should().NotBe(RunLock.KeyFor("lsats-run2"));
        RunLock.KeyFor("lsats-run").Should().Be(ExpectedKeyOfLsatsRun);
    }
}
