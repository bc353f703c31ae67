using LsatsHub.Connectors.UmApi;

namespace LsatsHub.Connectors.Tests.UmApi;

public sealed class UmApiAuthenticationTests
{
    [Fact]
    public async Task Data_requests_carry_a_token_fetched_once_for_the_whole_fetch()
    {
        await using var server = await UmApiTestServer.StartAsync();
        using var client = server.Client();

        var result = await server.CollectAsync(client.GetEmployeesAsync());

        result.Failure.Should().BeNull();
        client.Statistics.TokenRequests.Should().Be(1);
        client.Statistics.UnauthorizedResponses.Should().Be(0);
        server.Simulator.Journal.Entries.Where(e => e.Method == "GET").Should().OnlyContain(e => e.Status == 200);
    }

    [Fact]
    public async Task A_refused_client_secret_fails_with_the_token_url_and_status_but_never_the_secret()
    {
        await using var server = await UmApiTestServer.StartAsync();
        using var client = server.Client(server.Options() with { ClientSecret = "not-the-secret-42" });

        var result = await server.CollectAsync(client.GetDepartmentsAsync());

        result.Records.Should().BeEmpty();
        result.Failure!.Message.Should().Contain(server.Simulator.TokenUrl).And.Contain("401").And.Contain("invalid_client")
            .And.NotContain("not-the-secret-42").And.NotContain(server.Simulator.Credentials.ClientSecret);
        server.Simulator.Journal.Entries.Should().NotContain(e => e.Method == "GET");
    }

    [Fact]
    public async Task A_token_near_its_expiry_is_renewed_before_use_without_meeting_a_401()
    {
        await using var server = await UmApiTestServer.StartAsync(new() { TokenLifetime = TimeSpan.FromMinutes(10) });
        using var client = server.Client();
        var first = await server.CollectAsync(client.GetDepartmentsAsync());

        server.Advance(TimeSpan.FromMinutes(9.5));
        var second = await server.CollectAsync(client.GetDepartmentsAsync());

        first.Failure.Should().BeNull();
        second.Failure.Should().BeNull();
        second.Records.Should().HaveCount(server.Simulator.DepartmentCount);
        client.Statistics.TokenRequests.Should().Be(2);
        client.Statistics.UnauthorizedResponses.Should().Be(0);
    }

    [Fact]
    public async Task A_token_the_gateway_rejects_with_401_is_replaced_once_and_the_page_retried()
    {
        await using var server = await UmApiTestServer.StartAsync(new() { TokenLifetime = TimeSpan.FromMinutes(10) });
        using var client = server.Client();
        await server.CollectAsync(client.GetDepartmentsAsync());

        // Only the server's clock moves: the client still believes its token is fresh.
        server.ServerClock.Advance(TimeSpan.FromMinutes(11));
        var result = await server.CollectAsync(client.GetEmployeesAsync());

        result.Failure.Should().BeNull();
        result.Records.Should().HaveCount(server.Simulator.EmployeeCount);
        client.Statistics.UnauthorizedResponses.Should().Be(1);
        client.Statistics.TokenRequests.Should().Be(2);
        server.Simulator.Journal.Entries.Count(e => e.Status == 401).Should().Be(1);
    }
}
