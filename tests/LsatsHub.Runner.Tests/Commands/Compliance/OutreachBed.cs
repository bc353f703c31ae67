using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Compliance.Outreach;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Runner.Hosting;
using LsatsHub.Runner.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Runner.Tests.Commands.Compliance;

/// <summary>
/// The TDX simulator on 127.0.0.1 serving a small synthetic university (its report 31623 lists the awaiting compliance
/// tickets), a fresh warehouse on the real test PostgreSQL, the world's Unit Assignments sheet exported as CSV, and
/// lsats-run in-process on a fake clock shared with the simulator.
/// </summary>
internal sealed class OutreachBed : IAsyncDisposable
{
    private OutreachBed(SimWorld world, TdxSimulator tdx, TestDatabase database, FakeTimeProvider clock, string folder)
    {
        World = world;
        Index = new WorldIndex(world);
        Tdx = tdx;
        Database = database;
        Clock = clock;
        Folder = folder;
        AssignmentsFile = Path.Combine(folder, "Unit Assignments.csv");
        WriteCsv(AssignmentsFile, UnitAssignmentsSheet.Rows(Index));
        Variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DATABASE_URL"] = database.Url,
            ["TDX_BASE_URL"] = tdx.SandboxBaseUrl,
            ["TDX_APP_ID"] = "48",
            ["TDX_BEID"] = tdx.Credentials.Beid,
            ["TDX_WEB_SERVICES_KEY"] = tdx.Credentials.WebServicesKey,
            ["LSATS_HTTP_RETRIES"] = "0",
            ["LSATS_LOG_DIR"] = Path.Combine(folder, "logs"),
            ["COMPLIANCE_UNIT_ASSIGNMENTS_FILE"] = AssignmentsFile,
        };
    }

    public SimWorld World { get; }

    public WorldIndex Index { get; }

    public TdxSimulator Tdx { get; }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public string Folder { get; }

    public string AssignmentsFile { get; }

    public Dictionary<string, string> Variables { get; }

    /// <summary>Tickets the report lists: awaiting input (620) for Unified List Management (1678).</summary>
    public IReadOnlyList<int> AwaitingTickets => [.. Tdx.Store.TicketIds.Where(id =>
        Tdx.Store.Ticket(id) is { } t && t["StatusID"]!.GetValue<int>() == 620 && t["ResponsibleGroupID"]!.GetValue<int>() == 1678)];

    /// <summary>Awaiting tickets whose description has a table (what the third outreach escalates).</summary>
    public IReadOnlyList<int> TabledTickets => [.. AwaitingTickets.Where(id => Tdx.Store.Ticket(id)!["Description"]!.GetValue<string>().Contains("<table", StringComparison.Ordinal))];

    public static async Task<OutreachBed> CreateAsync(string purpose)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
        var world = WorldGenerator.Generate(new WorldOptions(17, 0.002));
        var tdx = await TdxSimulator.StartAsync(world, new TdxSimulatorOptions { RateLimitEnabled = false }, clock);
        var database = await PostgresServer.CreateDatabaseAsync(purpose);
        await database.ApplySqlFileAsync("sql/production_init.sql");
        await database.ApplyRunRecordsAsync();
        return new OutreachBed(world, tdx, database, clock, Directory.CreateTempSubdirectory("lsats-outreach-").FullName);
    }

    public async Task<RunnerInvocation> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new RunnerEnvironment(Variables, TextWriter.Synchronized(output), TextWriter.Synchronized(error), Clock, IsTerminal: false, RegisterSteps: _ => { });
        var exitCode = await RunnerCli.InvokeAsync(environment, args);
        return new RunnerInvocation(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The outreach as the command builds it, with a hook between posting and recording (where a crash would be).</summary>
    public async Task<OutreachSummary> RunDirectAsync(OutreachKind kind, Func<int, CancellationToken, Task> afterPost)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Variables.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddTdxConnector();
        await using var provider = services.BuildServiceProvider();
        var assignments = kind == OutreachKind.Third ? UnitAssignments.FromRows(UnitAssignmentsSheet.Rows(Index)) : null;
        var outreach = new ComplianceOutreach(
            provider.GetRequiredService<TdxClient>(), new OutreachLog(Database.DataSource), assignments,
            new OutreachOptions(kind, OutreachOptions.DefaultReportId, OutreachOptions.DefaultMinInterval, DryRun: false), Clock, NullLogger.Instance, afterPost);
        return await outreach.RunAsync(CancellationToken.None);
    }

    /// <summary>The simulator's writes of a kind (<c>ticket.feed</c>, <c>ticket.contact</c>).</summary>
    public IReadOnlyList<TdxWrite> Writes(string? kind = null) => [.. Tdx.Store.Writes.Where(w => kind is null || w.Kind == kind)];

    /// <summary>The notify list of a feed write.</summary>
    public static IReadOnlyList<string> NotifyOf(TdxWrite write) =>
        [.. ((write.Body as JsonObject)?["Notify"] as JsonArray ?? []).Select(n => n!.GetValue<string>())];

    public async Task<IReadOnlyList<(int TicketId, string Kind, string Status, string[] Notify)>> OutreachRowsAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<(int, string, string, string[])>("SELECT ticket_id, kind, status, notify FROM meta.compliance_outreach ORDER BY outreach_id")];
    }

    /// <summary>Everything lsats-run logged to its log files so far.</summary>
    public string LogText() =>
        Directory.Exists(Variables["LSATS_LOG_DIR"])
            ? string.Concat(Directory.GetFiles(Variables["LSATS_LOG_DIR"], "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText))
            : string.Empty;

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        await Tdx.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    public static void WriteCsv(string path, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        // As Sheets exports a tab: every row as wide as the widest, blank cells empty.
        var width = rows.Max(r => r.Count);
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Concat(Enumerable.Repeat(string.Empty, width - row.Count)).Select(cell => cell.Contains(',', StringComparison.Ordinal) || cell.Contains('"', StringComparison.Ordinal) ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
