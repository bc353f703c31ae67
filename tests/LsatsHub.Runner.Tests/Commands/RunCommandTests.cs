using Dapper;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Runner.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Runner.Tests.Commands;

public sealed class RunCommandTests : IAsyncLifetime
{
    private RunnerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RunnerHarness.CreateAsync("runcmd");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_run_writes_one_run_record_and_one_record_per_step()
    {
        _harness.Steps.Add(TestStep.Bronze("bronze.tdx.users", (context, _) =>
        {
            context.Counters.AddRead(7);
            context.Counters.AddWritten(5);
            return Task.FromResult(new Engine.StepResult("5 new versions"));
        }));
        _harness.Steps.Add(TestStep.Bronze("bronze.ad.users"));

        var result = await _harness.InvokeAsync("run", "--no-snapshot", "--trigger", "timer");

        result.ExitCode.Should().Be(0, result.Error);
        await using var connection = await _harness.Database.DataSource.OpenConnectionAsync();
        var run = await connection.QuerySingleAsync<(string Status, string Trigger, string Version)>("SELECT status, trigger, version FROM meta.pipeline_runs");
        run.Status.Should().Be("succeeded");
        run.Trigger.Should().Be("timer");
        var steps = (await connection.QueryAsync<(string Step, string Status, int Attempts, long Read, long Written, string? Summary)>(
            "SELECT step_name, status, attempts, rows_read, rows_written, summary FROM meta.step_runs ORDER BY step_name")).ToArray();
        steps.Should().Equal(
            ("bronze.ad.users", "succeeded", 1, 0L, 0L, null),
            ("bronze.tdx.users", "succeeded", 1, 7L, 5L, "5 new versions"));
    }

    [Fact]
    public async Task A_failed_step_fails_the_run_with_exit_code_1_and_skips_its_descendants_only()
    {
        _harness.Steps.Add(TestStep.Bronze("bronze.tdx.users", TestStep.Failing("TDX answered 500")));
        _harness.Steps.Add(TestStep.Bronze("bronze.ad.users"));
        var tdxSilver = TestStep.Silver("silver.tdx_users", ["bronze.tdx.users"]);
        var adSilver = TestStep.Silver("silver.ad_users", ["bronze.ad.users"]);
        _harness.Steps.AddRange([tdxSilver, adSilver]);

        var result = await _harness.InvokeAsync("run", "--no-snapshot");

        result.ExitCode.Should().Be(1);
        result.Output.Should().Contain("TDX answered 500");
        tdxSilver.Runs.Should().Be(0);
        adSilver.Runs.Should().Be(1);
        await using var connection = await _harness.Database.DataSource.OpenConnectionAsync();
        var statuses = (await connection.QueryAsync<(string Step, string Status)>("SELECT step_name, status FROM meta.step_runs ORDER BY step_name")).ToArray();
        statuses.Should().Equal(
            ("bronze.ad.users", "succeeded"),
            ("bronze.tdx.users", "failed"),
            ("silver.ad_users", "succeeded"),
            ("silver.tdx_users", "skipped"));
        (await connection.QuerySingleAsync<string>("SELECT status FROM meta.pipeline_runs")).Should().Be("failed");
    }

    [Fact]
    public async Task A_dry_run_writes_no_records()
    {
        _harness.Steps.Add(TestStep.Bronze("bronze.tdx.users", (context, _) =>
            Task.FromResult(new Engine.StepResult(context.DryRun ? "would insert 3" : "inserted 3"))));

        var result = await _harness.InvokeAsync("run", "--dry-run");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Contain("would insert 3");
        await using var connection = await _harness.Database.DataSource.OpenConnectionAsync();
        (await connection.QuerySingleAsync<long>("SELECT count(*) FROM meta.pipeline_runs")).Should().Be(0);
        Directory.Exists(_harness.SnapshotDirectory).Should().BeFalse("a dry run takes no snapshot");
    }

    [Theory]
    [InlineData(new[] { "run", "--no-snapshot" }, null)]
    [InlineData(new[] { "run", "--no-snapshot", "--full-refresh" }, "true")]
    public async Task Full_refresh_reaches_the_steps_as_their_configuration(string[] args, string? expected)
    {
        string? seen = "not run";
        _harness.Steps.Add(TestStep.Bronze("bronze.tdx.users", (context, _) =>
        {
            seen = context.Configuration[SilverTransform.FullRefreshVariable];
            return Task.FromResult(Engine.StepResult.Completed);
        }));

        var result = await _harness.InvokeAsync(args);

        result.ExitCode.Should().Be(0, result.Error);
        seen.Should().Be(expected);
    }

