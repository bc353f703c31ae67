using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Respawn;

namespace LsatsHub.Pipelines.Tests.Support;

/// <summary>
/// What every silver test stands on: one simulated university served by its simulators, and one warehouse whose bronze
/// the real bronze steps loaded from them, ONCE per test collection (<see cref="SilverCollection"/>). Each test starts
/// from an empty silver (<see cref="ResetSilverAsync"/>, Respawn over schema silver); a test that must change bronze
/// works on a copy (<see cref="CloneAsync"/>) and ingests another world into it (<see cref="IngestAsync"/>).
/// </summary>
public sealed class SilverTestBed : IAsyncLifetime
{
    private Respawner? _respawner;

    /// <summary>The world bronze was loaded from: seed 23 at scale 0.002 (about 200 people), plus the names silver must keep exactly.</summary>
    public SimWorld World { get; } = WorldGenerator.Generate(new WorldOptions(23, 0.002));

    /// <summary>The sources serving <see cref="World"/>.</summary>
    public SimulatedSources Sources { get; private set; } = null!;

    /// <summary>The warehouse (production_init.sql + production_schema.sql) with bronze loaded.</summary>
    public TestDatabase Database { get; private set; } = null!;

    /// <summary>Every message steps logged.</summary>
    public ListLogger Logger { get; } = new();

    /// <summary>Every step of the pipelines, built through DI as the runner builds them.</summary>
    public IReadOnlyList<IStep> Steps => Sources.Steps;

    public async Task InitializeAsync()
    {
        // A MaxValRange of 5 instead of AD's 1,500: the bed's groups then come in ranged parts, so silver's memberships
        // are only right if bronze asked for every part.
        Sources = await SimulatedSources.StartAsync(World, adMaxValueRange: 5);
        Database = await BronzeSchema.CreateDatabaseAsync("silverbed");
        await IngestAsync(Database, Sources);
    }

    public async Task DisposeAsync()
    {
        await Sources.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>The step of the given class.</summary>
    public TStep Step<TStep>()
        where TStep : IStep => Steps.OfType<TStep>().Single();

    /// <summary>Empties every silver table and forgets the silver run rows: each test starts from bronze only.</summary>
    public async Task ResetSilverAsync(TestDatabase? database = null)
    {
        await using var connection = await (database ?? Database).DataSource.OpenConnectionAsync();
        if (database is not null)
        {
            await (await Respawner.CreateAsync(connection, RespawnOptions)).ResetAsync(connection);
        }
        else
        {
            _respawner ??= await Respawner.CreateAsync(connection, RespawnOptions);
            await _respawner.ResetAsync(connection);
        }

        await connection.ExecuteAsync("DELETE FROM meta.ingestion_runs WHERE source_system = @Source", new { Source = SilverTransform.RunSourceSystem });
    }

    /// <summary>Runs a step against the bed's warehouse (or <paramref name="database"/>) the way the executor would.</summary>
    public Task<StepResult> RunAsync(IStep step, TestDatabase? database = null, bool dryRun = false, bool fullRefresh = false) =>
        step.RunAsync(Context(step, database ?? Database, dryRun, fullRefresh), CancellationToken.None);

    /// <summary>A context for one attempt of <paramref name="step"/>.</summary>
    public StepContext Context(IStep step, TestDatabase database, bool dryRun = false, bool fullRefresh = false, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var values = new Dictionary<string, string?>(configuration ?? Sources.Configuration)
        {
            [SilverTransform.FullRefreshVariable] = fullRefresh ? "true" : "false",
        };
        return new StepContext
        {
            DataSource = database.DataSource,
            Logger = Logger,
            RunId = Guid.NewGuid(),
            StepName = step.Descriptor.Name,
            Clock = TimeProvider.System,
            DryRun = dryRun,
            Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build(),
        };
    }

    /// <summary>A copy of the bed's warehouse (bronze as loaded, silver as it is now), for a test that changes bronze.</summary>
    public Task<TestDatabase> CloneAsync(string purpose) => Database.CloneAsync(purpose);

    /// <summary>Runs the bronze steps (all, or those <paramref name="include"/> picks) in dependency order against <paramref name="sources"/>.</summary>
    public async Task IngestAsync(TestDatabase database, SimulatedSources sources, Func<IStep, bool>? include = null)
    {
        foreach (var step in InDependencyOrder(sources.Steps.Where(step => step.Descriptor.Layer == Layers.Bronze && (include?.Invoke(step) ?? true)).ToList()))
        {
            await step.RunAsync(Context(step, database, configuration: sources.Configuration), CancellationToken.None);
        }
    }

    private static readonly RespawnerOptions RespawnOptions = new()
    {
        DbAdapter = DbAdapter.Postgres,
        SchemasToInclude = ["silver"],
    };

    private static List<IStep> InDependencyOrder(List<IStep> steps)
    {
        var ordered = new List<IStep>();
        var written = new HashSet<DatasetId>();
        var producedHere = steps.SelectMany(step => step.Descriptor.Outputs).ToHashSet();
        var pending = steps.OrderBy(step => step.Descriptor.Name, StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var ready = pending.First(step => step.Descriptor.Inputs.All(input => !producedHere.Contains(input) || written.Contains(input)));
            ordered.Add(ready);
            written.UnionWith(ready.Descriptor.Outputs);
            pending.Remove(ready);
        }

        return ordered;
    }
}
