using System.Text.Json.Nodes;
using LsatsHub.Connectors.UmApi;
using LsatsHub.Pipelines.Bronze.UmApi;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.UmApi;
using LsatsHub.Simulator.World;
using Microsoft.Extensions.DependencyInjection;

namespace LsatsHub.Pipelines.Tests.Bronze.UmApi;

/// <summary>A bronze database, a UMich API simulator serving a world, and the steps built through DI as the runner builds them.</summary>
public sealed class UmApiStepFixture : IAsyncDisposable
{
    private static readonly Lazy<SimWorld> LazyWorld = new(() => WorldGenerator.Generate(new WorldOptions(7, 0.002)));
    private readonly ServiceProvider _services = new ServiceCollection().AddUmApiConnector().BuildServiceProvider();

    private UmApiStepFixture(BronzeDatabase bronze) => Bronze = bronze;

    public static SimWorld World => LazyWorld.Value;

    public BronzeDatabase Bronze { get; }

    public UmApiSimulator Simulator { get; private set; } = null!;

    public IngestUmApiDepartments Departments => new(_services.GetRequiredService<UmApiClientFactory>());

    public IngestUmApiEmployees Employees => new(_services.GetRequiredService<UmApiClientFactory>());

    public Dictionary<string, string?> Configuration => new()
    {
        ["UM_BASE_URL"] = Simulator.BaseUrl,
        ["UM_CATEGORY_ID"] = Simulator.CategoryId,
        ["UM_CLIENT_KEY"] = Simulator.Credentials.ClientId,
        ["UM_CLIENT_SECRET"] = Simulator.Credentials.ClientSecret,
        ["UM_OAUTH_TOKEN_URL"] = Simulator.TokenUrl,
        ["UM_PAGE_SIZE"] = "40",
        ["BRONZE_MAX_BAD_RECORD_SHARE"] = "0.05",
    };

    public static async Task<UmApiStepFixture> StartAsync(string purpose, SimWorld? world = null)
    {
        var fixture = new UmApiStepFixture(await BronzeDatabase.CreateAsync(purpose));
        await fixture.ServeAsync(world ?? World);
        return fixture;
    }

    /// <summary>Replaces the simulator by one serving <paramref name="world"/> (same seed, so the same credentials).</summary>
    public async Task ServeAsync(SimWorld world)
    {
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }

        Simulator = await UmApiSimulator.StartAsync(world, new UmApiSimulatorOptions { RateLimitEnabled = false });
    }

    /// <summary>Employment records as served, by external id → hashed content, and the ids of the malformed ones.</summary>
    public static (Dictionary<string, string> Good, HashSet<string> Malformed) Employment(SimWorld world)
    {
        var good = new Dictionary<string, string>(StringComparer.Ordinal);
        var malformed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in new UmApiProjection(new WorldIndex(world)).Employees())
        {
            var id = IngestUmApiEmployees.ExternalId(record["EmplId"]!.GetValue<string>(), record["EmplRcd"]!.GetValue<int>());
            if (record["FirstName"] is null)
            {
                malformed.Add(id);
            }
            else
            {
                good[id] = Hashed(record, IngestUmApiEmployees.HashFields);
            }
        }

        return (good, malformed);
    }

    public static Dictionary<string, string> DepartmentsOf(SimWorld world) =>
        new UmApiProjection(new WorldIndex(world)).Departments()
            .ToDictionary(d => d["DeptId"]!.GetValue<string>(), d => Hashed(d, IngestUmApiDepartments.HashFields), StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await _services.DisposeAsync();
        await Bronze.DisposeAsync();
    }

    private static string Hashed(JsonObject record, IReadOnlyList<string> fields) =>
        string.Join("\u001f", fields.Select(field => record[field]?.ToJsonString() ?? "<absent>"));
}
