using LsatsHub.Testing;
using LsatsHub.TicketQueue.Tests.Support;

namespace LsatsHub.TicketQueue.Tests.Daemon;

/// <summary>
/// lsats-run queue run as a real process: killed with SIGKILL right after a TDX write (before the log row is completed)
/// it does not repeat the write after a restart; stopped with SIGTERM mid-poll it finishes and records the running
/// action and exits 0; without a database it writes nothing.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DaemonProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("lsats-queue-proc-");
    private QueueBed _bed = null!;

    public async Task InitializeAsync() => _bed = await QueueBed.CreateAsync("queueproc");

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_kill_9_between_the_TDX_write_and_the_log_update_does_not_duplicate_the_comment_after_restart()
    {
        var tickets = _bed.ReportTickets;
        var marker = Path.Combine(_folder.FullName, "written");
        var variables = Variables();
        variables["LSATS_QUEUE_TEST_HOLD_AFTER_WRITE"] = marker;
        using (var first = ChildRunner.Start(variables, _folder.FullName, "queue", "run", "--once"))
        {
            await UntilAsync(() => File.Exists(marker), first);
            first.KillHard();
            await first.WaitAsync(Bound);
        }

        var heldWrites = _bed.Writes("ticket.feed");
        var heldRows = await _bed.LogRowsAsync();
        variables.Remove("LSATS_QUEUE_TEST_HOLD_AFTER_WRITE");
        using var second = ChildRunner.Start(variables, _folder.FullName, "queue", "run", "--once");
        var exit = await second.WaitAsync(Bound);

        heldWrites.Should().ContainSingle("the first process was killed right after its first write");
        heldRows.Should().ContainSingle().Which.Status.Should().Be("claimed");
        exit.Should().Be(0, second.Error);
        second.Error.Should().Contain("claimed but never completed").And.Contain("1 of its 1 write(s) are in TDX");
        _bed.Writes("ticket.feed").Select(w => w.TargetId).Should().BeEquivalentTo(tickets, "every ticket has exactly one comment: the killed one was not posted again");
        (await _bed.LogRowsAsync()).Should().HaveCount(tickets.Count).And.OnlyContain(row => row.Status == "completed");
    }

    [Fact]
    public async Task SIGTERM_during_a_poll_completes_and_records_the_running_action_and_exits_0()
    {
        var tickets = _bed.ReportTickets;
        _bed.Tdx.Faults.Latency = TimeSpan.FromSeconds(1);
        using var daemon = ChildRunner.Start(Variables(), _folder.FullName, "queue", "run", "--daemon", "--interval", "3600");
        await UntilAsync(() => _bed.Writes().Count >= 1, daemon);

        await daemon.TerminateAsync();
        var exit = await daemon.WaitAsync(Bound);

        exit.Should().Be(0, daemon.Error);
        var rows = await _bed.LogRowsAsync();
        var writes = _bed.Writes("ticket.feed");
        rows.Should().NotContain(row => row.Status == "claimed", "the action running at SIGTERM was finished and recorded");
        rows.Where(row => row.Status == "completed").Select(row => row.TicketId).Should().BeEquivalentTo(writes.Select(w => w.TargetId));
        writes.Count.Should().BeLessThan(tickets.Count, "the poll stopped after the running action");
        daemon.Error.Should().Contain("stopped early by a stop request").And.Contain("ticket-queue daemon stopped");
    }

    [Fact]
    public async Task With_the_database_down_queue_run_exits_4_and_writes_nothing_to_TDX()
    {
        var variables = Variables();
        variables["DATABASE_URL"] = $"postgresql://nobody@127.0.0.1:{ClosedPort()}/lsats_db";

        using var run = ChildRunner.Start(variables, _folder.FullName, "queue", "run", "--once");
        var exit = await run.WaitAsync(Bound);

        exit.Should().Be(4, run.Error);
        _bed.Writes().Should().BeEmpty();
    }

    [Fact]
    public async Task Without_a_report_id_the_daemon_refuses_to_start_with_exit_2()
    {
        var variables = Variables();
        variables["DAEMON_REPORT_ID"] = string.Empty;

        using var run = ChildRunner.Start(variables, _folder.FullName, "queue", "run", "--daemon");
        var exit = await run.WaitAsync(Bound);

        exit.Should().Be(2);
        run.Error.Should().Contain("DAEMON_REPORT_ID");
        _bed.Tdx.Journal.Entries.Should().BeEmpty();
    }

    private Dictionary<string, string> Variables()
    {
        var variables = _bed.Variables;
        variables["LSATS_QUEUE_ACTIONS"] = "comment";
        variables["LSATS_QUEUE_COMMENT_COMMENT_TEXT"] = "We are looking into this.";
        variables["LSATS_LOG_DIR"] = Path.Combine(_folder.FullName, "logs");
        return variables;
    }

    private static async Task UntilAsync(Func<bool> condition, ChildRunner process)
    {
        for (var waited = TimeSpan.Zero; waited < Bound; waited += TimeSpan.FromMilliseconds(100))
        {
            if (condition())
            {
                return;
            }

            process.HasExited.Should().BeFalse($"lsats-run ended early: {process.Error}");
            await Task.Delay(100);
        }

        throw new TimeoutException($"lsats-run did not get there within {Bound}: {process.Error}");
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
