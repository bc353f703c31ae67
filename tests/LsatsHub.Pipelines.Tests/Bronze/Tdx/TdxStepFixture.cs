using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Connectors.Http;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Bronze.Tdx;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Simulator.World;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LsatsHub.Pipelines.Tests.Bronze.Tdx;

/// <summary>A bronze database, a TDX simulator serving a world, and the six TDX steps wired through AddTdxConnector.</summary>
public sealed class TdxStepFixture : IAsyncDisposable
{
    private ServiceProvider _services = null!;
    private IConfiguration _configuration = null!;

    private TdxStepFixture(BronzeDatabase bronze, SimWorld world)
    {
        Bronze = bronze;
        World = world;
    }

    public BronzeDatabase Bronze { get; }

    public SimWorld World { get; private set; }

    public TdxSimulator Simulator { get; private set; } = null!;

    public TdxClient Client { get; private set; } = null!;

    public static SimWorld CleanWorld { get; } = WorldGenerator.Generate(new WorldOptions(42, 0.002) { Dirt = DirtRates.None });

    public static async Task<TdxStepFixture> StartAsync(string purpose, SimWorld? world = null, TdxSimulatorOptions? options = null)
    {
        var fixture = new TdxStepFixture(await BronzeDatabase.CreateAsync(purpose), world ?? CleanWorld);
        await fixture.ServeAsync(fixture.World, options);
        return fixture;
    }

    /// <summary>Serves the next generation of the world (a new simulator and a new connector, as a later run would see it).</summary>
    public async Task MutateAsync()
    {
        await ServeAsync(WorldMutator.Apply(World), null);
    }

    public IStep[] Steps() =>
    [
        new IngestTdxDepartments(Client), new IngestTdxUsers(Client), new IngestTdxAssets(Client),
        new EnrichTdxDepartments(Client), new EnrichTdxUsers(Client), new EnrichTdxAssets(Client),
    ];

    public Task<StepResult> RunAsync(IStep step, bool dryRun = false)
    {
        // Run rows are ordered by started_at, which comes from this fake clock.
        Bronze.Clock.Advance(TimeSpan.FromSeconds(1));
        return step.RunAsync(Context(step, dryRun), CancellationToken.None);
    }

    public async Task RunAllAsync(bool dryRun = false)
    {
        foreach (var step in Steps())
        {
            await RunAsync(step, dryRun);
        }
    }

    public StepContext Context(IStep step, bool dryRun, IReadOnlyDictionary<string, string?>? settings = null) => new()
    {
        DataSource = Bronze.Database.DataSource,
        Logger = Bronze.Logger,
        RunId = Guid.NewGuid(),
        StepName = step.Descriptor.Name,
        Clock = Bronze.Clock,
        DryRun = dryRun,
        Configuration = settings is null
            ? _configuration
            : new ConfigurationBuilder().AddConfiguration(_configuration).AddInMemoryCollection(settings).Build(),
    };

    /// <summary>Runs a step with extra configuration (e.g. TDX_ENRICH_CONCURRENCY) on top of the simulator's.</summary>
    public Task<StepResult> RunAsync(IStep step, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken = default)
    {
        Bronze.Clock.Advance(TimeSpan.FromSeconds(1));
        return step.RunAsync(Context(step, dryRun: false, settings), cancellationToken);
    }