    [Fact]
    public async Task A_second_run_while_one_holds_the_lock_exits_3_and_names_the_holder()
    {
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        _harness.Steps.Add(TestStep.Bronze("bronze.tdx.users", async (_, token) =>
        {
            started.SetResult();
            await release.Task.WaitAsync(token);
            return Engine.StepResult.Completed;
        }));
        var first = _harness.InvokeAsync("run", "--no-snapshot", "--select", "bronze.tdx.users");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var second = await _harness.InvokeAsync("run", "--no-snapshot");

        release.SetResult();
        (await first).ExitCode.Should().Be(0);
        second.ExitCode.Should().Be(3);
        second.Error.Should().Contain("--select bronze.tdx.users");
    }

    [Fact]
    public async Task A_run_refused_by_a_held_lock_names_the_holder_and_never_claims_to_run_steps()
    {
        // Arrange: the lock held from outside, as an operator's other lsats-run would hold it
        var ran = 0;
        _harness.Steps.Add(TestStep.Bronze("bronze.tdx.users", (_, _) =>
        {
            Interlocked.Increment(ref ran);
            return Task.FromResult(Engine.StepResult.Completed);
        }));
        await using var held = await Engine.Postgres.RunLock.AcquireAsync(_harness.Database.DataSource, Engine.Postgres.RunLock.DefaultName, "run held-by-the-test (tier1 backfill) on ops-host", CancellationToken.None);

        // Act
        var refused = await _harness.InvokeAsync("run", "--no-snapshot");

        // Assert
        refused.ExitCode.Should().Be(3, refused.Output + refused.Error);
        (refused.Output + refused.Error).Should().NotContain("step(s)", "nothing ran, so nothing may claim to be running");
        refused.Error.Should().Contain("held-by-the-test");
        ran.Should().Be(0);
    }

    [Fact]
    public async Task A_run_that_takes_the_lock_announces_its_steps()
    {
        _harness.Steps.Add(TestStep.Bronze("bronze.tdx.users"));
        _harness.Steps.Add(TestStep.Bronze("bronze.ad.users"));

        var result = await _harness.InvokeAsync("run", "--no-snapshot");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Contain("running 2 step(s)");
    }

    [Fact]
    public async Task Cancelling_a_run_records_it_cancelled_and_exits_130()
    {
        var started = new TaskCompletionSource();
        _harness.Steps.Add(TestStep.Bronze("bronze.tdx.users", async (_, token) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            return Engine.StepResult.Completed;
        }));
        _harness.Steps.Add(TestStep.Silver("silver.tdx_users", ["bronze.tdx.users"]));
        using var cancellation = new CancellationTokenSource();

        var run = _harness.InvokeAsync(cancellation.Token, "run", "--no-snapshot");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();
        var result = await run;

        result.ExitCode.Should().Be(130);
        await using var connection = await _harness.Database.DataSource.OpenConnectionAsync();
        (await connection.QuerySingleAsync<string>("SELECT status FROM meta.pipeline_runs")).Should().Be("cancelled");
        var statuses = (await connection.QueryAsync<(string Step, string Status)>("SELECT step_name, status FROM meta.step_runs ORDER BY step_name")).ToArray();
        statuses.Should().Equal(("bronze.tdx.users", "cancelled"), ("silver.tdx_users", "cancelled"));
    }

    [Fact]
    public async Task Retry_reruns_only_the_failed_and_skipped_steps_of_the_last_run()
    {
        var attempts = 0;
        var flaky = TestStep.Bronze("bronze.tdx.users", (_, _) =>
            Interlocked.Increment(ref attempts) == 1 ? throw new InvalidOperationException("first time fails") : Task.FromResult(Engine.StepResult.Completed));
        var healthy = TestStep.Bronze("bronze.ad.users");
        var downstream = TestStep.Silver("silver.tdx_users", ["bronze.tdx.users"]);
        _harness.Steps.AddRange([flaky, healthy, downstream]);
        (await _harness.InvokeAsync("run", "--no-snapshot")).ExitCode.Should().Be(1);

        var retry = await _harness.InvokeAsync("retry", "--no-snapshot");
        var again = await _harness.InvokeAsync("retry", "--no-snapshot");

        retry.ExitCode.Should().Be(0, retry.Error);
        flaky.Runs.Should().Be(2);
        downstream.Runs.Should().Be(1);
        healthy.Runs.Should().Be(1, "it succeeded the first time");
        again.ExitCode.Should().Be(0);
        again.Output.Should().Contain("nothing to retry");
    }
}
