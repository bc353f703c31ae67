using Dapper;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.TicketQueue.Tests.Support;

/// <summary>
/// A TDX simulator on 127.0.0.1 (a small synthetic university; its report 1344 lists the East Hall tickets) and a fresh
/// warehouse on the real test PostgreSQL (baseline applied), with pollers built the way lsats-run builds them.
/// </summary>
internal sealed class QueueBed : IAsyncDisposable
{
    public const int ReportId = 1344;

    private readonly List<ServiceProvider> _providers = [];

    private QueueBed(TdxSimulator tdx, TestDatabase database)
    {
        Tdx = tdx;
        Database = database;
    }

    public TdxSimulator Tdx { get; }

    public TestDatabase Database { get; }

    public LogCapture Log { get; } = new();

    /// <summary>The variables an operator would set (sandbox URL, the simulator's credentials, no HTTP retries so a 500 fails fast).</summary>
    public Dictionary<string, string> Variables => new(StringComparer.Ordinal)
    {
        ["DATABASE_URL"] = Database.Url,
        ["TDX_BASE_URL"] = Tdx.SandboxBaseUrl,
        ["TDX_APP_ID"] = "48",
        ["TDX_BEID"] = Tdx.Credentials.Beid,
        ["TDX_WEB_SERVICES_KEY"] = Tdx.Credentials.WebServicesKey,
        ["LSATS_HTTP_RETRIES"] = "0",
        ["DAEMON_REPORT_ID"] = ReportId.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The tickets of report 1344, as the simulator evaluates it (active status, East Hall group).</summary>
    public IReadOnlyList<int> ReportTickets => [.. Tdx.Store.TicketIds.Where(id =>
        Tdx.Store.Ticket(id) is { } t && TdxStore.ActiveStatuses.Contains(t["StatusID"]!.GetValue<int>()) && t["ResponsibleGroupID"]!.GetValue<int>() == 367)];

    public static async Task<QueueBed> CreateAsync(string purpose)
    {
        var world = WorldGenerator.Generate(new WorldOptions(17, 0.002));
        var tdx = await TdxSimulator.StartAsync(world, new TdxSimulatorOptions { RateLimitEnabled = false });
        var database = await PostgresServer.CreateDatabaseAsync(purpose);
        await database.ApplySqlFileAsync("sql/production_init.sql");
        await database.ApplySqlFileAsync("sql/production_schema.sql");
        await database.ApplySqlFileAsync("sql/views/silver_views.sql");
        return new QueueBed(tdx, database);
    }

    /// <summary>A poller as lsats-run queue run builds it, with <paramref name="extra"/> variables on top of <see cref="Variables"/>.</summary>
    public QueuePoller Poller(IReadOnlyDictionary<string, string>? extra = null, bool dryRun = false, NpgsqlDataSource? dataSource = null)
    {
        var variables = Variables;
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(variables.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value))).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(builder => builder.AddProvider(Log).SetMinimumLevel(LogLevel.Information));
        services.AddSingleton(dataSource ?? Database.DataSource);
        services.AddTicketQueue(QueueOptions.From(configuration, null, null, dryRun));
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<QueuePoller>();
    }

    /// <summary>The simulator's writes of a kind (<c>ticket.feed</c>, <c>ticket.asset</c>, <c>ticket.ci</c>).</summary>
    public IReadOnlyList<TdxWrite> Writes(string? kind = null) => [.. Tdx.Store.Writes.Where(w => kind is null || w.Kind == kind)];

    public async Task<IReadOnlyList<(int TicketId, string ActionId, string Status, int Attempts)>> LogRowsAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<(int, string, string, int)>("SELECT ticket_id, action_id, status, attempts FROM meta.daemon_action_log ORDER BY ticket_id, action_id")];
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException("no value");
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await Database.DisposeAsync();
        await Tdx.DisposeAsync();
    }
}
