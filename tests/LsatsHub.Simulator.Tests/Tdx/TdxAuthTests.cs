using System.Net;
using System.Net.Http.Json;

namespace LsatsHub.Simulator.Tests.Tdx;

public sealed class TdxAuthTests
{
    [Fact]
    public async Task A_call_without_a_token_is_refused_with_401()
    {
        await using var tdx = await TdxFixture.StartAsync();

        using var response = await tdx.Http.GetAsync("accounts");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Loginadmin_returns_a_jwt_that_opens_the_api_even_through_double_slash_urls()
    {
        await using var tdx = await TdxFixture.StartAsync();

        var token = await tdx.LoginAsync();
        using var response = await tdx.Http.GetAsync(tdx.Simulator.ProductionBaseUrl + "//accounts");

        token.Split('.').Should().HaveCount(3);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<List<Dictionary<string, object>>>())!.Should().HaveCount(Worlds.Small.Departments.Count(d => d.InTdx));
    }

    [Fact]
    public async Task Username_and_password_log_in_on_auth_and_auth_login_but_wrong_ones_get_401()
    {
        await using var tdx = await TdxFixture.StartAsync();
        var credentials = tdx.Simulator.Credentials;

        using var good = await tdx.Http.PostAsJsonAsync("auth", new { UserName = credentials.UserName, Password = credentials.Password });
        using var alias = await tdx.Http.PostAsJsonAsync("auth/login", new { userName = credentials.UserName, password = credentials.Password });
        using var bad = await tdx.Http.PostAsJsonAsync("auth", new { UserName = credentials.UserName, Password = "wrong" });
        using var badKey = await tdx.Http.PostAsJsonAsync("auth/loginadmin", new { BEID = credentials.Beid, WebServicesKey = Guid.Empty });

        good.StatusCode.Should().Be(HttpStatusCode.OK);
        alias.StatusCode.Should().Be(HttpStatusCode.OK);
        bad.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        badKey.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        good.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
    }

    [Fact]
    public async Task A_token_expires_after_its_lifetime()
    {
        await using var tdx = await TdxFixture.StartAsync(new LsatsHub.Simulator.Tdx.TdxSimulatorOptions { TokenLifetime = TimeSpan.FromMinutes(10) });
        await tdx.LoginAsync();

        using var before = await tdx.Http.GetAsync("accounts");
        tdx.Time.Advance(TimeSpan.FromMinutes(10));
        using var after = await tdx.Http.GetAsync("accounts");

        before.StatusCode.Should().Be(HttpStatusCode.OK);
        after.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_although_not_expired_and_a_new_login_works()
    {
        await using var tdx = await TdxFixture.StartAsync();
        await tdx.LoginAsync();

        tdx.Simulator.RevokeTokens();
        using var revoked = await tdx.Http.GetAsync("accounts");
        await tdx.LoginAsync();
        using var renewed = await tdx.Http.GetAsync("accounts");

        revoked.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        renewed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_sandbox_base_path_serves_the_same_tenant()
    {
        await using var tdx = await TdxFixture.StartAsync();
        await tdx.LoginAsync();

        using var sandbox = await tdx.Http.GetAsync(tdx.Simulator.SandboxBaseUrl + "/accounts");

        sandbox.StatusCode.Should().Be(HttpStatusCode.OK);
        tdx.Simulator.SandboxBaseUrl.Should().Contain("SB");
    }
}
