using System.Threading.Channels;
using LsatsHub.Engine.Execution;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Execution;

public sealed class ExecutorSchedulingTests
{
    [Fact]
    public async Task Independent_branches_run_at_the_same_time()
    {
        await using var harness = new ExecutorHarness();
        var probe = new ConcurrencyProbe();
        var bothRunning = new ArrivalBarrier(2);
        Func<StepContext, CancellationToken, Task<StepResult>> meet = async (_, token) =>
        {
            probe.Enter();
            await bothRunning.ArriveAndWaitAsync(token);
            probe.Exit();
            return StepResult.Completed;
        };
        var steps = new[] { new TestStep("bronze.left", meet), new TestStep("bronze.right", meet) };

        var report = await harness.RunAsync(steps, new ExecutionOptions { MaxParallel = 4 });

        report.Status.Should().Be(RunStatus.Succeeded);
        probe.Max.Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_step_starts_as_soon_as_its_parents_succeed_without_waiting_for_an_unrelated_slow_branch()
    {
        await using var harness = new ExecutorHarness();
        var chainDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var steps = new[]
        {
            // The slow step only finishes once the whole chain beside it has finished; run in waves
            // (tiers), the chain's second step would wait for it and the run would never end.
            new TestStep("bronze.slow", async (_, token) =>
            {
                await chainDone.Task.WaitAsync(token);
                return StepResult.Completed;
            }),
            new TestStep("bronze.first"),
            new TestStep("silver.second", parents: ["bronze.first"]),
            new TestStep("silver.third", (_, _) =>
            {
                chainDone.SetResult();
                return Task.FromResult(StepResult.Completed);
            }, parents: ["silver.second"]),
        };

        var report = await harness.RunAsync(steps, new ExecutionOptions { MaxParallel = 4 });

        report.Status.Should().Be(RunStatus.Succeeded);
        report.Steps.Should().OnlyContain(step => step.Status == StepStatus.Succeeded);
    }

    [Fact]
    public async Task A_child_runs_only_after_its_parent_succeeded()
    {
        await using var harness = new ExecutorHarness();
        var parentFinished = 0;
        var parentSeenFinished = false;
        var steps = new[]
        {
            new TestStep("bronze.parent", async (_, _) =>
            {
                await Task.Yield();
                Volatile.Write(ref parentFinished, 1);
                return StepResult.Completed;
            }),
            new TestStep("silver.child", (_, _) =>
            {
                parentSeenFinished = Volatile.Read(ref parentFinished) == 1;
                return Task.FromResult(StepResult.Completed);
            }, parents: ["bronze.parent"]),
        };

        var report = await harness.RunAsync(steps);

        report.Status.Should().Be(RunStatus.Succeeded);
        parentSeenFinished.Should().BeTrue();
    }

    [Fact]
    public async Task MaxParallel_of_one_runs_one_step_at_a_time()
    {
        await using var harness = new ExecutorHarness();
        var probe = new ConcurrencyProbe();
        var started = Channel.CreateUnbounded<string>();
        var releases = new Dictionary<string, TaskCompletionSource>(StringComparer.Ordinal);
        var names = new[] { "bronze.a", "bronze.b", "bronze.c", "bronze.d" };
        foreach (var name in names)
        {
            releases[name] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var steps = names.Select(name => new TestStep(name, async (context, token) =>
        {
            probe.Enter();
            await started.Writer.WriteAsync(context.StepName, token);
            await releases[context.StepName].Task.WaitAsync(token);
            probe.Exit();
            return StepResult.Completed;
        })).ToArray();

        var run = harness.StartAsync(steps, new ExecutionOptions { MaxParallel = 1 });
        var order = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            var name = await started.Reader.ReadAsync().AsTask().WaitAsync(ExecutorHarness.HangGuard);
            order.Add(name);
            releases[name].SetResult();
        }

        var report = await run.WaitAsync(ExecutorHarness.HangGuard);

        report.Status.Should().Be(RunStatus.Succeeded);
        probe.Max.Should().Be(1);
        order.Should().BeEquivalentTo(names);
    }

    [Fact]
    public async Task A_resource_limit_is_never_exceeded_while_unrelated_steps_run_beside_it()
    {
        await using var harness = new ExecutorHarness();
        var tdx = new ConcurrencyProbe();
        var everyone = new ConcurrencyProbe();
        var firstTdxAndBothOthersRunning = new ArrivalBarrier(3);
        var tdxEntered = 0;

        // The tdx steps sort before the others, so the blocked ones sit first among the ready steps:
        // the others must still start beside the one tdx step that runs.
        var tdxSteps = Enumerable.Range(1, 5).Select(i => new TestStep($"bronze.tdx_{i}", async (_, token) =>
        {
            tdx.Enter();
            everyone.Enter();
            if (Interlocked.Increment(ref tdxEntered) == 1)
            {
                await firstTdxAndBothOthersRunning.ArriveAndWaitAsync(token);
            }
            else
            {
                await Task.Yield();
            }

            everyone.Exit();
            tdx.Exit();
            return StepResult.Completed;
        }, resources: ["tdx-api"]));
        var otherSteps = Enumerable.Range(1, 2).Select(i => new TestStep($"bronze.umich_{i}", async (_, token) =>
        {
            everyone.Enter();
            await firstTdxAndBothOthersRunning.ArriveAndWaitAsync(token);
            everyone.Exit();
            return StepResult.Completed;
        }, resources: ["umich-api"]));
        var limits = new Dictionary<string, int>(StringComparer.Ordinal) { ["tdx-api"] = 1 };

        var report = await harness.RunAsync(
            [.. tdxSteps, .. otherSteps],
            new ExecutionOptions { MaxParallel = 8, ResourceLimits = limits });

        report.Status.Should().Be(RunStatus.Succeeded);
        report.Steps.Should().HaveCount(7).And.OnlyContain(step => step.Status == StepStatus.Succeeded);
        tdx.Max.Should().Be(1);
        everyone.Max.Should().BeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task Steps_waiting_on_a_resource_do_not_hold_the_slots_of_steps_without_one()
    {
        await using var harness = new ExecutorHarness();
        var othersDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hungStarted = 0;

        // Two steps hang on their remote system until every other step has finished; if they held
        // the only global slot, the others would never start and the run would never end.
        Func<StepContext, CancellationToken, Task<StepResult>> hang = async (_, token) =>
        {
            Interlocked.Increment(ref hungStarted);
            await othersDone.Task.WaitAsync(token);
            return StepResult.Completed;
        };
        var finishedOthers = 0;
        var others = Enumerable.Range(1, 3).Select(i => new TestStep($"bronze.local_{i}", (_, _) =>
        {
            if (Interlocked.Increment(ref finishedOthers) == 3)
            {
                othersDone.SetResult();
            }

            return Task.FromResult(StepResult.Completed);
        }));
        var steps = new[]
        {
            new TestStep("bronze.a_hung_1", hang, resources: ["ldap-ad"]),
            new TestStep("bronze.a_hung_2", hang, resources: ["ldap-ad"]),
        }.Concat(others).ToArray();

        var report = await harness.RunAsync(steps, new ExecutionOptions { MaxParallel = 1 }).WaitAsync(ExecutorHarness.HangGuard);

        report.Status.Should().Be(RunStatus.Succeeded);
        hungStarted.Should().Be(2);
        finishedOthers.Should().Be(3);
    }

    [Fact]
    public async Task A_resource_with_no_limit_of_its_own_is_bounded_by_the_default_limit()
    {
        await using var harness = new ExecutorHarness();
        var umapi = new ConcurrencyProbe();
        var twoOverlapped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first steps wait until two run at once, so the bound is reached; an unbounded scheduler would have
        // started all six by then.
        var steps = Enumerable.Range(1, 6).Select(i => new TestStep($"bronze.umapi_{i}", async (_, token) =>
        {
            umapi.Enter();
            if (umapi.Max >= 2)
            {
                twoOverlapped.TrySetResult();
            }

            await twoOverlapped.Task.WaitAsync(token);
            umapi.Exit();
            return StepResult.Completed;
        }, resources: ["umapi"])).ToArray();

        var report = await harness.RunAsync(steps, new ExecutionOptions { MaxParallel = 8, DefaultResourceLimit = 2 }).WaitAsync(ExecutorHarness.HangGuard);

        report.Status.Should().Be(RunStatus.Succeeded);
        umapi.Max.Should().Be(2);
    }

    [Fact]
    public async Task A_step_holding_two_limited_resources_waits_for_both_and_the_run_still_finishes()
    {
        await using var harness = new ExecutorHarness();
        var ldap = new ConcurrencyProbe();
        var tdx = new ConcurrencyProbe();
        Func<StepContext, CancellationToken, Task<StepResult>> Hold(params ConcurrencyProbe[] probes) => async (_, _) =>
        {
            Array.ForEach(probes, probe => probe.Enter());
            await Task.Yield();
            Array.ForEach(probes, probe => probe.Exit());
            return StepResult.Completed;
        };
        var steps = new[]
        {
            new TestStep("bronze.both_1", Hold(ldap, tdx), resources: ["tdx-api", "ldap-ad"]),
            new TestStep("bronze.both_2", Hold(ldap, tdx), resources: ["ldap-ad", "tdx-api"]),
            new TestStep("bronze.ldap_1", Hold(ldap), resources: ["ldap-ad"]),
            new TestStep("bronze.tdx_1", Hold(tdx), resources: ["tdx-api"]),
            new TestStep("bronze.tdx_2", Hold(tdx), resources: ["tdx-api", "tdx-api"]),
        };
        var limits = new Dictionary<string, int>(StringComparer.Ordinal) { ["tdx-api"] = 1, ["ldap-ad"] = 1 };

        var report = await harness.RunAsync(steps, new ExecutionOptions { MaxParallel = 8, ResourceLimits = limits });

        report.Status.Should().Be(RunStatus.Succeeded);
        ldap.Max.Should().Be(1);
        tdx.Max.Should().Be(1);
    }

    [Fact]
    public async Task A_step_whose_parents_are_outside_the_selection_starts_at_once()
    {
        await using var harness = new ExecutorHarness();
        var parent = new TestStep("bronze.parent");
        var child = new TestStep("silver.child", parents: ["bronze.parent"]);

        var report = await harness.RunAsync([parent, child], selected: ["silver.child"]);

        report.Status.Should().Be(RunStatus.Succeeded);
        report.Steps.Select(step => step.StepName).Should().Equal("silver.child");
        parent.Runs.Should().Be(0);
        child.Runs.Should().Be(1);
    }

    [Fact]
    public async Task A_step_waits_for_a_selected_ancestor_through_a_step_left_out_of_the_selection()
    {
        await using var harness = new ExecutorHarness();
        var releaseFirst = new TaskCompletionSource();
        var lastStartedWhileFirstRan = false;
        var firstFinished = false;
        var first = new TestStep("bronze.a", async (_, token) =>
        {
            await releaseFirst.Task.WaitAsync(token);
            Volatile.Write(ref firstFinished, true);
            return StepResult.Completed;
        });
        var middle = new TestStep("silver.b", parents: ["bronze.a"]);
        var last = new TestStep("silver.c", parents: ["silver.b"], run: (_, _) =>
        {
            lastStartedWhileFirstRan = !Volatile.Read(ref firstFinished);
            return Task.FromResult(StepResult.Completed);
        });

        var run = harness.RunAsync([first, middle, last], selected: ["bronze.a", "silver.c"]);
        releaseFirst.SetResult();
        var report = await run;

        report.Status.Should().Be(RunStatus.Succeeded);
        lastStartedWhileFirstRan.Should().BeFalse();
        middle.Runs.Should().Be(0);
    }

    [Fact]
    public async Task A_failure_skips_selected_descendants_reached_through_unselected_steps()
    {
        await using var harness = new ExecutorHarness();
        var last = new TestStep("silver.c", parents: ["silver.b"]);
        var steps = new[]
        {
            new TestStep("bronze.a", (_, _) => throw new InvalidOperationException("boom")),
            new TestStep("silver.b", parents: ["bronze.a"]),
            last,
        };

        var report = await harness.RunAsync(steps, selected: ["bronze.a", "silver.c"]);

        report.Step("silver.c").Status.Should().Be(StepStatus.Skipped);
        report.Step("silver.c").Error.Should().Be("upstream failed: bronze.a");
        last.Runs.Should().Be(0);
    }

    [Fact]
    public async Task An_empty_selection_succeeds_with_no_steps()
    {
        await using var harness = new ExecutorHarness();

        var report = await harness.RunAsync([new TestStep("bronze.a")], selected: []);

        report.Status.Should().Be(RunStatus.Succeeded);
        report.Steps.Should().BeEmpty();
    }

    [Fact]
    public async Task Selecting_a_name_that_is_not_a_step_is_rejected_naming_it()
    {
        await using var harness = new ExecutorHarness();

        var act = () => harness.RunAsync([new TestStep("bronze.a")], selected: ["bronze.a", "silver.nope"]);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*silver.nope*");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 0)]
    public async Task Limits_below_one_are_rejected(int maxParallel, int tdxLimit)
    {
        await using var harness = new ExecutorHarness();
        var options = new ExecutionOptions
        {
            MaxParallel = maxParallel,
            ResourceLimits = new Dictionary<string, int>(StringComparer.Ordinal) { ["tdx-api"] = tdxLimit },
        };

        var act = () => harness.RunAsync([new TestStep("bronze.a")], options);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*at least 1*");
    }

    [Theory]
    [InlineData(3, null, 3)]
    [InlineData(8, null, 5)]
    [InlineData(8, 1, 1)]
    [InlineData(8, 2, 2)]
    public async Task The_report_counts_the_most_steps_the_schedule_ran_at_once_however_fast_they_finish(int maxParallel, int? resourceLimit, int expectedPeak)
    {
        // Five independent steps that finish at once: the peak is what the slots and the resource allow at launch.
        await using var harness = new ExecutorHarness();
        var steps = Enumerable.Range(1, 5).Select(index => new TestStep($"bronze.s{index}", resources: resourceLimit is null ? null : ["api"])).ToArray();
        var limits = new Dictionary<string, int>(StringComparer.Ordinal);
        if (resourceLimit is { } limit)
        {
            limits["api"] = limit;
        }

        var report = await harness.RunAsync(steps, new ExecutionOptions { MaxParallel = maxParallel, ResourceLimits = limits });

        report.Status.Should().Be(RunStatus.Succeeded);
        report.PeakRunningSteps.Should().Be(expectedPeak);
    }

    [Fact]
    public async Task A_chain_never_runs_two_steps_at_once()
    {
        await using var harness = new ExecutorHarness();
        var steps = new[] { new TestStep("bronze.a"), new TestStep("silver.b", parents: ["bronze.a"]), new TestStep("gold.c", parents: ["silver.b"]) };

        var report = await harness.RunAsync(steps, new ExecutionOptions { MaxParallel = 8 });

        report.PeakRunningSteps.Should().Be(1);
    }
}
