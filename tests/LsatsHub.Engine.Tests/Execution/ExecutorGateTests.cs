using System.Collections.Concurrent;
using LsatsHub.Engine.Execution;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Execution;

public sealed class ExecutorGateTests
{
    private static readonly Func<StepDescriptor, bool> SilverSteps = descriptor => descriptor.Layer == new LayerName("silver");

    [Fact]
    public async Task A_gate_opens_once_before_the_first_step_it_applies_to()
    {
        await using var harness = new ExecutorHarness();
        var events = new ConcurrentQueue<string>();
        var opened = 0;
        var gate = new StepGate("pre-silver snapshot", SilverSteps, async _ =>
        {
            Interlocked.Increment(ref opened);
            await Task.Yield();
            events.Enqueue("gate");
        });
        Func<StepContext, CancellationToken, Task<StepResult>> Record() => (context, _) =>
        {
            events.Enqueue(context.StepName);
            return Task.FromResult(StepResult.Completed);
        };
        var steps = new[]
        {
            new TestStep("bronze.a", Record()),
            new TestStep("silver.b", Record(), parents: ["bronze.a"]),
            new TestStep("silver.c", Record(), parents: ["bronze.a"]),
            new TestStep("silver.d", Record()),
        };

        var report = await harness.RunAsync(steps, new ExecutionOptions { MaxParallel = 8, Gates = [gate] });

        report.Status.Should().Be(RunStatus.Succeeded);
        opened.Should().Be(1);
        var order = events.ToList();
        order.Should().HaveCount(5);
        order.IndexOf("gate").Should().BeLessThan(new[] { "silver.b", "silver.c", "silver.d" }.Min(order.IndexOf));
    }

    [Fact]
    public async Task A_gate_never_opens_when_no_step_it_applies_to_is_selected()
    {
        await using var harness = new ExecutorHarness();
        var opened = 0;
        var gate = new StepGate("pre-silver snapshot", SilverSteps, _ =>
        {
            Interlocked.Increment(ref opened);
            return Task.CompletedTask;
        });
        var steps = new[] { new TestStep("bronze.a"), new TestStep("silver.b", parents: ["bronze.a"]) };

        var report = await harness.RunAsync(steps, new ExecutionOptions { Gates = [gate] }, selected: ["bronze.a"]);

        report.Status.Should().Be(RunStatus.Succeeded);
        opened.Should().Be(0);
    }

    [Fact]
    public async Task A_gate_never_opens_when_the_steps_it_applies_to_are_skipped()
    {
        await using var harness = new ExecutorHarness();
        var opened = 0;
        var gate = new StepGate("pre-silver snapshot", SilverSteps, _ =>
        {
            Interlocked.Increment(ref opened);
            return Task.CompletedTask;
        });
        var steps = new[]
        {
            new TestStep("bronze.a", (_, _) => throw new InvalidOperationException("no source")),
            new TestStep("silver.b", parents: ["bronze.a"]),
        };

        var report = await harness.RunAsync(steps, new ExecutionOptions { Gates = [gate] });

        report.Step("silver.b").Status.Should().Be(StepStatus.Skipped);
        opened.Should().Be(0);
    }

    [Fact]
    public async Task A_failing_gate_fails_its_steps_skips_their_descendants_and_lets_the_others_finish()
    {
        await using var harness = new ExecutorHarness();
        var gate = new StepGate("pre-silver snapshot", SilverSteps, _ => throw new InvalidOperationException("disk full"));
        var steps = new[]
        {
            new TestStep("bronze.a"),
            new TestStep("silver.b", parents: ["bronze.a"]),
            new TestStep("gold.c", parents: ["silver.b"]),
            new TestStep("bronze.e"),
            new TestStep("bronze.f", parents: ["bronze.e"]),
        };

        var report = await harness.RunAsync(steps, new ExecutionOptions { Gates = [gate] });

        report.Status.Should().Be(RunStatus.Failed);
        report.Statuses().Should().BeEquivalentTo(new Dictionary<string, StepStatus>
        {
            ["bronze.a"] = StepStatus.Succeeded,
            ["silver.b"] = StepStatus.Failed,
            ["gold.c"] = StepStatus.Skipped,
            ["bronze.e"] = StepStatus.Succeeded,
            ["bronze.f"] = StepStatus.Succeeded,
        });
        report.Step("silver.b").Error.Should().Be("pre-silver snapshot failed: InvalidOperationException: disk full");
        report.Step("gold.c").Error.Should().Be("upstream failed: silver.b");
        steps[1].Runs.Should().Be(0);
        steps[2].Runs.Should().Be(0);
    }

    [Fact]
    public async Task Steps_the_gate_does_not_apply_to_run_while_it_opens()
    {
        await using var harness = new ExecutorHarness();
        var gateAndBronzeBothBusy = new ArrivalBarrier(2);
        var gate = new StepGate("pre-silver snapshot", SilverSteps, token => gateAndBronzeBothBusy.ArriveAndWaitAsync(token));
        var steps = new[]
        {
            new TestStep("bronze.a", async (_, token) =>
            {
                await gateAndBronzeBothBusy.ArriveAndWaitAsync(token);
                return StepResult.Completed;
            }),
            new TestStep("silver.b"),
        };

        var report = await harness.RunAsync(steps, new ExecutionOptions { MaxParallel = 4, Gates = [gate] });

        report.Status.Should().Be(RunStatus.Succeeded);
    }

    [Fact]
    public async Task A_gate_whose_predicate_throws_fails_the_steps_instead_of_letting_them_through()
    {
        await using var harness = new ExecutorHarness();
        var gate = new StepGate("pre-silver snapshot", _ => throw new InvalidOperationException("bad predicate"), _ => Task.CompletedTask);
        var step = new TestStep("silver.b");

        var report = await harness.RunAsync([step], new ExecutionOptions { Gates = [gate] });

        report.Step("silver.b").Status.Should().Be(StepStatus.Failed);
        report.Step("silver.b").Error.Should().StartWith("pre-silver snapshot failed:").And.Contain("bad predicate");
        step.Runs.Should().Be(0);
    }

    [Fact]
    public async Task Cancelling_while_a_gate_opens_cancels_the_gate_and_its_steps()
    {
        await using var harness = new ExecutorHarness();
        using var cancellation = new CancellationTokenSource();
        var opening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gateTokenCancelled = false;
        var gate = new StepGate("pre-silver snapshot", SilverSteps, async token =>
        {
            opening.SetResult();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
            }
            catch (OperationCanceledException)
            {
                gateTokenCancelled = token.IsCancellationRequested;
                throw;
            }
        });
        var step = new TestStep("silver.b");

        var run = harness.StartAsync([step], new ExecutionOptions { Gates = [gate] }, cancellationToken: cancellation.Token);
        await opening.Task.WaitAsync(ExecutorHarness.HangGuard);
        await cancellation.CancelAsync();
        var report = await run.WaitAsync(ExecutorHarness.HangGuard);

        report.Status.Should().Be(RunStatus.Cancelled);
        report.Step("silver.b").Status.Should().Be(StepStatus.Cancelled);
        gateTokenCancelled.Should().BeTrue();
        step.Runs.Should().Be(0);
    }
}
