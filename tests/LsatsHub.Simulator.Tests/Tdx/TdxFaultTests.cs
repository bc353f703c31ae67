using System.Net;
using System.Text.Json;

namespace LsatsHub.Simulator.Tests.Tdx;

public sealed class TdxFaultTests
{
    [Fact]
    public async Task A_full_server_error_rate_answers_500_until_reset()
    {
        await using var tdx = await TdxFixture.StartAsync();
        await tdx.LoginAsync();

        tdx.Simulator.Faults.ServerErrorRate = 1.0;
        using var failed = await tdx.Http.GetAsync("accounts");
        tdx.Simulator.Faults.Reset();
        using var healed = await tdx.Http.GetAsync("accounts");

        failed.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        healed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_dropped_connection_fails_the_request_without_an_answer()
    {
        await using var tdx = await TdxFixture.StartAsync();
        await tdx.LoginAsync();

        tdx.Simulator.Faults.DropNextConnections(1);
        var act = () => tdx.Http.GetAsync("accounts");

        await act.Should().ThrowAsync<HttpRequestException>();
        tdx.Simulator.Journal.Entries.Should().Contain(e => e.Status == 0);
    }

    [Fact]
    public async Task Malformed_and_empty_bodies_come_with_status_200()
    {
        await using var tdx = await TdxFixture.StartAsync();
        await tdx.LoginAsync();

        tdx.Simulator.Faults.MalformNextBodies(1);
        using var malformed = await tdx.Http.GetAsync("accounts");
        tdx.Simulator.Faults.EmptyNextBodies(1);
        using var empty = await tdx.Http.GetAsync("accounts");

        malformed.StatusCode.Should().Be(HttpStatusCode.OK);
        var parse = async () => JsonDocument.Parse(await malformed.Content.ReadAsStringAsync());
        await parse.Should().ThrowAsync<JsonException>();
        empty.StatusCode.Should().Be(HttpStatusCode.OK);
        (await empty.Content.ReadAsStringAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Latency_makes_an_impatient_client_time_out()
    {
        await using var tdx = await LsatsHub.Simulator.Tdx.TdxSimulator.StartAsync(Worlds.Small);
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };
        tdx.Faults.Latency = TimeSpan.FromSeconds(30);

        var act = () => http.GetAsync(tdx.ProductionBaseUrl + "/accounts");

        await act.Should().ThrowAsync<TaskCanceledException>();
    }
}
