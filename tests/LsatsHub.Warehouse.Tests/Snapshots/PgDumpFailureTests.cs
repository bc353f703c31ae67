using LsatsHub.Warehouse.Snapshots;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Warehouse.Tests.Snapshots;

/// <summary>pg_dump missing or misbehaving (a fake pg_dump stands in for the misbehaviour).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PgDumpFailureTests : IDisposable
{
    private const string Password = "Sup3r-Secret-Pw";
    private const string ConnectionString = $"Host=127.0.0.1;Port=55432;Username=etl;Password={Password};Database=lsats";

    private readonly SnapshotFolder _folder = new();
    private readonly SnapshotFolder _tools = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 1, TimeSpan.Zero));
    private readonly CapturingLogger<PgDumpSnapshotter> _logger = new();

    [Fact]
    public async Task A_missing_pg_dump_fails_naming_the_path_it_tried()
    {
        var snapshotter = Snapshotter("/opt/nowhere/bin/pg_dump");

        var act = () => snapshotter.TakeAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<SnapshotFailedException>()).Which.Message.Should().Contain("'/opt/nowhere/bin/pg_dump'");
        _folder.FileNames().Should().BeEmpty();
    }

    [Fact]
    public async Task A_bin_folder_without_pg_dump_fails_naming_the_path_it_tried()
    {
        var snapshotter = new PgDumpSnapshotter(new SnapshotOptions { Directory = _folder.Path, ConnectionString = ConnectionString, PgBinDirectory = _tools.Path }, _logger, _clock);

        var act = () => snapshotter.TakeAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<SnapshotFailedException>()).Which.Message.Should().Contain($"'{Path.Combine(_tools.Path, "pg_dump")}'");
    }

    [Fact]
    public async Task A_configured_bin_folder_supplies_pg_dump()
    {
        FakePgDump.Create(_tools.Path, "succeed");
        var snapshotter = new PgDumpSnapshotter(new SnapshotOptions { Directory = _folder.Path, ConnectionString = ConnectionString, PgBinDirectory = _tools.Path }, _logger, _clock);

        var snapshot = await snapshotter.TakeAsync(CancellationToken.None);

        File.ReadAllText(snapshot.FullPath).Should().Be("PGDMP fake dump");
    }

    [Fact]
    public async Task A_pg_dump_that_cannot_be_executed_fails_naming_it()
    {
        var notExecutable = Path.Combine(_tools.Path, "pg_dump");
        File.WriteAllText(notExecutable, "not a program");
        File.SetUnixFileMode(notExecutable, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var snapshotter = Snapshotter(notExecutable);

        var act = () => snapshotter.TakeAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<SnapshotFailedException>()).Which.Message.Should().StartWith($"pg_dump could not be started from '{notExecutable}'");
        _folder.FileNames().Should().BeEmpty();
    }

    [Fact]
    public async Task A_failing_pg_dump_fails_with_its_exit_code_and_stderr()
    {
        var snapshotter = Snapshotter(FakePgDump.Create(_tools.Path, "fail"));

        var act = () => snapshotter.TakeAsync(CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<SnapshotFailedException>()).Which;
        thrown.ExitCode.Should().Be(1);
        thrown.Message.Should().Contain("exited with code 1 while dumping etl@127.0.0.1:55432/lsats")
            .And.Contain("FATAL:  database \"nope\" does not exist");
        _folder.FileNames().Should().BeEmpty();
    }

    [Fact]
    public async Task A_pg_dump_that_fails_halfway_leaves_no_snapshot_behind()
    {
        var snapshotter = Snapshotter(FakePgDump.Create(_tools.Path, "partial-then-fail"));

        var act = () => snapshotter.TakeAsync(CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<SnapshotFailedException>()).Which;
        thrown.ExitCode.Should().Be(3);
        thrown.Message.Should().Contain("Dumping the contents of table \"big\" failed").And.Contain("server closed the connection unexpectedly");
        _folder.FileNames().Should().BeEmpty();
        snapshotter.List().Should().BeEmpty();
    }

    [Fact]
    public async Task The_password_reaches_pg_dump_only_through_its_environment_and_never_a_message_or_log()
    {
        var snapshotter = Snapshotter(FakePgDump.Create(_tools.Path, "echo-environment"));

        var act = () => snapshotter.TakeAsync(CancellationToken.None);

        var message = (await act.Should().ThrowAsync<SnapshotFailedException>()).Which.Message;
        message.Should().Contain("PGPASSWORD is set").And.Contain("PGPASSWORD=*** and once more ***");
        var arguments = message[message.IndexOf("arguments:", StringComparison.Ordinal)..message.IndexOf(" | ", StringComparison.Ordinal)];
        arguments.Should().Contain("--host 127.0.0.1 --port 55432 --username etl --dbname lsats").And.NotContain("***");
        message.Should().NotContain(Password);
        _logger.Lines.Should().NotBeEmpty().And.OnlyContain(line => !line.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cancelled_snapshot_stops_pg_dump_and_leaves_nothing_behind()
    {
        var snapshotter = Snapshotter(FakePgDump.Create(_tools.Path, "hang"));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var act = () => snapshotter.TakeAsync(cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        _folder.FileNames().Should().BeEmpty();
    }

    [Fact]
    public async Task A_snapshot_from_a_well_behaved_pg_dump_is_renamed_from_partial()
    {
        var snapshotter = Snapshotter(FakePgDump.Create(_tools.Path, "succeed"));

        var snapshot = await snapshotter.TakeAsync(CancellationToken.None);

        _folder.FileNames().Should().Equal("pre_silver_20261125_020001.dump");
        snapshot.SizeBytes.Should().Be("PGDMP fake dump".Length);
    }

    [Fact]
    public void The_options_never_print_the_password()
    {
        var options = new SnapshotOptions { Directory = _folder.Path, ConnectionString = ConnectionString };

        options.ToString().Should().NotContain(Password).And.Contain("etl@127.0.0.1:55432/lsats");
    }

    public void Dispose()
    {
        _folder.Dispose();
        _tools.Dispose();
    }

    private PgDumpSnapshotter Snapshotter(string pgDumpPath) =>
        new(new SnapshotOptions { Directory = _folder.Path, ConnectionString = ConnectionString, PgDumpPath = pgDumpPath }, _logger, _clock);
}
