using Dapper;
using LsatsHub.Runner.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Runner.Tests.EndToEnd;

/// <summary>
/// lsats-run with the real bronze steps while sources hang: slapd frozen with SIGSTOP (it accepts connections and never
/// answers) and a TDX that accepts and says nothing. The other sources' branches must finish, the hung ones fail within
/// their configured bounds, and a cancelled run records the hung steps as cancelled. Also counts the requests a failing
/// source receives, to show that step-level retries do not multiply the connectors' retry budget.
/// </summary>
public sealed class HungSourceEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(4);

    private readonly SilentTcpServer _silentTdx = new();
    private SimulatedUniversity _university = null!;
    private RunnerHarness _harness = null!;
    private string _envFile = null!;

    public async Task InitializeAsync()
    {
        _university = await SimulatedUniversity.StartAsync(13, "lsats-hung-");
        _harness = await RunnerHarness.CreateAsync("hungsource", initialise: false);
        _harness.UseLsatsPipelines = true;
        _envFile = await _university.WriteEnvFileAsync(_harness.Database.Url);
        var init = await _harness.InvokeAsync("--env-file", _envFile, "db", "init");
        init.ExitCode.Should().Be(0, init.Output + init.Error);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _university.DisposeAsync();
        await _silentTdx.DisposeAsync();
    }

    [Fact]
    public async Task With_LDAP_frozen_and_TDX_silent_the_other_branches_finish_and_the_hung_ones_fail_within_their_bounds()
    {
        _harness.Variables["TDX_BASE_URL"] = new Uri(_silentTdx.BaseUrl, "SBTDWebApi/api").ToString();
        _harness.Variables["LSATS_HTTP_ATTEMPT_TIMEOUT"] = "2";
        _harness.Variables["LSATS_HTTP_RETRIES"] = "1";
        _harness.Variables["AD_CONNECT_TIMEOUT"] = "3";
        _harness.Variables["MCOMMUNITY_LDAP_CONNECT_TIMEOUT"] = "3";
        await using var frozen = await FrozenProcess.FreezeAsync(_university.Ldap.ReadProcessIds());

        // One CPU slot, as on a small server: the hung network steps must not hold it.
        var result = await _harness.InvokeAsync("--env-file", _envFile, "run", "--no-snapshot", "--select", "layer:bronze", "--max-parallel", "1").WaitAsync(HangGuard);

        result.ExitCode.Should().Be(1, result.Output + result.Error);
        var steps = await StepsAsync();
        steps.Should().HaveCount(16);
        var hung = steps.Where(step => IsOf(step.Name, "bronze.ad.", "bronze.mcommunity.", "bronze.tdx.")).ToArray();
        var others = steps.Except(hung).ToArray();
        others.Select(step => step.Name).Should().BeEquivalentTo(
            "bronze.umapi.departments", "bronze.umapi.employees", "bronze.documents.keyconfigure_computers", "bronze.documents.lab_awards");
        others.Should().OnlyContain(step => step.Status == "succeeded");
        hung.Should().OnlyContain(step => step.Status == "failed" || step.Status == "skipped");
        hung.Where(step => IsOf(step.Name, "bronze.ad.")).Should().OnlyContain(step => step.Status == "failed" && step.Error!.Contains("AD_CONNECT_TIMEOUT"));
        hung.Where(step => IsOf(step.Name, "bronze.mcommunity.")).Should().OnlyContain(step => step.Status == "failed" && step.Error!.Contains("MCOMMUNITY_LDAP_CONNECT_TIMEOUT"));
        hung.Where(step => step.Status == "failed").Should().OnlyContain(step => step.Attempts == 1, "a connector that used up its budget is not retried by the step");
        _silentTdx.Connections.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Cancelling_a_run_while_sources_hang_ends_it_and_records_the_hung_steps_cancelled()
    {
        _harness.Variables["TDX_BASE_URL"] = new Uri(_silentTdx.BaseUrl, "SBTDWebApi/api").ToString();
        _harness.Variables["LSATS_HTTP_ATTEMPT_TIMEOUT"] = "600";
        _harness.Variables["AD_CONNECT_TIMEOUT"] = "600";
        await using var frozen = await FrozenProcess.FreezeAsync(_university.Ldap.ReadProcessIds());
        using var cancel = new CancellationTokenSource();

        var run = _harness.InvokeAsync(cancel.Token, "--env-file", _envFile, "run", "--no-snapshot", "--select", "source:ad,layer:bronze bronze.tdx.departments");
        await WaitUntilRunningAsync(5);
        await cancel.CancelAsync();
        var result = await run.WaitAsync(HangGuard);

        result.ExitCode.Should().Be(130, result.Output + result.Error);
        var steps = await StepsAsync();
        steps.Should().HaveCount(5).And.OnlyContain(step => step.Status == "cancelled");
        await using var connection = await _harness.Database.DataSource.OpenConnectionAsync();
        (await connection.QuerySingleAsync<string>("SELECT status FROM meta.pipeline_runs")).Should().Be("cancelled");
    }

    [Fact]
    public async Task A_source_that_keeps_failing_gets_exactly_one_retry_budget_of_requests_not_one_per_step_attempt()
    {
        _harness.Variables["LSATS_HTTP_RETRIES"] = "2";
        _university.Tdx.Faults.ServerErrorRate = 1.0;
        _university.UmApi.Faults.ServerErrorRate = 1.0;

        var result = await _harness.InvokeAsync("--env-file", _envFile, "run", "--no-snapshot", "--select", "bronze.tdx.departments bronze.umapi.departments").WaitAsync(HangGuard);

        result.ExitCode.Should().Be(1, result.Output + result.Error);
        var steps = await StepsAsync();
        steps.Should().HaveCount(2).And.OnlyContain(step => step.Status == "failed" && step.Attempts == 1);
        _university.Tdx.Journal.Entries.Should().HaveCount(3, "1 attempt + LSATS_HTTP_RETRIES=2, and the step does not start the budget again");
        _university.UmApi.Journal.Entries.Where(entry => entry.Method == "GET").Should().HaveCount(3, "the token request succeeds; the data request fails");
    }

    private static bool IsOf(string step, params string[] prefixes) => prefixes.Any(prefix => step.StartsWith(prefix, StringComparison.Ordinal));

    private async Task WaitUntilRunningAsync(int count)
    {
        for (var polls = 0; polls < 600; polls++)
        {
            await using var connection = await _harness.Database.DataSource.OpenConnectionAsync();
            var running = await connection.QuerySingleAsync<long>("SELECT count(*) FROM meta.step_runs WHERE status = 'running'");
            if (running >= count)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"{count} steps never ran at once");
    }

    private async Task<StepRow[]> StepsAsync()
    {
        await using var connection = await _harness.Database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<StepRow>(
            "SELECT step_name AS Name, status AS Status, attempts AS Attempts, error AS Error FROM meta.step_runs ORDER BY step_name")).ToArray();
    }

    private sealed record StepRow(string Name, string Status, int Attempts, string? Error);
}
