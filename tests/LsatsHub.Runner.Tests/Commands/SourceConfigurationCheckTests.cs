using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dapper;
using LsatsHub.Runner.Tests.Support;

namespace LsatsHub.Runner.Tests.Commands;

/// <summary>The real LSATS steps: a selected source's missing configuration stops the run before anything starts.</summary>
public sealed class SourceConfigurationCheckTests : IAsyncLifetime
{
    private RunnerHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await RunnerHarness.CreateAsync("sourcecheck");
        _harness.UseLsatsPipelines = true;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_missing_AD_PASSWORD_stops_a_run_of_the_AD_steps_with_exit_2_naming_it_before_any_step_runs()
    {
        _harness.Variables["AD_USER"] = "CN=reader,DC=example";

        var result = await _harness.InvokeAsync("run", "--no-snapshot", "--select", "source:ad");

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().Contain("AD_PASSWORD").And.Contain("bronze.ad.computers").And.Contain("nothing ran");
        await using var connection = await _harness.Database.DataSource.OpenConnectionAsync();
        (await connection.QuerySingleAsync<long>("SELECT count(*) FROM meta.pipeline_runs")).Should().Be(0);
    }

    [Fact]
    public async Task A_half_configured_TDX_credential_is_named_without_echoing_its_value()
    {
        const string key = "wsk-4711-do-not-print";
        _harness.Variables["TDX_BASE_URL"] = "http://127.0.0.1:9/TDWebApi/api";
        _harness.Variables["TDX_WEB_SERVICES_KEY"] = key;

        var result = await _harness.InvokeAsync("run", "--no-snapshot", "--select", "source:tdx");

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().Contain("TDX_BEID").And.Contain("TDX_WEB_SERVICES_KEY");
        (result.Output + result.Error).Should().NotContain(key);
    }

    [Fact]
    public async Task A_run_of_one_source_does_not_ask_for_the_secrets_of_the_others()
    {
        // AD fully configured but nothing listens: the AD steps run and fail; TDX, UMich and MCommunity are not asked for.
        _harness.Variables["AD_SERVER"] = "127.0.0.1";
        _harness.Variables["AD_PORT"] = UnusedPort().ToString(CultureInfo.InvariantCulture);
        _harness.Variables["AD_USE_SSL"] = "false";
        _harness.Variables["AD_USER"] = "CN=reader,DC=example";
        _harness.Variables["AD_PASSWORD"] = "pw-4711";
        _harness.Variables["AD_CONNECT_TIMEOUT"] = "5";

        var result = await _harness.InvokeAsync("run", "--no-snapshot", "--select", "source:ad");

        result.ExitCode.Should().Be(1, result.Output + result.Error);
        (result.Output + result.Error).Should().Contain("unreachable").And.NotContain("TDX_").And.NotContain("UM_").And.NotContain("MCOMMUNITY_").And.NotContain("pw-4711");
    }

    [Fact]
    public async Task Every_problem_of_the_selection_is_listed_at_once()
    {
        var result = await _harness.InvokeAsync("run", "--no-snapshot", "--select", "source:umapi source:mcommunity");

        result.ExitCode.Should().Be(2, result.Output + result.Error);
        result.Error.Should().Contain("2 problem(s)").And.Contain("UM_BASE_URL").And.Contain("MCOMMUNITY_LDAP_USER");
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
