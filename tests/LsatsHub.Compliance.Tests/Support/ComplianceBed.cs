using Dapper;
using LsatsHub.Compliance.Create;
using LsatsHub.Connectors.Sheets;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.Sheets;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LsatsHub.Compliance.Tests.Support;

/// <summary>The synthetic university's TDX (sandbox) and compliance sheet on loopback simulators, a fresh warehouse, and the workflow wired to them.</summary>
internal sealed class ComplianceBed : IAsyncDisposable
{
    private static readonly Lazy<SimWorld> World = new(() => WorldGenerator.Generate(new WorldOptions(42, 0.002)));

    private readonly ServiceProvider _services;

    private ComplianceBed(TdxSimulator tdx, SheetsSimulator sheets, ComplianceSheet sheet, TestDatabase database, ServiceProvider services, string folder)
    {
        Tdx = tdx;
        Sheets = sheets;
        Sheet = sheet;
        Database = database;
        _services = services;
        Folder = folder;
        Client = services.GetRequiredService<TdxClient>();
        Ledger = new ComplianceLedger(database.DataSource, TimeProvider.System);
    }

    public TdxSimulator Tdx { get; }

    public SheetsSimulator Sheets { get; }

    public ComplianceSheet Sheet { get; }

    public TestDatabase Database { get; }

    public TdxClient Client { get; }

    public ComplianceLedger Ledger { get; }

    public string Folder { get; }

    public string BaseUrl => Tdx.SandboxBaseUrl;

    public static async Task<ComplianceBed> CreateAsync(string purpose)
    {
        var sheet = ComplianceSheet.Generate(new WorldIndex(World.Value));
        var tdx = await TdxSimulator.StartAsync(World.Value, new TdxSimulatorOptions { RateLimitEnabled = false });
        var sheets = await SheetsSimulator.StartAsync([sheet.Spreadsheet]);
        var database = await PostgresServer.CreateDatabaseAsync(purpose);
        await database.ApplySqlFileAsync("sql/production_init.sql");
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["TDX_BASE_URL"] = tdx.SandboxBaseUrl,
                ["TDX_BEID"] = tdx.Credentials.Beid,
                ["TDX_WEB_SERVICES_KEY"] = tdx.Credentials.WebServicesKey,
                ["LSATS_HTTP_RETRIES"] = "0",
            }).Build())
            .AddTdxConnector()
            .BuildServiceProvider();
        return new ComplianceBed(tdx, sheets, sheet, database, services, Directory.CreateTempSubdirectory("lsats-compliance-").FullName);
    }

    /// <summary>The live sheet through the Sheets API with the service-account key.</summary>
    public GoogleSheetsSource LiveSheet() => GoogleSheetsSource.Open(
        Sheet.Spreadsheet.Id,
        new GoogleSheetsOptions { BaseUrl = Sheets.Address, CredentialsFile = Sheets.WriteServiceAccountKey(Path.Combine(Folder, "sa.json")) },
        TimeProvider.System);

    public ComplianceCreateWorkflow Workflow() => new(Client, Ledger, NullLogger.Instance);

    public ComplianceCreateOptions Options(bool dryRun = false, Func<int, CancellationToken, Task>? afterCreated = null) => new()
    {
        Tab = Sheet.Tab,
        DryRun = dryRun,
        WebRoot = ComplianceCreateOptions.WebRootOf(new Uri(BaseUrl)),
        AfterTicketCreated = afterCreated,
    };

    public LedgerScope Scope(ISheetSource source) => new(source.Key, Sheet.Tab, BaseUrl);

    public Task<ComplianceCreateCounts> RunAsync(ISheetSource source, ComplianceCreateOptions? options = null) =>
        Workflow().RunAsync(source, Scope(source), options ?? Options(), CancellationToken.None);

    /// <summary>Tickets the simulator created (not the seeded ones), by id.</summary>
    public IReadOnlyList<System.Text.Json.Nodes.JsonObject> CreatedTickets() =>
        [.. Tdx.Store.Writes.Where(w => w.Kind == "ticket.create").Select(w => Tdx.Store.Ticket(w.TargetId)!)];

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Sheets.DisposeAsync();
        await Tdx.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
