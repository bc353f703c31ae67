using LsatsHub.Engine.Execution;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Engine.Tests.Execution;

public sealed class ExecutorReportingTests
{
    [Fact]
    public async Task The_observer_hears_every_start_and_every_final_status_including_skips()
    {
        await using var harness = new ExecutorHarness();
        var steps = new[]
        {
            new ScriptedStep("bronze.a", (_, _) => throw new InvalidOperationException("boom")),
            new ScriptedStep("silver.b", parents: ["bronze.a"]),
            new ScriptedStep("bronze.c"),
        };

        await harness.RunAsync(steps);

        harness.Observer.Started.Select(started => started.StepName).Should().BeEquivalentTo("bronze.a", "bronze.c");
        harness.Observer.Started.Should().OnlyContain(started => started.Status == StepStatus.Running && started.Attempts == 1 && started.FinishedAt == null);
        harness.Observer.Finished.Select(finished => (finished.StepName, finished.Status)).Should().BeEquivalentTo(new[]
        {
            ("bronze.a", StepStatus.Failed),
            ("silver.b", StepStatus.Skipped),
            ("bronze.c", StepStatus.Succeeded),
        });
    }

    [Fact]
    public async Task The_observer_sees_the_live_progress_the_running_attempt_reports()
    {
        await using var harness = new ExecutorHarness();
        var step = new ScriptedStep("bronze.users", (context, _) =>
        {
            context.Progress.Counter("records").Add(42);
            return Task.FromResult(StepResult.Completed);
        });

        await harness.RunAsync([step]);

        var progress = harness.Observer.Started.Single().Progress;
        progress.Should().BeSameAs(step.Contexts.Single().Progress);
        progress!.Read().Should().Equal(new ProgressReading("records", 42, null));
    }

    [Fact]
    public async Task An_observer_that_throws_does_not_stop_the_run()
    {
        await using var harness = new ExecutorHarness();
        var observer = new ThrowingObserver();
        var steps = new[] { new ScriptedStep("bronze.a"), new ScriptedStep("silver.b", parents: ["bronze.a"]) };

        var report = await harness.RunAsync(steps, observer: observer);

        report.Status.Should().Be(RunStatus.Succeeded);
        steps.Should().OnlyContain(step => step.Runs == 1);
        observer.Calls.Should().Be(4);
        harness.Logs.Entries.Where(entry => entry.Level == LogLevel.Error).Select(entry => entry.Message)
            .Should().Contain(message => message.Contains("silver.b", StringComparison.Ordinal) && message.Contains("observer broke on finish", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Counters_summary_and_times_from_the_injected_clock_appear_in_the_report()
    {
        await using var harness = new ExecutorHarness();
        var start = harness.Clock.GetUtcNow();
        var step = new ScriptedStep("bronze.users", (context, _) =>
        {
            context.Counters.AddRead(120);
            context.Counters.AddWritten(17);
            harness.Clock.Advance(TimeSpan.FromMinutes(3));
            return Task.FromResult(new StepResult("17 new versions"));
        });

        var report = await harness.RunAsync([step]);

        var users = report.Step("bronze.users");
        users.RowsRead.Should().Be(120);
        users.RowsWritten.Should().Be(17);
        users.Summary.Should().Be("17 new versions");
        users.StartedAt.Should().Be(start);
        users.FinishedAt.Should().Be(start + TimeSpan.FromMinutes(3));
        report.StartedAt.Should().Be(start);
        report.FinishedAt.Should().Be(start + TimeSpan.FromMinutes(3));
        report.RunId.Should().Be(harness.RunId);
    }

    [Fact]
    public async Task Counters_of_a_failed_attempt_are_kept()
    {
        await using var harness = new ExecutorHarness();
        var step = new ScriptedStep("bronze.users", (context, _) =>
        {
            context.Counters.AddRead(40);
            throw new InvalidOperationException("bad row");
        });

        var report = await harness.RunAsync([step]);

        report.Step("bronze.users").RowsRead.Should().Be(40);
    }

    [Fact]
    public async Task Each_step_gets_a_context_for_this_run()
    {
        await using var harness = new ExecutorHarness();
        var step = new ScriptedStep("bronze.users");

        await harness.RunAsync([step], new ExecutionOptions { DryRun = true });

        var context = step.Contexts.Should().ContainSingle().Subject;
        context.RunId.Should().Be(harness.RunId);
        context.StepName.Should().Be("bronze.users");
        context.DryRun.Should().BeTrue();
        context.Attempt.Should().Be(1);
        context.Clock.Should().BeSameAs(harness.Clock);
        context.DataSource.Should().BeSameAs(harness.DataSource);
        context.Configuration.Should().BeSameAs(harness.Configuration);
        context.Logger.LogInformation("hello from the step");
        harness.Logs.Entries.Should().Contain(("bronze.users", LogLevel.Information, "hello from the step"));
    }

    [Fact]
    public async Task The_report_lists_every_selected_step_by_name()
    {
        await using var harness = new ExecutorHarness();
        var steps = new[] { new ScriptedStep("silver.z"), new ScriptedStep("bronze.m"), new ScriptedStep("bronze.a") };

        var report = await harness.RunAsync(steps);

        report.Steps.Select(step => step.StepName).Should().Equal("bronze.a", "bronze.m", "silver.z");
    }
}
