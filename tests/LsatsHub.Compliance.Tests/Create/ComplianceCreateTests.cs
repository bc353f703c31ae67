using System.Text.Json.Nodes;
using LsatsHub.Compliance.Create;
using LsatsHub.Compliance.Tests.Support;
using LsatsHub.Connectors.Sheets;
using LsatsHub.Simulator.Sheets;

namespace LsatsHub.Compliance.Tests.Create;

/// <summary>
/// <c>compliance create</c> against the synthetic university's compliance sheet and TDX (loopback simulators) and a real
/// warehouse: one ticket per owner, never twice, across re-runs and crashes, the same from the API and from an export.
/// </summary>
public sealed class ComplianceCreateTests : IAsyncLifetime
{
    private ComplianceBed _bed = null!;

    public async Task InitializeAsync() => _bed = await ComplianceBed.CreateAsync("compliancecreate");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Each_owner_gets_one_ticket_listing_their_rows_with_assets_attached_and_every_Ticket_cell_written()
    {
        using var sheet = _bed.LiveSheet();

        var counts = await _bed.RunAsync(sheet);

        var expected = _bed.Sheet.ExpectedTickets;
        var tickets = _bed.CreatedTickets();
        counts.TicketsCreated.Should().Be(expected.Count);
        tickets.Should().HaveCount(expected.Count);
        tickets.Select(t => t["RequestorUid"]!.GetValue<string>()).Should().OnlyHaveUniqueItems();
        var cells = await TicketCellsAsync(sheet);
        foreach (var (email, hosts) in expected)
        {
            var ticket = tickets.Single(t => t["RequestorUid"]!.GetValue<string>() == UidOf(email));
            var id = ticket["ID"]!.GetValue<int>();
            var description = ticket["Description"]!.GetValue<string>();
            ticket["Title"]!.GetValue<string>().Should().StartWith(_bed.Sheet.Tab + " Computer Compliance report for ");
            ticket["StatusID"]!.GetValue<int>().Should().Be(620);
            ticket["ResponsibleGroupID"]!.GetValue<int>().Should().Be(1678);
            description.Split("<tr><td>").Should().HaveCount(hosts.Count + 1, $"{email}'s table has one row per computer");
            hosts.Should().OnlyContain(h => description.Contains("<tr><td>" + h + "</td>", StringComparison.Ordinal));
            var attached = (await _bed.Client.GetTicketAssetsAsync(id, CancellationToken.None)).Select(ci => ci!["Name"]!.GetValue<string>().ToUpperInvariant());
            attached.Should().BeEquivalentTo(hosts.Except(_bed.Sheet.UnknownHosts));
            cells.Where(c => c.Email == email).Should().HaveCount(hosts.Count).And.OnlyContain(c => c.Ticket.StartsWith("=HYPERLINK(", StringComparison.Ordinal) && c.Ticket.Contains($"TicketID={id}\", {id})", StringComparison.Ordinal));
        }

        counts.AssetsNotFound.Should().Be(_bed.Sheet.UnknownHosts.Count);
        counts.OwnersWithoutUser.Should().Be(_bed.Sheet.UnknownOwners.Count);
        counts.Failures.Should().Be(0);
        _bed.Tdx.Journal.Entries.Where(e => e.Method == "POST" && e.Path.EndsWith("/46/tickets", StringComparison.Ordinal))
            .Should().HaveCount(expected.Count).And.OnlyContain(e => e.Status == 201 && e.Query.Contains("NotifyRequestor=False", StringComparison.Ordinal));
        (await _bed.ScalarAsync("SELECT count(*) FROM meta.compliance_tickets WHERE ticket_id IS NOT NULL AND completed_at IS NOT NULL")).Should().Be(expected.Count);
    }

    [Fact]
    public async Task The_dirty_rows_are_skipped_or_dropped_as_documented_and_the_unknown_owner_is_never_sent()
    {
        using var sheet = _bed.LiveSheet();

        var counts = await _bed.RunAsync(sheet);

        counts.RowsSkipped.Should().Equal(new Dictionary<string, int>
        {
            [ComplianceSheetReader.HasTicket] = 1,
            [ComplianceSheetReader.HasStatus] = 1,
            [ComplianceSheetReader.NoOwner] = 1,
            [ComplianceSheetReader.ServiceAccount] = 1,
        });
        counts.Owners.Should().Be(_bed.Sheet.ExpectedTickets.Count + _bed.Sheet.UnknownOwners.Count, "the shouted e-mail is the same owner");
        counts.OwnersWithoutUser.Should().Be(1);
        _bed.Tdx.Journal.Entries.Should().NotContain(e => e.Method == "POST" && e.Path.EndsWith("/46/tickets", StringComparison.Ordinal) && e.Status != 201);
        _bed.Tdx.Journal.Entries.Should().NotContain(e => e.Body.Contains("\"nan\"", StringComparison.Ordinal));
        var cells = await TicketCellsAsync(sheet);
        cells.Where(c => _bed.Sheet.UnknownOwners.Contains(c.Email)).Should().OnlyContain(c => c.Ticket.Length == 0, "a dropped owner's rows stay pending");
        cells.Single(c => c.Status.Length > 0).Ticket.Should().BeEmpty();
    }

