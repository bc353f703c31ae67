using LsatsHub.Engine;
using LsatsHub.Engine.Execution;
using LsatsHub.Runner.Output;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Runner.Tests.Output;

public sealed class ConsoleProgressTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Under_systemd_a_long_step_logs_one_plain_progress_line_a_minute_with_its_count_and_rate()
    {
        var clock = new FakeTimeProvider(Start);
        var output = new StringWriter();
        using var console = new ConsoleProgress(output, terminal: false, totalSteps: 1, clock);
        var progress = new StepProgress();
        await console.OnStepStartedAsync(Running("bronze.ad.users", progress), CancellationToken.None);

        progress.Counter("records").Add(30_000);
        clock.Advance(TimeSpan.FromSeconds(59));
        var beforeAMinute = output.ToString();
        clock.Advance(TimeSpan.FromSeconds(1));
        progress.Counter("records").Add(30_000);
        clock.Advance(TimeSpan.FromMinutes(1));

        beforeAMinute.Should().Be("step bronze.ad.users started\n");
        Lines(output).Should().Equal(
            "step bronze.ad.users started",
            "step bronze.ad.users running 1m00s: 30,000 records (500/s)",
            "step bronze.ad.users running 2m00s: 60,000 records (500/s)");
        output.ToString().Should().NotContain("\u001b");
    }

    [Fact]
    public async Task TDX_calls_show_how_many_of_the_total_were_made_and_how_many_remain()
    {
        var clock = new FakeTimeProvider(Start);
        var output = new StringWriter();
        using var console = new ConsoleProgress(output, terminal: false, totalSteps: 1, clock);
        var progress = new StepProgress();
        await console.OnStepStartedAsync(Running("bronze.tdx.users.enrich", progress), CancellationToken.None);

        progress.Counter("records").Add(120);
        var calls = progress.Counter("TDX calls");
        calls.SetTotal(1_000);
        calls.Add(120);
        clock.Advance(TimeSpan.FromMinutes(1));

        Lines(output).Last().Should().Be("step bronze.tdx.users.enrich running 1m00s: 120 records (2/s), TDX calls 120 of 1,000 (880 left) (2/s)");
    }

    [Fact]
    public async Task A_finished_step_logs_no_more_progress_and_a_short_step_none_at_all()
    {
        var clock = new FakeTimeProvider(Start);
        var output = new StringWriter();
        using var console = new ConsoleProgress(output, terminal: false, totalSteps: 2, clock);
        var slow = new StepProgress();
        await console.OnStepStartedAsync(Running("slow", slow), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(59));
        await console.OnStepStartedAsync(Running("quick", new StepProgress(), clock.GetUtcNow()), CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(1));
        await console.OnStepFinishedAsync(Finished("slow", clock.GetUtcNow()), CancellationToken.None);
        await console.OnStepFinishedAsync(Finished("quick", clock.GetUtcNow()) with { StartedAt = clock.GetUtcNow().AddSeconds(-1) }, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(3));

        Lines(output).Should().Equal(
            "step slow started",
            "step quick started",
            "step slow running 1m00s",
            "step slow succeeded, 1m00s",
            "step quick succeeded, 1.0s");
    }

    [Fact]
    public async Task On_a_terminal_the_live_line_is_redrawn_every_second_and_cleared_before_other_lines_and_at_the_end()
    {
        var clock = new FakeTimeProvider(Start);
        var output = new StringWriter();
        var console = new ConsoleProgress(output, terminal: true, totalSteps: 1, clock);
        var progress = new StepProgress();
        await console.OnStepStartedAsync(Running("bronze.ad.users", progress), CancellationToken.None);

        progress.Counter("records").Add(4_000);
        clock.Advance(TimeSpan.FromSeconds(4));
        var live = output.ToString();
        await console.OnStepFinishedAsync(Finished("bronze.ad.users", clock.GetUtcNow()), CancellationToken.None);
        console.Dispose();

        live.Should().EndWith("bronze.ad.users running 4.0s: 4,000 records (1,000/s)");
        live.Should().Contain("\r\u001b[K", "each redraw replaces the previous live line");
        var afterLive = output.ToString()[live.Length..];
        afterLive.Should().StartWith("\r\u001b[K[1/1 done", "the live line is cleared before the next event line");
        afterLive.Should().NotContain("running 4");
    }

    private static StepRunReport Running(string name, StepProgress progress, DateTimeOffset? started = null) =>
        new(name, StepStatus.Running, started ?? Start, null, 1, 0, 0, null, null) { Progress = progress };

    private static StepRunReport Finished(string name, DateTimeOffset finished) =>
        new(name, StepStatus.Succeeded, Start, finished, 1, 0, 0, null, null);

    private static string[] Lines(StringWriter output) => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
