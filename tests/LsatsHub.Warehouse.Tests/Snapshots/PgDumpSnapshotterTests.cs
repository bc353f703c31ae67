using CliWrap;
using CliWrap.Buffered;
using LsatsHub.Testing;
using LsatsHub.Warehouse.Snapshots;
using LsatsHub.Warehouse.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Warehouse.Tests.Snapshots;

/// <summary>Snapshots of a real database with the real pg_dump (found through LSATS_PG_BINDIR or PATH).</summary>
public sealed class PgDumpSnapshotterTests : IDisposable
{
    private readonly SnapshotFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 1, TimeSpan.Zero));
    private readonly CapturingLogger<PgDumpSnapshotter> _logger = new();

    [Fact]
    public async Task A_snapshot_is_a_custom_format_dump_that_pg_restore_can_list()
    {
        await using var database = await CreateDatabaseAsync("snapreal");
        var snapshotter = new PgDumpSnapshotter(new SnapshotOptions { Directory = _folder.Path, ConnectionString = database.ConnectionString }, _logger, _clock);

        var snapshot = await snapshotter.TakeAsync(CancellationToken.None);

        snapshot.Name.Should().Be("pre_silver_20261125_020001.dump");
        snapshot.TakenAt.Should().Be(_clock.GetUtcNow());
        snapshot.SizeBytes.Should().Be(new FileInfo(snapshot.FullPath).Length).And.BeGreaterThan(0);
        _folder.FileNames().Should().Equal("pre_silver_20261125_020001.dump");
        var listing = await Cli.Wrap(PgRestorePath()).WithArguments(["--list", snapshot.FullPath]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        listing.ExitCode.Should().Be(0, listing.StandardError);
        listing.StandardOutput.Should().Contain("Compression: 1").And.Contain("TABLE DATA silver users ").And.NotContain("pipeline_runs").And.NotContain("raw_entities");
        _logger.Lines.Should().Contain(line => line.Contains($"{snapshot.SizeBytes} bytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Three_snapshots_leave_exactly_the_newest_two()
    {
        await using var database = await CreateDatabaseAsync("snapkeep");
        var snapshotter = new PgDumpSnapshotter(new SnapshotOptions { Directory = _folder.Path, ConnectionString = database.ConnectionString }, _logger, _clock);
        File.WriteAllText(Path.Combine(_folder.Path, "notes.txt"), "not a snapshot");
        File.WriteAllText(Path.Combine(_folder.Path, "pre_silver_by_hand.dump"), "not ours either");

        await snapshotter.TakeAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        await snapshotter.TakeAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        var newest = await snapshotter.TakeAsync(CancellationToken.None);

        _folder.FileNames().Should().Equal("notes.txt", "pre_silver_20261126_020001.dump", "pre_silver_20261127_020001.dump", "pre_silver_by_hand.dump");
        snapshotter.List().Select(s => s.Name).Should().Equal("pre_silver_20261127_020001.dump", "pre_silver_20261126_020001.dump");
        snapshotter.List()[0].Should().Be(newest);
    }

    [Fact]
    public async Task Two_snapshots_in_the_same_second_do_not_overwrite_each_other()
    {
        await using var database = await CreateDatabaseAsync("snapsame");
        var snapshotter = new PgDumpSnapshotter(new SnapshotOptions { Directory = _folder.Path, ConnectionString = database.ConnectionString, Keep = 5 }, _logger, _clock);

        var first = await snapshotter.TakeAsync(CancellationToken.None);
        var second = await snapshotter.TakeAsync(CancellationToken.None);

        first.Name.Should().Be("pre_silver_20261125_020001.dump");
        second.Name.Should().Be("pre_silver_20261125_020001_2.dump");
        snapshotter.List().Select(s => s.Name).Should().Equal(second.Name, first.Name);
    }

    [Fact]
    public async Task Stray_partial_files_older_than_the_new_snapshot_are_removed()
    {
        await using var database = await CreateDatabaseAsync("snapstray");
        var snapshotter = new PgDumpSnapshotter(new SnapshotOptions { Directory = _folder.Path, ConnectionString = database.ConnectionString }, _logger, _clock);
        File.WriteAllText(Path.Combine(_folder.Path, "pre_silver_20261124_020001.dump.partial"), "left by a killed run");

        await snapshotter.TakeAsync(CancellationToken.None);

        _folder.FileNames().Should().Equal("pre_silver_20261125_020001.dump");
    }

    public void Dispose() => _folder.Dispose();

    private static string PgRestorePath()
    {
        var binDirectory = Environment.GetEnvironmentVariable(SnapshotOptions.BinDirectoryVariable);
        return string.IsNullOrEmpty(binDirectory) ? "pg_restore" : Path.Combine(binDirectory, "pg_restore");
    }

    private static async Task<TestDatabase> CreateDatabaseAsync(string purpose)
    {
        // A warehouse: the snapshot selects silver's tables, and pg_dump fails when no table matches.
        var database = await PostgresServer.CreateDatabaseAsync(purpose);
        await WarehouseHarness.Installer(database).InitAsync(CancellationToken.None);
        return database;
    }
}