    /// <summary>external id → raw_data text of every enrichment version of a slice (fails if an id has two).</summary>
    public async Task<IReadOnlyDictionary<string, string>> EnrichmentVersionsAsync(BronzeEntity entity)
    {
        await using var connection = await Bronze.Database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string ExternalId, string RawData)>(
            $"""
            SELECT external_id, raw_data::text FROM bronze.raw_entities
            WHERE source_system = @s AND entity_type = @e AND raw_data ? '{BronzeEnrichment.EnrichedFromKey}'
            """,
            new { s = entity.SourceSystem, e = entity.EntityType });
        return rows.ToDictionary(r => r.ExternalId, r => r.RawData);
    }

    /// <summary>What the simulator serves for a slice, as external id → record (the steps' filters applied).</summary>
    public IReadOnlyDictionary<string, JsonObject> Served(BronzeEntity entity)
    {
        var projection = Simulator.Store.Projection;
        var accounts = projection.AccountDepartments.Select(d => projection.Account(d, full: false)).ToList();
        var accountIds = accounts.Select(a => a["ID"]!.GetValue<int>()).ToHashSet();
        IEnumerable<(string Id, JsonObject Record)> records = entity.EntityType switch
        {
            "department" => accounts.Select(a => (a["ID"]!.ToJsonString(), a)),
            "user" => projection.Users.Select(p => projection.User(p, full: false))
                .Where(u => u["IsActive"]!.GetValue<bool>() && accountIds.Contains(u["DefaultAccountID"]!.GetValue<int>()) && !string.IsNullOrEmpty(u["ExternalID"]?.GetValue<string>()))
                .Select(u => (u["ExternalID"]!.GetValue<string>(), u)),
            "asset" => projection.Assets.Select(c => projection.Asset(c, full: false))
                .Where(a => IngestTdxAssets.StatusIds.Contains(a["StatusID"]!.GetValue<int>()))
                .Select(a => (a["ID"]!.ToJsonString(), a)),
            _ => throw new ArgumentOutOfRangeException(nameof(entity)),
        };
        return records.ToDictionary(r => r.Id, r => r.Record);
    }

    /// <summary>External ids whose versions were written by the latest run of a slice.</summary>
    public async Task<IReadOnlySet<string>> WrittenByLatestRunAsync(BronzeEntity entity)
    {
        await using var connection = await Bronze.Database.DataSource.OpenConnectionAsync();
        var ids = await connection.QueryAsync<string>(
            """
            SELECT external_id FROM bronze.raw_entities
            WHERE ingestion_run_id = (SELECT run_id FROM meta.ingestion_runs WHERE source_system = @s AND entity_type = @e ORDER BY started_at DESC LIMIT 1)
            """,
            new { s = entity.SourceSystem, e = entity.EntityType });
        return ids.ToHashSet();
    }

    public async Task<long> VersionsAsync(BronzeEntity entity)
    {
        await using var connection = await Bronze.Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM bronze.raw_entities WHERE source_system = @s AND entity_type = @e", new { s = entity.SourceSystem, e = entity.EntityType });
    }

    public async Task<(string Status, int Created, JsonObject Metadata)> LatestRunAsync(BronzeEntity entity)
    {
        await using var connection = await Bronze.Database.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Status, int Created, string Metadata)>(
            "SELECT status, records_created, metadata::text FROM meta.ingestion_runs WHERE source_system = @s AND entity_type = @e ORDER BY started_at DESC LIMIT 1",
            new { s = entity.SourceSystem, e = entity.EntityType });
        return (row.Status, row.Created, JsonNode.Parse(row.Metadata)!.AsObject());
    }

    public int DetailCalls(string pathPart) =>
        Simulator.Journal.Entries.Count(e => e.Method == "GET" && e.Path.Contains(pathPart, StringComparison.Ordinal) && e.Status == 200);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Simulator.DisposeAsync();
        await Bronze.DisposeAsync();
    }

    private async Task ServeAsync(SimWorld world, TdxSimulatorOptions? options)
    {
        if (Simulator is not null)
        {
            await _services.DisposeAsync();
            await Simulator.DisposeAsync();
        }

        World = world;
        Simulator = await TdxSimulator.StartAsync(world, options ?? new TdxSimulatorOptions { RateLimitEnabled = false }, Bronze.Clock);
        _configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TDX_BASE_URL"] = Simulator.SandboxBaseUrl,
            ["TDX_BEID"] = Simulator.Credentials.Beid,
            ["TDX_WEB_SERVICES_KEY"] = Simulator.Credentials.WebServicesKey,
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton(_configuration)
            .AddSingleton<TimeProvider>(Bronze.Clock)
            .AddTdxConnector(new TdxTuning { Retry = new HttpRetryBudget { AttemptTimeout = TimeSpan.FromHours(1) } })
            .BuildServiceProvider();
        Client = _services.GetRequiredService<TdxClient>();
    }

    /// <summary>Which people TDX's user search returns, computed from the world without a server.</summary>
    public sealed class Probe(SimWorld world)
    {
        public IReadOnlySet<string> ServedUserIds { get; } = Compute(world);

        private static HashSet<string> Compute(SimWorld world)
        {
            var projection = new LsatsHub.Simulator.Projections.TdxProjection(new LsatsHub.Simulator.Projections.WorldIndex(world));
            var accountIds = projection.AccountDepartments.Select(d => d.TdxAccountId).ToHashSet();
            return projection.Users.Select(p => projection.User(p, full: false))
                .Where(u => u["IsActive"]!.GetValue<bool>() && accountIds.Contains(u["DefaultAccountID"]!.GetValue<int>()))
                .Select(u => u["ExternalID"]!.GetValue<string>())
                .ToHashSet();
        }
    }
}
