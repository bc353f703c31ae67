using LsatsHub.Connectors.Tdx;
using LsatsHub.Simulator.Tdx;

namespace LsatsHub.Connectors.Tests.Tdx;

public sealed class TdxAuthenticationTests
{
    [Fact]
    public async Task Beid_and_web_services_key_log_in_via_loginadmin_once_for_many_calls()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();

        var accounts = await tdx.Client.GetAccountsAsync(CancellationToken.None);
        await tdx.Client.GetAccountsAsync(CancellationToken.None);

        accounts.Should().HaveCount(tdx.Simulator.Store.Projection.AccountDepartments.Count());
        tdx.Count("POST", "/auth/loginadmin", 200).Should().Be(1);
        tdx.Logins.Should().Be(1);
        tdx.Client.Options.AuthMode.Should().Be(TdxAuthMode.AdminServiceAccount);
    }

    [Fact]
    public async Task Username_and_password_log_in_via_auth()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(configure: TdxConnectorFixture.PasswordSettings);

        await tdx.Client.GetAccountsAsync(CancellationToken.None);

        tdx.Count("POST", "/api/auth", 200).Should().Be(1);
        tdx.Count("POST", "/auth/loginadmin").Should().Be(0);
    }

    [Fact]
    public async Task A_static_token_is_used_without_any_login()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(configure: sim =>
            new() { ["TDX_BASE_URL"] = sim.ProductionBaseUrl, ["TDX_API_TOKEN"] = TdxConnectorFixture.IssueTokenAsync(sim).GetAwaiter().GetResult() });
        var loginsBefore = tdx.Logins;

        var accounts = await tdx.Client.GetAccountsAsync(CancellationToken.None);

        accounts.Should().NotBeEmpty();
        tdx.Logins.Should().Be(loginsBefore);
        tdx.Client.Options.AuthMode.Should().Be(TdxAuthMode.StaticToken);
    }

    [Fact]
    public async Task A_rejected_static_token_fails_naming_the_variable()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(configure: sim =>
            new() { ["TDX_BASE_URL"] = sim.ProductionBaseUrl, ["TDX_API_TOKEN"] = "not-a-valid-token" });

        var act = () => tdx.Client.GetAccountsAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<ConnectorException>())
            .Which.Message.Should().Contain("GET accounts").And.Contain("401").And.Contain("TDX_API_TOKEN").And.NotContain("not-a-valid-token");
    }

    [Fact]
    public async Task An_expiring_token_is_replaced_before_it_expires_without_a_401()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(new TdxSimulatorOptions { TokenLifetime = TimeSpan.FromMinutes(30) });
        await tdx.Client.GetAccountsAsync(CancellationToken.None);

        tdx.Clock.Advance(TimeSpan.FromMinutes(28));
        await tdx.Client.GetAccountsAsync(CancellationToken.None);

        tdx.Logins.Should().Be(2);
        tdx.Journal.Should().NotContain(e => e.Status == 401);
    }

    [Fact]
    public async Task A_401_on_a_valid_looking_token_logs_in_again_once_and_repeats_the_call()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();
        await tdx.Client.GetAccountsAsync(CancellationToken.None);

        tdx.Simulator.RevokeTokens();
        var accounts = await tdx.Client.GetAccountsAsync(CancellationToken.None);

        accounts.Should().NotBeEmpty();
        tdx.Count("GET", "/accounts", 401).Should().Be(1);
        tdx.Count("GET", "/accounts", 200).Should().Be(2);
        tdx.Logins.Should().Be(2);
    }

    [Fact]
    public async Task Wrong_credentials_fail_the_login_without_echoing_them()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(configure: sim => new()
        {
            ["TDX_BASE_URL"] = sim.ProductionBaseUrl,
            ["TDX_USERNAME"] = "lsats-svc",
            ["TDX_PASSWORD"] = "definitely-wrong-secret",
        });

        var act = () => tdx.Client.GetAccountsAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<ConnectorException>())
            .Which.Message.Should().Contain("POST auth").And.Contain("TDX_PASSWORD").And.NotContain("definitely-wrong-secret");
    }

    [Fact]
    public async Task The_sandbox_is_chosen_by_the_base_url_alone()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(configure: sim =>
            new(TdxConnectorFixture.AdminSettings(sim)) { ["TDX_BASE_URL"] = sim.SandboxBaseUrl });

        await tdx.Client.GetAccountsAsync(CancellationToken.None);

        tdx.Client.Environment.Should().Be("sandbox");
        tdx.Journal.Should().OnlyContain(e => e.Path.StartsWith("/SBTDWebApi/api/", StringComparison.Ordinal));
    }
}
