using System.Net;
using LsatsHub.Connectors.Sheets;
using LsatsHub.Connectors.Tests.Tdx;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.Sheets;

namespace LsatsHub.Connectors.Tests.Sheets;

/// <summary>The shared sheet layer against the Sheets simulator on loopback, and the CSV/XLSX exports of the same sheet.</summary>
public sealed class SheetSourceTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lsats-sheets-").FullName;
    private ComplianceSheet _sheet = null!;
    private SheetsSimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        _sheet = ComplianceSheet.Generate(new WorldIndex(TdxWorlds.Small));
        _simulator = await SheetsSimulator.StartAsync([_sheet.Spreadsheet]);
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_service_account_key_reads_the_month_tab_under_its_header_on_row_2()
    {
        using var source = Open(new GoogleSheetsOptions { BaseUrl = _simulator.Address, CredentialsFile = _simulator.WriteServiceAccountKey(Path.Combine(_folder, "sa.json")) });

        var table = await source.ReadTableAsync(_sheet.Tab, 2, CancellationToken.None);

        table.RequireColumns([.. ComplianceSheet.Headers]);
        table.Rows.Should().HaveCount(_sheet.Spreadsheet.Entered(_sheet.Tab).Count - 2);
        table.Rows[0].RowNumber.Should().Be(3);
        table.Rows.Should().Contain(r => r["Owner"] == ComplianceSheet.ServiceAccountOwner);
        _simulator.Journal.Entries.Should().Contain(e => e.Method == "POST" && e.Path == "/token" && e.Status == 200);
    }

    [Fact]
    public async Task A_stored_token_reads_any_range_and_writes_a_formula_that_reads_back_as_its_label()
    {
        using var source = Open(new GoogleSheetsOptions { BaseUrl = _simulator.Address, TokenFile = _simulator.WriteStoredToken(Path.Combine(_folder, "token.json")) });
        var table = await source.ReadTableAsync(_sheet.Tab, 2, CancellationToken.None);
        var row = table.Rows.First(r => r.Value("Ticket") is null);

        await source.WriteCellAsync(table, row, "Ticket", "=HYPERLINK(\"https://x.example/TicketDet?TicketID=77\", 77)", CancellationToken.None);
        var again = await source.ReadTableAsync(_sheet.Tab, 2, CancellationToken.None);
        var departments = await source.ReadRangeAsync(SheetRange.Parse("TDX!H2:H"), CancellationToken.None);

        again.Rows.Single(r => r.RowNumber == row.RowNumber)["Ticket"].Should().Be("77");
        _sheet.Spreadsheet.Entered(_sheet.Tab)[row.RowNumber - 1][table.ColumnOf("Ticket")!.Value - 1].Should().StartWith("=HYPERLINK(");
        departments.Should().NotBeEmpty().And.OnlyContain(r => r.Count == 1).And.Contain(r => r[0] == "None");
        _simulator.Journal.Entries.Should().Contain(e => e.Method == "PUT" && e.Query.Contains("valueInputOption=USER_ENTERED", StringComparison.Ordinal) && e.Status == 200);
    }

    [Fact]
    public async Task A_request_without_a_valid_token_is_refused_by_the_simulator()
    {
        using var http = new HttpClient { BaseAddress = _simulator.Address };

        var response = await http.GetAsync(new Uri($"v4/spreadsheets/{_sheet.Spreadsheet.Id}/values/{_sheet.Tab}", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_the_token_endpoint_does_not_accept_fails_clearly_without_showing_the_key()
    {
        await using var other = await SheetsSimulator.StartAsync([]);
        var foreignKey = other.WriteServiceAccountKey(Path.Combine(_folder, "foreign.json"));
        var text = await File.ReadAllTextAsync(foreignKey);
        await File.WriteAllTextAsync(foreignKey, text.Replace(other.TokenUri, _simulator.TokenUri, StringComparison.Ordinal));
        using var source = Open(new GoogleSheetsOptions { BaseUrl = _simulator.Address, CredentialsFile = foreignKey });

        var read = () => source.ReadTableAsync(_sheet.Tab, 2, CancellationToken.None);

        var failure = (await read.Should().ThrowAsync<ConnectorException>()).Which;
        failure.Message.Should().Contain("invalid_grant").And.NotContain("PRIVATE KEY");
    }

    [Fact]
    public async Task An_unknown_spreadsheet_or_tab_is_a_clear_error()
    {
        var key = _simulator.WriteServiceAccountKey(Path.Combine(_folder, "sa.json"));
        using var missing = GoogleSheetsSource.Open("nope", new GoogleSheetsOptions { BaseUrl = _simulator.Address, CredentialsFile = key }, TimeProvider.System);
        using var source = Open(new GoogleSheetsOptions { BaseUrl = _simulator.Address, CredentialsFile = key });

        var noSheet = () => missing.ReadTableAsync(_sheet.Tab, 2, CancellationToken.None);
        var noTab = () => source.ReadTableAsync("Smarch", 2, CancellationToken.None);

        (await noSheet.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("404");
        (await noTab.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("Unable to parse range");
    }

    [Fact]
    public async Task A_header_on_row_6_reads_the_rows_below_it()
    {
        var assignments = new Spreadsheet("unit-assignments", "LSA Finance BA BO Unit Assignments");
        assignments.SetTab("Unit Assignments", [["LSA Finance"], [], ["as of March"], [], [], ["Department", "CA Email", "Chief Administrator / Department Manager"], ["Chemistry", "ca1@umich.edu", "Smith, Ann"]]);
        await using var simulator = await SheetsSimulator.StartAsync([assignments]);
        using var source = GoogleSheetsSource.Open(
            "unit-assignments", new GoogleSheetsOptions { BaseUrl = simulator.Address, CredentialsFile = simulator.WriteServiceAccountKey(Path.Combine(_folder, "ua.json")) }, TimeProvider.System);

        var table = await source.ReadTableAsync("Unit Assignments", 6, CancellationToken.None);

        table.Rows.Should().ContainSingle().Which["Chief Administrator / Department Manager"].Should().Be("Smith, Ann");
        table.Rows[0].RowNumber.Should().Be(7);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task An_export_reads_like_the_live_sheet_and_keeps_cell_writes_in_a_sidecar(string kind)
    {
        var path = kind == "xlsx" ? Path.Combine(_folder, "compliance.xlsx") : _sheet.WriteCsv(_folder);
        if (kind == "xlsx")
        {
            _sheet.WriteXlsx(path);
        }

        var before = await File.ReadAllBytesAsync(path);
        using var live = Open(new GoogleSheetsOptions { BaseUrl = _simulator.Address, CredentialsFile = _simulator.WriteServiceAccountKey(Path.Combine(_folder, "sa.json")) });
        var file = FileSheetSource.Open(path, _sheet.Tab);

        var expected = await live.ReadTableAsync(_sheet.Tab, 2, CancellationToken.None);
        var table = await file.ReadTableAsync(_sheet.Tab, 2, CancellationToken.None);
        var fixes = await file.ReadTableAsync("FIX", 2, CancellationToken.None);
        var departments = await file.ReadRangeAsync(SheetRange.Parse("TDX!H2:H"), CancellationToken.None);
        var row = table.Rows.First(r => r.Value("Ticket") is null);
        await file.WriteCellAsync(table, row, "Ticket", "=HYPERLINK(\"u\", 5)", CancellationToken.None);
        var reopened = await FileSheetSource.Open(path, _sheet.Tab).ReadTableAsync(_sheet.Tab, 2, CancellationToken.None);

        table.Rows.Select(r => (r.RowNumber, Cells: string.Join("|", r.Cells))).Should().Equal(expected.Rows.Select(r => (r.RowNumber, Cells: string.Join("|", r.Cells))));
        fixes.Rows.Should().HaveCount(ComplianceSheet.Fixes.Count);
        departments.Select(d => d[0]).Should().Contain("None");
        reopened.Rows.Single(r => r.RowNumber == row.RowNumber)["Ticket"].Should().Be("=HYPERLINK(\"u\", 5)");
        (await File.ReadAllBytesAsync(path)).Should().Equal(before, "the export is never rewritten");
        File.Exists(path + ".edits.csv").Should().BeTrue();
    }

    private GoogleSheetsSource Open(GoogleSheetsOptions options) => GoogleSheetsSource.Open(_sheet.Spreadsheet.Id, options, TimeProvider.System);
}