    [Fact]
    public async Task A_second_run_creates_nothing_and_writes_nothing()
    {
        using var sheet = _bed.LiveSheet();
        await _bed.RunAsync(sheet);
        var writes = _bed.Tdx.Store.Writes.Count;
        var puts = _bed.Sheets.Journal.Entries.Count(e => e.Method == "PUT");

        var again = await _bed.RunAsync(sheet);

        again.TicketsCreated.Should().Be(0);
        again.CellsWritten.Should().Be(0);
        again.RowsPending.Should().Be(1, "only the unknown owner's row is still pending");
        _bed.Tdx.Store.Writes.Count.Should().Be(writes);
        _bed.Sheets.Journal.Entries.Count(e => e.Method == "PUT").Should().Be(puts);
    }

    [Fact]
    public async Task A_crash_between_creating_a_ticket_and_recording_it_does_not_create_it_again()
    {
        using var sheet = _bed.LiveSheet();
        var crash = _bed.Options(afterCreated: (id, _) => throw new ProcessKilledException(id));

        var first = () => _bed.RunAsync(sheet, crash);
        var killed = (await first.Should().ThrowAsync<ProcessKilledException>()).Which.TicketId;
        var claimsWithoutTicket = await _bed.ScalarAsync("SELECT count(*) FROM meta.compliance_tickets WHERE ticket_id IS NULL");
        var counts = await _bed.RunAsync(sheet);

        claimsWithoutTicket.Should().Be(1);
        counts.TicketsFound.Should().Be(1);
        counts.TicketsCreated.Should().Be(_bed.Sheet.ExpectedTickets.Count - 1);
        var tickets = _bed.CreatedTickets();
        tickets.Should().HaveCount(_bed.Sheet.ExpectedTickets.Count, "the ticket created before the crash is the owner's only one");
        tickets.Select(t => t["RequestorUid"]!.GetValue<string>()).Should().OnlyHaveUniqueItems();
        (await _bed.ScalarAsync($"SELECT count(*) FROM meta.compliance_tickets WHERE ticket_id = {killed} AND how = 'found' AND completed_at IS NOT NULL")).Should().Be(1);
        (await TicketCellsAsync(sheet)).Where(c => c.Ticket.Contains($"TicketID={killed}\"", StringComparison.Ordinal)).Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_claim_whose_ticket_never_reached_TDX_is_created_on_the_next_run()
    {
        using var sheet = _bed.LiveSheet();
        var (email, _) = _bed.Sheet.ExpectedTickets.First();
        await _bed.Ledger.ClaimAsync(_bed.Scope(sheet), email, "March Computer Compliance report for Nobody Yet", UidOf(email), CancellationToken.None);

        var counts = await _bed.RunAsync(sheet);

        counts.TicketsFound.Should().Be(0);
        counts.TicketsCreated.Should().Be(_bed.Sheet.ExpectedTickets.Count);
        (await _bed.ScalarAsync("SELECT count(*) FROM meta.compliance_tickets WHERE ticket_id IS NULL")).Should().Be(0);
        (await _bed.ScalarAsync("SELECT count(*) FROM meta.compliance_tickets WHERE title LIKE '%Nobody Yet'")).Should().Be(0, "the claim now names what was sent, so a crash after this create is found too");
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_anywhere_and_counts_what_it_would_do()
    {
        using var sheet = _bed.LiveSheet();

        var counts = await _bed.RunAsync(sheet, _bed.Options(dryRun: true));

        counts.TicketsWouldCreate.Should().Be(_bed.Sheet.ExpectedTickets.Count);
        counts.TicketsCreated.Should().Be(0);
        counts.CellsWritten.Should().Be(_bed.Sheet.ExpectedTickets.Sum(e => e.Value.Count));
        _bed.Tdx.Store.Writes.Should().BeEmpty();
        _bed.Sheets.Journal.Entries.Should().NotContain(e => e.Method == "PUT");
        (await _bed.ScalarAsync("SELECT count(*) FROM meta.compliance_tickets")).Should().Be(0);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task An_export_gives_the_same_tickets_as_the_live_sheet(string kind)
    {
        string path;
        if (kind == "xlsx")
        {
            path = Path.Combine(_bed.Folder, "compliance.xlsx");
            _bed.Sheet.WriteXlsx(path);
        }
        else
        {
            path = _bed.Sheet.WriteCsv(Path.Combine(_bed.Folder, "csv"));
        }

        var export = FileSheetSource.Open(path, _bed.Sheet.Tab);
        var fromExport = await _bed.RunAsync(export);
        var exportTickets = await TicketSummariesAsync(_bed.CreatedTickets());
        using var live = _bed.LiveSheet();
        var fromLive = await _bed.RunAsync(live);
        var liveTickets = await TicketSummariesAsync(_bed.CreatedTickets().Skip(exportTickets.Count).ToList());

        fromExport.TicketsCreated.Should().Be(_bed.Sheet.ExpectedTickets.Count);
        fromLive.TicketsCreated.Should().Be(fromExport.TicketsCreated);
        exportTickets.Should().BeEquivalentTo(liveTickets);
        var edits = await File.ReadAllLinesAsync(path + ".edits.csv");
        edits.Should().HaveCount(fromExport.CellsWritten + 1);
        (await export.ReadTableAsync(_bed.Sheet.Tab, 2, CancellationToken.None)).Rows.Count(r => r.Value("Ticket") is null)
            .Should().Be(4, "the unknown owner's row and the rows skipped for a status, no owner and the service account stay empty");
    }

    [Fact]
    public async Task Owners_are_matched_by_their_whole_address_so_one_that_contains_another_gets_no_share_of_its_rows()
    {
        var (email, hosts) = _bed.Sheet.ExpectedTickets.First();
        var csv = Path.Combine(_bed.Folder, "March.csv");
        var header = string.Join(",", ComplianceSheet.Headers);
        var account = (await _bed.Client.GetAccountsAsync(CancellationToken.None))[0]!["Name"]!.GetValue<string>();
        await File.WriteAllLinesAsync(csv, ["title", header, $"R,\"{account}\",Owner A,{email},{hosts[0]},,Windows 11,Missing Patches,,", $"R,\"{account}\",Owner B,x{email},HOST-B,,Windows 11,Missing Patches,,"]);
        await File.WriteAllLinesAsync(Path.Combine(_bed.Folder, "FIX.csv"), ["fixes", "Issue,Fix", "Missing Patches,Install updates."]);

        var counts = await _bed.RunAsync(FileSheetSource.Open(csv, "March"), _bed.Options() with { Tab = "March" });

        counts.TicketsCreated.Should().Be(1);
        counts.OwnersWithoutUser.Should().Be(1, "x" + email + " is nobody");
        var description = _bed.CreatedTickets().Single()["Description"]!.GetValue<string>();
        description.Should().Contain(hosts[0]).And.NotContain("HOST-B");
    }

    private string UidOf(string email) => _bed.Tdx.Store.Projection.Users.Single(p => p.Email == email).TdxUid.ToString();

    private async Task<List<(string Email, string Ticket, string Status)>> TicketCellsAsync(ISheetSource sheet)
    {
        var table = await sheet.ReadTableAsync(_bed.Sheet.Tab, 2, CancellationToken.None);
        var entered = _bed.Sheet.Spreadsheet.Entered(_bed.Sheet.Tab);
        var column = table.ColumnOf("Ticket")!.Value - 1;
        return [.. table.Rows.Select(r => (
            r["Owner Email"].Trim().ToLowerInvariant(),
            entered[r.RowNumber - 1].Count > column ? entered[r.RowNumber - 1][column] : string.Empty,
            r["Status"]))];
    }

    private async Task<List<(string Requestor, string Title, string Description, string Assets)>> TicketSummariesAsync(IReadOnlyList<JsonObject> tickets)
    {
        var summaries = new List<(string, string, string, string)>();
        foreach (var ticket in tickets)
        {
            var assets = await _bed.Client.GetTicketAssetsAsync(ticket["ID"]!.GetValue<int>(), CancellationToken.None);
            summaries.Add((ticket["RequestorUid"]!.GetValue<string>(), ticket["Title"]!.GetValue<string>(), ticket["Description"]!.GetValue<string>(),
                string.Join(",", assets.Select(a => a!["Name"]!.GetValue<string>()).Order(StringComparer.Ordinal))));
        }

        return summaries;
    }

    private sealed class ProcessKilledException(int ticketId) : Exception($"killed after ticket {ticketId} was created")
    {
        public int TicketId { get; } = ticketId;
    }
}
