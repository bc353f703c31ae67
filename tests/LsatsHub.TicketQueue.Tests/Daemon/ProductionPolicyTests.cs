using LsatsHub.Testing;
using LsatsHub.TicketQueue.Tests.Support;

namespace LsatsHub.TicketQueue.Tests.Daemon;

/// <summary>
/// The sandbox-first write policy as lsats-run applies it to <c>queue run --once</c> (docs/tdx-sync.md): against a production
/// base URL it refuses without <c>--production</c>, refuses <c>--production</c> without a completed production dry run in the
/// last 24 h, and allows it after one; the environment is printed first.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProductionPolicyTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("lsats-queue-policy-");
    private QueueBed _bed = null!;

    public async Task InitializeAsync() => _bed = await QueueBed.CreateAsync("queuepolicy");

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Production_without_the_production_flag_is_refused_with_exit_2_and_writes_nothing()
    {
        using var run = ChildRunner.Start(Variables(), _folder.FullName, "queue", "run", "--once");
        var exit = await run.WaitAsync(Bound);

        exit.Should().Be(2, run.Error);
        run.Output.Should().Contain("TDX PRODUCTION at " + _bed.Tdx.ProductionBaseUrl);
        run.Error.Should().Contain("is production").And.Contain("--production");
        _bed.Writes().Should().BeEmpty();
    }

    [Fact]
    public async Task The_production_flag_needs_a_production_dry_run_of_the_same_command_in_the_last_24_hours()
    {
        var variables = Variables();

        using var withoutDryRun = ChildRunner.Start(variables, _folder.FullName, "queue", "run", "--once", "--production");
        var refusedExit = await withoutDryRun.WaitAsync(Bound);
        var writesAfterRefusal = _bed.Writes().Count;

        using var dryRun = ChildRunner.Start(variables, _folder.FullName, "queue", "run", "--once", "--dry-run");
        var dryExit = await dryRun.WaitAsync(Bound);
        var recorded = await _bed.ScalarAsync<long>("SELECT count(*) FROM meta.tdx_production_dry_runs WHERE command = 'queue run'");
        var writesAfterDryRun = _bed.Writes().Count;

        using var live = ChildRunner.Start(variables, _folder.FullName, "queue", "run", "--once", "--production");
        var liveExit = await live.WaitAsync(Bound);

        refusedExit.Should().Be(2, withoutDryRun.Error);
        withoutDryRun.Error.Should().Contain("never completed a --dry-run against production");
        writesAfterRefusal.Should().Be(0);
        dryExit.Should().Be(0, dryRun.Error);
        dryRun.Output.Should().Contain("dry run");
        recorded.Should().Be(1);
        writesAfterDryRun.Should().Be(0);
        liveExit.Should().Be(0, live.Error);
        _bed.Writes("ticket.feed").Should().HaveCount(_bed.ReportTickets.Count, "the live run after the dry run comments on every ticket");
    }

    [Fact]
    public async Task A_production_dry_run_older_than_24_hours_no_longer_allows_the_live_run()
    {
        var variables = Variables();
        using (var dryRun = ChildRunner.Start(variables, _folder.FullName, "queue", "run", "--once", "--dry-run"))
        {
            (await dryRun.WaitAsync(Bound)).Should().Be(0, dryRun.Error);
        }

        await _bed.ExecuteAsync("UPDATE meta.tdx_production_dry_runs SET completed_at = completed_at - interval '25 hours'");
        using var live = ChildRunner.Start(variables, _folder.FullName, "queue", "run", "--once", "--production");
        var exit = await live.WaitAsync(Bound);

        exit.Should().Be(2, live.Error);
        live.Error.Should().Contain("more than 24 h");
        _bed.Writes().Should().BeEmpty();
    }

    private Dictionary<string, string> Variables()
    {
        var variables = _bed.Variables;
        variables["TDX_BASE_URL"] = _bed.Tdx.ProductionBaseUrl;
        variables["LSATS_QUEUE_ACTIONS"] = "comment";
        variables["LSATS_QUEUE_COMMENT_COMMENT_TEXT"] = "We are looking into this.";
        variables["LSATS_LOG_DIR"] = Path.Combine(_folder.FullName, "logs");
        return variables;
    }
}
