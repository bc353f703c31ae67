using Dapper;
using LsatsHub.Runner.Tests.Support;

namespace LsatsHub.Runner.Tests.Commands;

/// <summary>
/// <c>run</c> and the tdx layer (docs/tdx-sync.md): the layer's steps run only when named, print the TDX environment
/// first, and against a production base URL are refused without <c>--production</c> or without a recent production dry
/// run, before anything runs.
/// </summary>
public sealed class TdxSyncPolicyTests : IAsyncLifetime
{
    private const string ProductionUrl = "http://127.0.0.1:9/TDWebApi/api";
    private RunnerHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await RunnerHarness.CreateAsync("tdxsyncpolicy");
        _harness.UseLsatsPipelines = true;
        _harness.Variables["TDX_BASE_URL"] = ProductionUrl;
        _harness.Variables["TDX_API_TOKEN"] = "token-not-printed";
        _harness.Variables["LSATS_HTTP_RETRIES"] = "0";
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_production_lab_CI_sync_without_the_production_flag_is_refused_with_exit_2_before_anything_runs()
    {
        var result = await _harness.InvokeAsync("run", "--no-snapshot", "--target", "tdx.lab_cis");

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Output.Should().Contain("TDX PRODUCTION at " + ProductionUrl + ": tdx.lab_cis");
        result.Error.Should().Contain("is production").And.Contain("--production").And.NotContain("token-not-printed");
        (await PipelineRunsAsync()).Should().Be(0);
    }

    [Fact]
    public async Task The_production_flag_without_a_production_dry_run_in_the_last_24_hours_is_refused()
    {
        var never = await _harness.InvokeAsync("run", "--no-snapshot", "--target", "tdx.lab_cis", "--production");
        await using (var connection = await _harness.Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO meta.tdx_production_dry_runs (command, base_url, completed_at) VALUES ('tdx.lab_cis', @Url, now() - interval '30 hours')",
                new { Url = ProductionUrl });
        }

        var stale = await _harness.InvokeAsync("run", "--no-snapshot", "--target", "tdx.lab_cis", "--production");

        never.ExitCode.Should().Be(2, never.Output + never.Error);
        never.Error.Should().Contain("never completed a --dry-run against production");
        stale.ExitCode.Should().Be(2, stale.Output + stale.Error);
        stale.Error.Should().Contain("more than 24 h");
        (await PipelineRunsAsync()).Should().Be(0);
    }

    [Fact]
    public async Task The_plan_of_the_whole_DAG_leaves_the_tdx_layer_out_as_run_does_unless_it_is_named()
    {
        var whole = await _harness.InvokeAsync("plan");
        var named = await _harness.InvokeAsync("plan", "--target", "tdx.lab_cis");

        whole.ExitCode.Should().Be(0, whole.Error);
        whole.Output.Should().Contain("silver.labs").And.NotContain("tdx.lab_cis");
        named.ExitCode.Should().Be(0, named.Error);
        named.Output.Should().Contain("tdx.lab_cis");
    }

    [Fact]
    public async Task Targeting_the_ticket_links_plans_the_lab_CIs_before_them_and_leaves_the_relationships_out()
    {
        var result = await _harness.InvokeAsync("plan", "--target", "tdx.lab_tickets");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Contain("tdx.lab_cis").And.Contain("tdx.lab_tickets").And.NotContain("tdx.lab_ci_relationships");
        result.Output.IndexOf("tdx.lab_cis", StringComparison.Ordinal).Should().BeLessThan(result.Output.IndexOf("tdx.lab_tickets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_selection_that_only_reaches_the_tdx_layer_leaves_it_out()
    {
        var result = await _harness.InvokeAsync("run", "--no-snapshot", "--select", "source:tdx");

        (result.Output + result.Error).Should().NotContain("tdx.lab_cis").And.NotContain("--production");
    }

    private async Task<long> PipelineRunsAsync()
    {
        await using var connection = await _harness.Database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<long>("SELECT count(*) FROM meta.pipeline_runs");
    }
}
