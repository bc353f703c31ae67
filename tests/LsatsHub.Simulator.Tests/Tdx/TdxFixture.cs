using System.Net.Http.Json;
using System.Text;
using LsatsHub.Simulator.Tdx;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Simulator.Tests.Tdx;

/// <summary>Starts a TDX simulator on loopback with a controllable clock and gives a logged-in HTTP client.</summary>
public sealed class TdxFixture : IAsyncDisposable
{
    private TdxFixture(TdxSimulator simulator, FakeTimeProvider time)
    {
        Simulator = simulator;
        Time = time;
        Http = new HttpClient { BaseAddress = new Uri(simulator.ProductionBaseUrl + "/") };
    }

    public TdxSimulator Simulator { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public static async Task<TdxFixture> StartAsync(TdxSimulatorOptions? options = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        return new TdxFixture(await TdxSimulator.StartAsync(Worlds.Small, options, time), time);
    }

    public async Task<string> LoginAsync()
    {
        using var response = await Http.PostAsJsonAsync("auth/loginadmin", new { BEID = Simulator.Credentials.Beid, WebServicesKey = Simulator.Credentials.WebServicesKey });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadAsStringAsync()).Trim().Trim('"');
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return token;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Simulator.DisposeAsync();
    }
}
