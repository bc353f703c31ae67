using LsatsHub.Connectors.Http;
using LsatsHub.Connectors.UmApi;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.UmApi;
using LsatsHub.Simulator.World;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Connectors.Tests.UmApi;

/// <summary>
/// A UMich API simulator on 127.0.0.1 and clients for it. Server and client clocks are separate fakes so a test can
/// expire the token on the server only (a 401) or on both (a planned renewal).
/// </summary>
public sealed class UmApiTestServer : IAsyncDisposable
{
    private static readonly Lazy<SimWorld> LazyWorld = new(() => WorldGenerator.Generate(new WorldOptions(42, 0.002)));
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _http = new();

    private UmApiTestServer(UmApiSimulator simulator, FakeTimeProvider serverClock)
    {
        Simulator = simulator;
        ServerClock = serverClock;
    }

    public static SimWorld World => LazyWorld.Value;

    public UmApiSimulator Simulator { get; }

    public FakeTimeProvider ServerClock { get; }

    public FakeTimeProvider ClientClock { get; } = new(Start);

    public static async Task<UmApiTestServer> StartAsync(UmApiSimulatorOptions? options = null)
    {
        var serverClock = new FakeTimeProvider(Start);
        return new UmApiTestServer(await UmApiSimulator.StartAsync(World, options, serverClock), serverClock);
    }

    public UmApiOptions Options(int pageSize = 50) => new()
    {
        BaseUrl = new Uri(Simulator.BaseUrl),
        CategoryId = Simulator.CategoryId,
        ClientKey = Simulator.Credentials.ClientId,
        ClientSecret = Simulator.Credentials.ClientSecret,
        TokenUrl = new Uri(Simulator.TokenUrl),
        PageSize = pageSize,

        // The fake clock moves on its own while a request is on the wire: no attempt may time out on it.
        Retry = new HttpRetryBudget { AttemptTimeout = TimeSpan.FromHours(1) },
    };

    public UmApiClient Client(UmApiOptions? options = null) => new(_http, options ?? Options(), ClientClock, NullLogger.Instance);

    /// <summary>Both clocks move forward together.</summary>
    public void Advance(TimeSpan by)
    {
        ServerClock.Advance(by);
        ClientClock.Advance(by);
    }

    /// <summary>
    /// Runs <paramref name="work"/> while moving both fake clocks forward a second at a time whenever it has not finished
    /// after a few real milliseconds, so the client's waits (backoff, rate-limit reset) elapse without real sleeping.
    /// </summary>
    public async Task<T> DriveAsync<T>(Func<Task<T>> work)
    {
        var task = Task.Run(work);
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System));
            if (!task.IsCompleted)
            {
                Advance(TimeSpan.FromSeconds(1));
            }
        }

        return await task;
    }

    /// <summary>Collects a stream, remembering how many records arrived before it failed.</summary>
    public Task<Collected> CollectAsync(IAsyncEnumerable<System.Text.Json.Nodes.JsonObject> records, Action<int>? afterEach = null) =>
        DriveAsync(async () =>
        {
            var collected = new Collected();
            try
            {
                await foreach (var record in records)
                {
                    collected.Records.Add(record);
                    afterEach?.Invoke(collected.Records.Count);
                }
            }
            catch (ConnectorException exception)
            {
                collected.Failure = exception;
            }

            return collected;
        });

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Simulator.DisposeAsync();
    }

    public sealed class Collected
    {
        public List<System.Text.Json.Nodes.JsonObject> Records { get; } = [];

        public ConnectorException? Failure { get; set; }
    }
}
