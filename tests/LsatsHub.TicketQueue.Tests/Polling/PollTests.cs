using LsatsHub.TicketQueue.Tests.Support;
using Npgsql;

namespace LsatsHub.TicketQueue.Tests.Polling;

/// <summary>
/// One poll at a time against the TDX simulator and a real warehouse: each action once per ticket, failures retried
/// up to the limit, a database that cannot be read means no action, a dry run writes nothing anywhere.
/// </summary>
public sealed class PollTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> CommentChain = new()
    {
        ["LSATS_QUEUE_ACTIONS"] = "comment",
        ["LSATS_QUEUE_COMMENT_COMMENT_TEXT"] = "We are looking into this.",
    };

    private QueueBed _bed = null!;

    public async Task InitializeAsync() => _bed = await QueueBed.CreateAsync("queuepoll");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_report_of_N_tickets_gets_exactly_one_comment_each_and_a_second_poll_writes_nothing()
    {
        var tickets = _bed.ReportTickets;
        tickets.Should().HaveCountGreaterThan(3, "the synthetic report lists several tickets");

        var first = await _bed.Poller(CommentChain).PollAsync(CancellationToken.None);
        var afterFirst = _bed.Writes();
        var second = await _bed.Poller(CommentChain).PollAsync(CancellationToken.None);

        afterFirst.Should().HaveCount(tickets.Count).And.OnlyContain(w => w.Kind == "ticket.feed");
        afterFirst.Select(w => w.TargetId).Should().BeEquivalentTo(tickets);
        afterFirst.Should().OnlyContain(w => w.Body!["Comments"]!.GetValue<string>() == "We are looking into this.");
        first.Should().Match<LsatsHub.TicketQueue.Log.PollSummary>(s => s.TicketsSeen == tickets.Count && s.Run == tickets.Count && s.Failed == 0 && s.Writes == tickets.Count);
        _bed.Writes().Should().HaveCount(tickets.Count, "the second poll skips every completed action");
        second.Should().Match<LsatsHub.TicketQueue.Log.PollSummary>(s => s.Run == 0 && s.Skipped == tickets.Count && s.Writes == 0);
        (await _bed.LogRowsAsync()).Should().HaveCount(tickets.Count).And.OnlyContain(row => row.Status == "completed" && row.ActionId.StartsWith("comment:", StringComparison.Ordinal));
        (await _bed.ScalarAsync<long>("SELECT count(*) FROM meta.daemon_polls")).Should().Be(2);
        _bed.Log.Lines.Should().Contain(line => line.Contains($"{tickets.Count} ticket(s), actions run {tickets.Count}, skipped 0, failed 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changing_one_actions_configuration_re_runs_only_that_action()
    {
        var chain = new Dictionary<string, string>(CommentChain) { ["LSATS_QUEUE_ACTIONS"] = "find_active_tickets,comment" };
        await _bed.Poller(chain).PollAsync(CancellationToken.None);
        var rowsBefore = await _bed.LogRowsAsync();
        var writesBefore = _bed.Writes().Count;

        var changed = new Dictionary<string, string>(chain) { ["LSATS_QUEUE_COMMENT_COMMENT_TEXT"] = "A technician will call you." };
        var poll = await _bed.Poller(changed).PollAsync(CancellationToken.None);

        var tickets = _bed.ReportTickets;
        var newWrites = _bed.Writes().Skip(writesBefore).ToList();
        newWrites.Should().HaveCount(tickets.Count).And.OnlyContain(w => w.Kind == "ticket.feed" && w.Body!["Comments"]!.GetValue<string>() == "A technician will call you.");
        poll.Run.Should().Be(tickets.Count, "only the comment ran");
        poll.Skipped.Should().Be(tickets.Count, "find_active_tickets kept its id and was skipped");
        var rowsAfter = await _bed.LogRowsAsync();
        rowsAfter.Where(r => r.ActionId.StartsWith("find_active_tickets:", StringComparison.Ordinal)).Should().BeEquivalentTo(rowsBefore.Where(r => r.ActionId.StartsWith("find_active_tickets:", StringComparison.Ordinal)));
        rowsAfter.Count(r => r.ActionId.StartsWith("comment:", StringComparison.Ordinal)).Should().Be(2 * tickets.Count, "the changed comment has a new id");
    }

    [Fact]
    public async Task A_500_on_one_ticket_leaves_it_failed_and_the_others_done_and_the_next_poll_retries_it()
    {
        var tickets = _bed.ReportTickets;
        var broken = tickets[1];
        _bed.Tdx.Faults.FailTicket(broken);

        var first = await _bed.Poller(CommentChain).PollAsync(CancellationToken.None);
        var rows = await _bed.LogRowsAsync();
        _bed.Tdx.Faults.HealTicket(broken);
        var second = await _bed.Poller(CommentChain).PollAsync(CancellationToken.None);

        first.Failed.Should().Be(1);
        rows.Single(r => r.TicketId == broken).Should().Match<(int TicketId, string ActionId, string Status, int Attempts)>(r => r.Status == "failed" && r.Attempts == 1);
        rows.Where(r => r.TicketId != broken).Should().HaveCount(tickets.Count - 1).And.OnlyContain(r => r.Status == "completed");
        second.Should().Match<LsatsHub.TicketQueue.Log.PollSummary>(s => s.Run == 1 && s.Failed == 0 && s.Skipped == tickets.Count - 1);
        _bed.Writes("ticket.feed").Select(w => w.TargetId).Should().BeEquivalentTo(tickets, "each ticket has exactly one comment in the end");
        (await _bed.LogRowsAsync()).Single(r => r.TicketId == broken).Should().Match<(int TicketId, string ActionId, string Status, int Attempts)>(r => r.Status == "completed" && r.Attempts == 2);
    }

    [Fact]
    public async Task A_ticket_that_keeps_failing_is_left_failed_after_the_attempt_limit_and_no_longer_called()
    {
        var broken = _bed.ReportTickets[0];
        _bed.Tdx.Faults.FailTicket(broken);
        var limited = new Dictionary<string, string>(CommentChain) { ["LSATS_QUEUE_MAX_ATTEMPTS"] = "2" };

        await _bed.Poller(limited).PollAsync(CancellationToken.None);
        await _bed.Poller(limited).PollAsync(CancellationToken.None);
        var callsBefore = _bed.Tdx.Journal.Entries.Count(e => e.Path.Contains($"/tickets/{broken}", StringComparison.Ordinal));
        var third = await _bed.Poller(limited).PollAsync(CancellationToken.None);

        third.GivenUp.Should().Be(1);
        third.Run.Should().Be(0);
        _bed.Tdx.Journal.Entries.Count(e => e.Path.Contains($"/tickets/{broken}", StringComparison.Ordinal)).Should().Be(callsBefore);
        (await _bed.LogRowsAsync()).Single(r => r.TicketId == broken).Should().Match<(int TicketId, string ActionId, string Status, int Attempts)>(r => r.Status == "failed" && r.Attempts == 2);
    }

    [Fact]
    public async Task With_the_database_unreachable_nothing_is_written_to_TDX()
    {
        var builder = new NpgsqlConnectionStringBuilder(_bed.Database.ConnectionString) { Host = "127.0.0.1", Port = ClosedPort(), Timeout = 3 };
        await using var unreachable = NpgsqlDataSource.Create(builder.ConnectionString);
        var poller = _bed.Poller(CommentChain, dataSource: unreachable);

        var act = () => poller.PollAsync(CancellationToken.None);

        await act.Should().ThrowAsync<NpgsqlException>();
        _bed.Writes().Should().BeEmpty();
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_to_TDX_nor_to_the_log_and_says_what_it_would_do()
    {
        var tickets = _bed.ReportTickets;

        var poll = await _bed.Poller(CommentChain, dryRun: true).PollAsync(CancellationToken.None);

        _bed.Writes().Should().BeEmpty();
        (await _bed.LogRowsAsync()).Should().BeEmpty();
        (await _bed.ScalarAsync<long>("SELECT count(*) FROM meta.daemon_polls")).Should().Be(0);
        poll.Writes.Should().Be(tickets.Count);
        _bed.Log.Lines.Count(line => line.Contains("dry run: would post a comment on ticket", StringComparison.Ordinal)).Should().Be(tickets.Count);
    }

    [Fact]
    public void Writing_to_a_production_TDX_needs_the_explicit_setting_but_a_dry_run_does_not()
    {
        var production = new Dictionary<string, string>(CommentChain) { ["TDX_BASE_URL"] = _bed.Tdx.ProductionBaseUrl };

        var refused = () => _bed.Poller(production);
        var dry = () => _bed.Poller(production, dryRun: true);
        var allowed = () => _bed.Poller(new Dictionary<string, string>(production) { ["LSATS_QUEUE_ALLOW_PRODUCTION"] = "true" });

        refused.Should().Throw<FormatException>().WithMessage("*production*LSATS_QUEUE_ALLOW_PRODUCTION=true*");
        dry.Should().NotThrow();
        allowed.Should().NotThrow();
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
