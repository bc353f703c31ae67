using LsatsHub.Engine.Execution;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Execution;

public sealed class ExecutorRetryTests
{
    // Backoffs of half an hour: were they waited for on the system clock, the hang guard would fail the test.
    private static readonly StepRetryPolicy ThreeAttempts = new(3, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1));

    private static readonly TimeSpan LongestBackoff = ThreeAttempts.MaxDelay;

    [Fact]
    public async Task A_transient_failure_is_retried_after_a_backoff_and_then_succeeds()
    {
        await using var harness = new ExecutorHarness();
        var step = new TestStep("bronze.flaky", (context, _) =>
        {
            context.Counters.AddRead(context.Attempt == 1 ? 5 : 7);
            return context.Attempt == 1
                ? throw new TransientStepException("connection reset")
                : Task.FromResult(new StepResult("ok on retry"));
        }, retry: ThreeAttempts);

        var report = await harness.Clock.AdvanceUntilCompletedAsync(harness.StartAsync([step]), LongestBackoff);

        report.Status.Should().Be(RunStatus.Succeeded);
        var flaky = report.Step("bronze.flaky");
        flaky.Attempts.Should().Be(2);
        flaky.RowsRead.Should().Be(7, "the counters of the last attempt are reported and each attempt gets fresh ones");
        flaky.Summary.Should().Be("ok on retry");
        step.Contexts.Select(context => context.Attempt).Should().Equal(1, 2);
        step.Contexts.Distinct().Should().HaveCount(2);
    }

    [Fact]
    public async Task Each_attempt_is_reported_as_started()
    {
        await using var harness = new ExecutorHarness();
        var step = new TestStep("bronze.flaky", (context, _) => context.Attempt == 1
            ? throw new TransientStepException("try again")
            : Task.FromResult(StepResult.Completed), retry: ThreeAttempts);

        await harness.Clock.AdvanceUntilCompletedAsync(harness.StartAsync([step]), LongestBackoff);

        harness.Observer.Started.Select(started => (started.StepName, started.Status, started.Attempts))
            .Should().Equal(("bronze.flaky", StepStatus.Running, 1), ("bronze.flaky", StepStatus.Running, 2));
        harness.Observer.Finished.Should().ContainSingle().Which.Status.Should().Be(StepStatus.Succeeded);
    }

    [Fact]
    public async Task A_non_transient_failure_is_not_retried()
    {
        await using var harness = new ExecutorHarness();
        var step = new TestStep("bronze.broken", (_, _) => throw new InvalidOperationException("bad column"), retry: ThreeAttempts);

        var report = await harness.RunAsync([step]);

        report.Step("bronze.broken").Status.Should().Be(StepStatus.Failed);
        report.Step("bronze.broken").Attempts.Should().Be(1);
        step.Runs.Should().Be(1);
    }

    [Fact]
    public async Task Retries_stop_at_the_policys_maximum_attempts()
    {
        await using var harness = new ExecutorHarness();
        var step = new TestStep("bronze.down", (_, _) => throw new TransientStepException("still down"), retry: ThreeAttempts);

        var report = await harness.Clock.AdvanceUntilCompletedAsync(harness.StartAsync([step]), LongestBackoff);

        var down = report.Step("bronze.down");
        down.Status.Should().Be(StepStatus.Failed);
        down.Attempts.Should().Be(3);
        down.Error.Should().Be("TransientStepException: still down");
        step.Runs.Should().Be(3);
    }

    [Fact]
    public async Task An_attempt_past_its_timeout_is_cancelled_and_fails_the_step_without_a_retry()
    {
        await using var harness = new ExecutorHarness();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tokenSeenCancelled = false;
        var step = new TestStep("bronze.stuck", async (_, token) =>
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
        }, retry: ThreeAttempts, timeout: TimeSpan.FromMinutes(5));
        var sibling = new TestStep("bronze.fine");

        var run = harness.StartAsync([step, sibling]);
        await running.Task.WaitAsync(ExecutorHarness.HangGuard);
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        var report = await run.WaitAsync(ExecutorHarness.HangGuard);

        report.Status.Should().Be(RunStatus.Failed);
        var stuck = report.Step("bronze.stuck");
        stuck.Status.Should().Be(StepStatus.Failed);
        stuck.Error.Should().Be("timed out after 00:05:00");
        stuck.Attempts.Should().Be(1);
        tokenSeenCancelled.Should().BeTrue();
        report.Step("bronze.fine").Status.Should().Be(StepStatus.Succeeded);
    }

    [Fact]
    public async Task An_attempt_within_its_timeout_is_left_alone()
    {
        await using var harness = new ExecutorHarness();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var step = new TestStep("bronze.slow", async (_, token) =>
        {
            running.SetResult();
            await mayFinish.Task.WaitAsync(token);
            return StepResult.Completed;
        }, timeout: TimeSpan.FromMinutes(5));

        var run = harness.StartAsync([step]);
        await running.Task.WaitAsync(ExecutorHarness.HangGuard);
        harness.Clock.Advance(TimeSpan.FromMinutes(4));
        mayFinish.SetResult();
        var report = await run.WaitAsync(ExecutorHarness.HangGuard);

        report.Step("bronze.slow").Status.Should().Be(StepStatus.Succeeded);
    }
}
