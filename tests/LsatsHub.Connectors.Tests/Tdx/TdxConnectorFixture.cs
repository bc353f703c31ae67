using System.Net.Http.Json;
using LsatsHub.Connectors.Http;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Simulator.Hosting;
using LsatsHub.Simulator.Tdx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Connectors.Tests.Tdx;

/// <summary>A TDX simulator on 127.0.0.1 and a <see cref="TdxClient"/> wired by AddTdxConnector, sharing one fake clock.</summary>
public sealed class TdxConnectorFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TdxConnectorFixture(TdxSimulator simulator, FakeTimeProvider clock, ServiceProvider services)
    {
        Simulator = simulator;
        Clock = clock;
        _services = services;
        Client = services.GetRequiredService<TdxClient>();
    }

    public TdxSimulator Simulator { get; }

    public FakeTimeProvider Clock { get; }

    public TdxClient Client { get; }

    public IReadOnlyList<JournalEntry> Journal => Simulator.Journal.Entries;

    public static TdxTuning FastTuning { get; } = new() { Retry = new HttpRetryBudget { AttemptTimeout = TimeSpan.FromHours(1), FirstBackoff = TimeSpan.FromSeconds(1) } };

    /// <summary>Starts the simulator and a client configured by <paramref name="configure"/> (default: BEID + key, production).</summary>
    public static async Task<TdxConnectorFixture> StartAsync(
        TdxSimulatorOptions? options = null,
        Func<TdxSimulator, Dictionary<string, string?>>? configure = null,
        TdxTuning? tuning = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero));
        var simulator = await TdxSimulator.StartAsync(TdxWorlds.Small, options ?? new TdxSimulatorOptions(), clock);
        var settings = configure?.Invoke(simulator) ?? AdminSettings(simulator);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<TimeProvider>(clock)
            .AddTdxConnector(tuning ?? FastTuning)
            .BuildServiceProvider();
        return new TdxConnectorFixture(simulator, clock, services);
    }

    public static Dictionary<string, string?> AdminSettings(TdxSimulator simulator) => new()
    {
        ["TDX_BASE_URL"] = simulator.ProductionBaseUrl,
        ["TDX_BEID"] = simulator.Credentials.Beid,
        ["TDX_WEB_SERVICES_KEY"] = simulator.Credentials.WebServicesKey,
    };

    public static Dictionary<string, string?> PasswordSettings(TdxSimulator simulator) => new()
    {
        ["TDX_BASE_URL"] = simulator.ProductionBaseUrl,
        ["TDX_USERNAME"] = simulator.Credentials.UserName,
        ["TDX_PASSWORD"] = simulator.Credentials.Password,
    };

    /// <summary>A token obtained outside the connector, as someone would copy it from the browser.</summary>
    public static async Task<string> IssueTokenAsync(TdxSimulator simulator)
    {
        using var http = new HttpClient { BaseAddress = new Uri(simulator.ProductionBaseUrl + "/") };
        using var response = await http.PostAsJsonAsync("auth/loginadmin", new { BEID = simulator.Credentials.Beid, simulator.Credentials.WebServicesKey });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync()).Trim().Trim('"');
    }

    public int Count(string method, string pathEnd, int? status = null) =>
        Journal.Count(e => e.Method == method && e.Path.EndsWith(pathEnd, StringComparison.OrdinalIgnoreCase) && (status is null || e.Status == status));

    public int Logins => Journal.Count(e => e.Method == "POST" && e.Path.Contains("/auth", StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
