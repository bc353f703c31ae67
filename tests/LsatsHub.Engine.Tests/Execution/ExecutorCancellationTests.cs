using LsatsHub.Engine.Execution;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Execution;

public sealed class ExecutorCancellationTests
{
    [Fact]
    public async Task Cancelling_stops_the_running_step_cancels_the_pending_ones_and_starts_nothing_new()
    {
        await using var harness = new ExecutorHarness();
        using var cancellation = new CancellationTokenSource();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tokenSeenCancelled = false;
        var steps = new[]
        {
            new TestStep("bronze.a", async (_, token) =>
            {
                running.SetResult();
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, token);
                }
                catch (OperationCanceledException)
                {
                    tokenSeenCancelled = token.IsCancellationRequested;
                    throw;
                }

                return StepResult.Completed;
            }),
            new TestStep("bronze.b"),
            new TestStep("silver.c", parents: ["bronze.a"]),
        };

        var run = harness.StartAsync(steps, new ExecutionOptions { MaxParallel = 1 }, cancellationToken: cancellation.Token);
        await running.Task.WaitAsync(ExecutorHarness.HangGuard);
        await cancellation.CancelAsync();
        var report = await run.WaitAsync(ExecutorHarness.HangGuard);

        report.Status.Should().Be(RunStatus.Cancelled);
        report.Steps.Should().OnlyContain(step => step.Status == StepStatus.Cancelled);
        report.Step("bronze.a").Error.Should().Be("run cancelled while the step was running");
        report.Step("bronze.b").Error.Should().Be("run cancelled before the step started");
        tokenSeenCancelled.Should().BeTrue();
        steps[1].Runs.Should().Be(0);
        steps[2].Runs.Should().Be(0);
        harness.Observer.Started.Select(started => started.StepName).Should().Equal("bronze.a");
        harness.Observer.Finished.Select(finished => finished.StepName).Should().BeEquivalentTo("bronze.a", "bronze.b", "silver.c");
    }

    [Fact]
    public async Task A_run_cancelled_before_it_starts_runs_nothing_and_reports_every_step_cancelled()
    {
        await using var harness = new ExecutorHarness();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var steps = new[] { new TestStep("bronze.a"), new TestStep("silver.b", parents: ["bronze.a"]) };

        var report = await harness.RunAsync(steps, cancellationToken: cancellation.Token);

        report.Status.Should().Be(RunStatus.Cancelled);
        report.Steps.Should().HaveCount(2).And.OnlyContain(step => step.Status == StepStatus.Cancelled && step.Attempts == 0);
        steps.Should().OnlyContain(step => step.Runs == 0);
        harness.Observer.Finished.Should().HaveCount(2);
    }

    [Fact]
    public async Task Cancelling_during_a_backoff_stops_the_retries()
    {
        await using var harness = new ExecutorHarness();
        using var cancellation = new CancellationTokenSource();
        var attempted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var step = new TestStep("bronze.flaky", (_, _) =>
        {
            attempted.TrySetResult();
            throw new TransientStepException("again");
        }, retry: new StepRetryPolicy(5, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)));

        // The fake clock never moves, so without cancellation the backoff would never end.
        var run = harness.StartAsync([step], cancellationToken: cancellation.Token);
        await attempted.Task.WaitAsync(ExecutorHarness.HangGuard);

        await cancellation.CancelAsync();
        var report = await run.WaitAsync(ExecutorHarness.HangGuard);

        report.Status.Should().Be(RunStatus.Cancelled);
        report.Step("bronze.flaky").Status.Should().Be(StepStatus.Cancelled);
        step.Runs.Should().Be(1);
    }

    [Fact]
    public async Task A_step_that_finishes_its_work_despite_cancellation_keeps_its_success()
    {
        await using var harness = new ExecutorHarness();
        using var cancellation = new CancellationTokenSource();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var step = new TestStep("bronze.committing", async (_, _) =>
        {
            running.SetResult();
            await mayFinish.Task;
            return StepResult.Completed;
        });

        var run = harness.StartAsync([step], cancellationToken: cancellation.Token);
        await running.Task.WaitAsync(ExecutorHarness.HangGuard);
        await cancellation.CancelAsync();
        mayFinish.SetResult();
        var report = await run.WaitAsync(ExecutorHarness.HangGuard);

        report.Status.Should().Be(RunStatus.Cancelled);
        report.Step("bronze.committing").Status.Should().Be(StepStatus.Succeeded);
    }
}
