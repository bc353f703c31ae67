using Dapper;
using LsatsHub.Runner.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.Sheets;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Simulator.World;

namespace LsatsHub.Runner.Tests.Commands;

/// <summary>
/// <c>lsats-run compliance create</c> (docs/compliance.md) against the TDX and Sheets simulators and a real warehouse: the
/// environment first, the sandbox-first policy, the counts printed and recorded, and an export read like the live sheet.
/// </summary>
public sealed class ComplianceCommandTests : IAsyncLifetime
{
    private static readonly Lazy<SimWorld> World = new(() => WorldGenerator.Generate(new WorldOptions(42, 0.002)));
    private RunnerHarness _harness = null!;
    private TdxSimulator _tdx = null!;
    private SheetsSimulator _sheets = null!;
    private ComplianceSheet _sheet = null!;

    public async Task InitializeAsync()
    {
        _harness = await RunnerHarness.CreateAsync("compliancecommand");
        _sheet = ComplianceSheet.Generate(new WorldIndex(World.Value));
        _tdx = await TdxSimulator.StartAsync(World.Value, new TdxSimulatorOptions { RateLimitEnabled = false });
        _sheets = await SheetsSimulator.StartAsync([_sheet.Spreadsheet]);
        _harness.Variables["TDX_BASE_URL"] = _tdx.SandboxBaseUrl;
        _harness.Variables["TDX_BEID"] = _tdx.Credentials.Beid;
        _harness.Variables["TDX_WEB_SERVICES_KEY"] = _tdx.Credentials.WebServicesKey;
        _harness.Variables["LSATS_HTTP_RETRIES"] = "0";
        _harness.Variables["GOOGLE_SHEETS_BASE_URL"] = _sheets.Address.ToString();
        _harness.Variables["CREDENTIALS_FILE"] = _sheets.WriteServiceAccountKey(Path.Combine(_harness.Folder, "sa.json"));
        _harness.Variables["SPREADSHEET_ID"] = _sheet.Spreadsheet.Id;
        _harness.Variables["SHEET_NAME"] = _sheet.Tab;
    }

    public async Task DisposeAsync()
    {
        await _sheets.DisposeAsync();
        await _tdx.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task A_sandbox_run_prints_the_environment_creates_the_tickets_and_records_its_counts_and_a_second_run_creates_none()
    {
        var first = await _harness.InvokeAsync("compliance", "create", "--notify");
        var second = await _harness.InvokeAsync("compliance", "create");

        first.ExitCode.Should().Be(0, first.Output + first.Error);
        first.Output.Should().StartWith("TDX SANDBOX at " + _tdx.SandboxBaseUrl + ": compliance create")
            .And.Contain("notifications: off (sandbox").And.Contain("--notify ignored")
            .And.Contain($"{_sheet.ExpectedTickets.Count} tickets created");
        second.ExitCode.Should().Be(0, second.Output + second.Error);
        second.Output.Should().Contain("0 tickets created");
        _tdx.Store.Writes.Count(w => w.Kind == "ticket.create").Should().Be(_sheet.ExpectedTickets.Count);
        _tdx.Journal.Entries.Where(e => e.Path.EndsWith("/46/tickets", StringComparison.Ordinal)).Should().OnlyContain(e => e.Query.Contains("NotifyRequestor=False", StringComparison.Ordinal));
        await using var connection = await _harness.Database.DataSource.OpenConnectionAsync();
        var runs = (await connection.QueryAsync<(string Environment, bool DryRun, int Created)>(
            "SELECT environment, dry_run, (counts ->> 'TicketsCreated')::int FROM meta.compliance_runs ORDER BY run_id")).ToList();
        runs.Should().Equal(("sandbox", false, _sheet.ExpectedTickets.Count), ("sandbox", false, 0));
    }

    [Fact]
    public async Task An_xlsx_export_gives_the_same_counts_and_keeps_the_Ticket_cells_beside_it()
    {
        var xlsx = Path.Combine(_harness.Folder, "compliance.xlsx");
        _sheet.WriteXlsx(xlsx);

        var result = await _harness.InvokeAsync("compliance", "create", "--file", xlsx);

        result.ExitCode.Should().Be(0, result.Output + result.Error);
        result.Output.Should().Contain("XLSX export " + xlsx).And.Contain($"{_sheet.ExpectedTickets.Count} tickets created");
        File.ReadAllLines(xlsx + ".edits.csv").Should().HaveCount(_sheet.ExpectedTickets.Sum(e => e.Value.Count) + 1);
        _sheets.Journal.Entries.Should().BeEmpty("an export never calls the Sheets API");
    }

    [Fact]
    public async Task Production_is_refused_without_the_production_flag_and_without_a_production_dry_run_and_allowed_after_one()
    {
        _harness.Variables["TDX_BASE_URL"] = _tdx.ProductionBaseUrl;

        var withoutFlag = await _harness.InvokeAsync("compliance", "create");
        var withoutDryRun = await _harness.InvokeAsync("compliance", "create", "--production");
        var dryRun = await _harness.InvokeAsync("compliance", "create", "--dry-run");
        var writesAfterDryRun = _tdx.Store.Writes.Count;
        var live = await _harness.InvokeAsync("compliance", "create", "--production");

        withoutFlag.ExitCode.Should().Be(2);
        withoutFlag.Output.Should().Contain("TDX PRODUCTION at " + _tdx.ProductionBaseUrl + ": compliance create");
        withoutFlag.Error.Should().Contain("is production").And.Contain("--production").And.NotContain(_tdx.Credentials.WebServicesKey);
        withoutDryRun.ExitCode.Should().Be(2);
        withoutDryRun.Error.Should().Contain("never completed a --dry-run against production");
        dryRun.ExitCode.Should().Be(0, dryRun.Output + dryRun.Error);
        dryRun.Output.Should().Contain("dry run: ").And.Contain($"{_sheet.ExpectedTickets.Count} tickets would be created").And.Contain("notifications: off (dry run)");
        writesAfterDryRun.Should().Be(0);
        live.ExitCode.Should().Be(0, live.Output + live.Error);
        live.Output.Should().Contain("notifications: off (production without --notify)").And.Contain($"{_sheet.ExpectedTickets.Count} tickets created");
    }

    [Fact]
    public async Task A_missing_tab_or_sheet_is_a_configuration_error()
    {
        _harness.Variables.Remove("SHEET_NAME");
        var noTab = await _harness.InvokeAsync("compliance", "create");
        _harness.Variables["SHEET_NAME"] = _sheet.Tab;
        _harness.Variables.Remove("SPREADSHEET_ID");
        var noSheet = await _harness.InvokeAsync("compliance", "create");

        noTab.ExitCode.Should().Be(2);
        noTab.Error.Should().Contain("--tab");
        noSheet.ExitCode.Should().Be(2);
        noSheet.Error.Should().Contain("--file").And.Contain("--sheet-id");
        _tdx.Store.Writes.Should().BeEmpty();
    }
}
