using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Connectors;
using LsatsHub.Pipelines.Tests.Silver.Composite;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Pipelines.TdxSync;
using LsatsHub.Simulator.Tdx;

namespace LsatsHub.Pipelines.Tests.TdxSync;

/// <summary>
/// <c>tdx.lab_tickets</c> (docs/tdx-sync.md) on the simulated university, against the TDX simulator and a real
/// warehouse filled by one silver run: a lab CI gets the tickets of its members and the tickets on its computers (not
/// only the members' tickets on its computers, as the original's one ANDed search found), each once; a second run writes
/// nothing; a link TDX refuses is counted as failed and the others go on; a capped search is counted.
/// </summary>
[Collection(SilverCollection.Name)]
public sealed class LabTicketSyncTests(SilverTestBed bed) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await bed.ResetSilverAsync();
        await bed.Database.ApplySqlFileAsync("sql/production_schema.sql");
        await bed.Database.ApplySqlFileAsync("sql/views/silver_views.sql");
        await SilverRun.RunAsync(bed);
        await bed.RunAsync(bed.Step<SyncLabCis>());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Tickets_of_members_and_of_lab_computers_are_attached_once_and_a_second_run_writes_nothing()
    {
        var labs = await LabsAsync();
        var lab = labs.First(l => l.Members.Count > 0 && l.Computers.Count > 0);
        var store = bed.Sources.Tdx.Store;
        var outsider = Outsider(store, labs);
        var membersTicket = NewTicket(store, lab.Members[0], "Member asks about the lab printer");
        var computerTicket = NewTicket(store, outsider, "Visitor reports a broken lab workstation");
        store.LinkCi(computerTicket, lab.Computers[0], "test").Should().BeTrue();
        var unrelated = NewTicket(store, outsider, "Visitor asks about something else");
        var tdx = bed.Sources.Tdx;
        var before = store.Writes.Count;

        var first = await bed.RunAsync(bed.Step<SyncLabTickets>());
        var afterFirst = tdx.Journal.Entries.Count;
        var second = await bed.RunAsync(bed.Step<SyncLabTickets>());

        var attached = Attached(store, lab.Ci);
        attached.Should().Contain([membersTicket, computerTicket], "a member's ticket and a ticket on a lab computer are both the lab's");
        attached.Should().NotContain(unrelated);
        foreach (var each in labs)
        {
            Attached(store, each.Ci).Should().BeEquivalentTo(Expected(store, each), $"lab {each.Lab}'s CI has exactly the tickets of its members and computers");
        }

        store.Writes.Skip(before).Where(w => w.Kind == "ticket.ci")
            .GroupBy(w => (w.TargetId, w.Body!["ConfigurationItemID"]!.GetValue<int>()))
            .Should().NotBeEmpty().And.OnlyContain(g => g.Count() == 1, "each ticket is linked to a lab CI once");
        first.Summary.Should().MatchRegex(@"[1-9]\d* tickets attached");
        second.Summary.Should().Contain("0 tickets attached").And.Contain("0 failed");
        TdxJournal.WritesSince(tdx, afterFirst).Should().BeEmpty("every related ticket is already linked");
    }

    [Fact]
    public async Task A_link_TDX_refuses_is_counted_as_failed_the_others_are_made_and_the_next_run_makes_it()
    {
        var labs = await LabsAsync();
        var lab = labs.First(l => l.Members.Count > 0);
        var store = bed.Sources.Tdx.Store;
        await bed.RunAsync(bed.Step<SyncLabTickets>());
        var refused = NewTicket(store, lab.Members[0], "Refused by TDX this time");
        var accepted = NewTicket(store, lab.Members[0], "Accepted");
        bed.Sources.Tdx.Faults.FailTicket(refused);
        try
        {
            var act = () => bed.RunAsync(bed.Step<SyncLabTickets>());

            (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("1 lab ticket link(s) failed").And.Contain("1 tickets attached");
            Attached(store, lab.Ci).Should().Contain(accepted).And.NotContain(refused);
        }
        finally
        {
            bed.Sources.Tdx.Faults.HealTicket(refused);
        }

        var next = await bed.RunAsync(bed.Step<SyncLabTickets>());

        next.Summary.Should().Contain("1 tickets attached").And.Contain("0 failed");
        Attached(store, lab.Ci).Should().Contain(refused);
    }

    [Fact]
    public async Task A_search_that_reaches_its_maximum_is_counted_and_a_dry_run_writes_nothing()
    {
        var labs = await LabsAsync();
        var lab = labs.First(l => l.Members.Count > 0);
        var store = bed.Sources.Tdx.Store;
        NewTicket(store, lab.Members[0], "One");
        NewTicket(store, lab.Members[0], "Two");
        var step = bed.Step<SyncLabTickets>();
        var configuration = new Dictionary<string, string?>(bed.Sources.Configuration) { ["TDX_LAB_TICKETS_MAX_RESULTS"] = "1" };
        var tdx = bed.Sources.Tdx;
        var before = tdx.Journal.Entries.Count;

        var result = await step.RunAsync(bed.Context(step, bed.Database, dryRun: true, configuration: configuration), CancellationToken.None);

        result.Summary.Should().MatchRegex(@"[1-9]\d* searches capped at 1").And.Contain("would be attached").And.Contain("dry run");
        TdxJournal.WritesSince(tdx, before).Should().BeEmpty("a dry run writes nothing to TDX");
        bed.Logger.Messages.Should().Contain(m => m.Text.Contains("TDX_LAB_TICKETS_MAX_RESULTS", StringComparison.Ordinal));
    }

    private async Task<List<LabRow>> LabsAsync()
    {
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var labs = (await connection.QueryAsync<(string Lab, int Ci)>("SELECT lab_id, tdx_ci_id FROM silver.labs WHERE tdx_ci_id IS NOT NULL ORDER BY lab_id")).ToList();
        var members = (await connection.QueryAsync<(string Lab, string Uid)>(
            "SELECT DISTINCT lab_id, tdx_user_uid::text FROM silver.v_lab_members_all_tdx_reference WHERE tdx_user_uid IS NOT NULL ORDER BY 1, 2")).ToLookup(m => m.Lab, m => m.Uid);
        var computers = (await connection.QueryAsync<(string Lab, int Ci)>(
            "SELECT DISTINCT lab_id, tdx_configuration_item_id FROM silver.v_lab_computers_tdx_reference WHERE tdx_configuration_item_id IS NOT NULL ORDER BY 1, 2")).ToLookup(c => c.Lab, c => c.Ci);
        labs.Should().NotBeEmpty("tdx.lab_cis wrote lab CI ids back");
        return [.. labs.Select(l => new LabRow(l.Lab, l.Ci, [.. members[l.Lab]], [.. computers[l.Lab]]))];
    }

    private static HashSet<int> Expected(TdxStore store, LabRow lab) =>
        [.. store.TicketIds.Where(id =>
            lab.Members.Contains(store.Ticket(id)!["RequestorUid"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase)
            || store.TicketCis(id).OfType<JsonObject>().Any(ci => lab.Computers.Contains(ci["ID"]!.GetValue<int>())))];

    private static List<int> Attached(TdxStore store, int labCi) => [.. store.TicketsOfCi(labCi).OfType<JsonObject>().Select(t => t["ID"]!.GetValue<int>())];

    private static string Outsider(TdxStore store, List<LabRow> labs)
    {
        var members = labs.SelectMany(l => l.Members).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return store.SearchPeople(new JsonObject()).OfType<JsonObject>().Select(u => u["UID"]!.GetValue<string>()).First(uid => !members.Contains(uid));
    }

    private static int NewTicket(TdxStore store, string requestor, string title) =>
        store.CreateTicket(new JsonObject { ["Title"] = title, ["RequestorUid"] = requestor, ["StatusID"] = 115, ["ResponsibleGroupID"] = 367 })["ID"]!.GetValue<int>();

    private sealed record LabRow(string Lab, int Ci, List<string> Members, List<int> Computers);
}
