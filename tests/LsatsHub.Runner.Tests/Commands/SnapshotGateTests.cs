using CliWrap;
using CliWrap.Buffered;
using LsatsHub.Runner.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Runner.Tests.Commands;

public sealed class SnapshotGateTests : IAsyncLifetime
{
    private RunnerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RunnerHarness.CreateAsync("snapgate");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_run_with_silver_steps_takes_a_restorable_snapshot_before_silver_starts()
    {
        var snapshotsSeenBySilver = -1;
        await _harness.Database.ApplySqlFileAsync("sql/production_schema.sql");
        _harness.Steps.Add(TestStep.Bronze("bronze.tdx.users"));
        _harness.Steps.Add(TestStep.Silver("silver.tdx_users", ["bronze.tdx.users"], (_, _) =>
        {
            snapshotsSeenBySilver = Directory.GetFiles(_harness.SnapshotDirectory, "pre_silver_*.dump").Length;
            return Task.FromResult(Engine.StepResult.Completed);
        }));

        var result = await _harness.InvokeAsync("run");

        result.ExitCode.Should().Be(0, result.Error);
        snapshotsSeenBySilver.Should().Be(1);
        var dump = Directory.GetFiles(_harness.SnapshotDirectory, "pre_silver_*.dump").Single();
        var pgRestore = Path.Combine(_harness.Variables["LSATS_PG_BINDIR"], "pg_restore");
        var listing = await Cli.Wrap(pgRestore).WithArguments(["--list", dump]).ExecuteBufferedAsync();
        listing.StandardOutput.Should().Contain("TABLE DATA silver tdx_users").And.Contain("step_input_stamps").And.NotContain("pipeline_runs").And.NotContain("raw_entities");
    }

    [Fact]
    public async Task A_bronze_only_run_takes_no_snapshot()
    {
        _harness.Steps.Add(TestStep.Bronze("bronze.tdx.users"));
        _harness.Steps.Add(TestStep.Silver("silver.tdx_users", ["bronze.tdx.users"]));

        var result = await _harness.InvokeAsync("run", "--select", "layer:bronze");

        result.ExitCode.Should().Be(0, result.Error);
        (Directory.Exists(_harness.SnapshotDirectory) ? Directory.GetFiles(_harness.SnapshotDirectory) : []).Should().BeEmpty();
    }

    [Fact]
    public async Task A_failing_pg_dump_stops_silver_but_not_bronze()
    {
        _harness.Variables["LSATS_PG_BINDIR"] = Path.Combine(_harness.Folder, "no-such-bin");
        var bronze = TestStep.Bronze("bronze.tdx.users");
        var silver = TestStep.Silver("silver.tdx_users", ["bronze.tdx.users"]);
        _harness.Steps.AddRange([bronze, silver]);

        var result = await _harness.InvokeAsync("run");

        result.ExitCode.Should().Be(1);
        bronze.Runs.Should().Be(1);
        silver.Runs.Should().Be(0);
        result.Output.Should().Contain("pre-silver snapshot failed");
    }

    [Fact]
    public async Task Without_a_snapshot_silver_runs_when_asked_with_no_snapshot()
    {
        _harness.Variables["LSATS_PG_BINDIR"] = Path.Combine(_harness.Folder, "no-such-bin");
        var silver = TestStep.Silver("silver.tdx_users", ["bronze.tdx.users"]);
        _harness.Steps.AddRange([TestStep.Bronze("bronze.tdx.users"), silver]);

        var result = await _harness.InvokeAsync("run", "--no-snapshot");

        result.ExitCode.Should().Be(0, result.Error);
        silver.Runs.Should().Be(1);
    }
}
