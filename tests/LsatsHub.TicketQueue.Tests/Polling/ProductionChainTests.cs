using System.Text.Json.Nodes;
using LsatsHub.TicketQueue.Tests.Support;

namespace LsatsHub.TicketQueue.Tests.Polling;

/// <summary>
/// The default chain (add_asset, add_lab, find_active_tickets, summary_comment) on the simulator's report, with the silver
/// rows add_lab reads arranged for one lab ticket: that ticket gets its lab CI, every ticket one summary comment, and a
/// second poll writes nothing.
/// </summary>
public sealed class ProductionChainTests : IAsyncLifetime
{
    private QueueBed _bed = null!;

    public async Task InitializeAsync() => _bed = await QueueBed.CreateAsync("queuechain");

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task The_lab_ticket_gets_its_lab_every_ticket_one_summary_and_a_second_poll_writes_nothing()
    {
        var tickets = _bed.ReportTickets;
        var labTicket = tickets.First(id => _bed.Tdx.Store.TicketCis(id).Count == 1);
        var computerCi = (JsonObject)_bed.Tdx.Store.TicketCis(labTicket)[0]!;
        var labCi = _bed.Tdx.Store.SaveCi(null, (JsonObject)JsonNode.Parse("""{"Name": "Smith Lab", "TypeID": 10014, "FormID": 3918}""")!)["ID"]!.GetValue<int>();
        await ArrangeSilverLabAsync(labCi, computerCi);
        var before = _bed.Writes().Count;

        var first = await _bed.Poller().PollAsync(CancellationToken.None);
        var firstWrites = _bed.Writes().Skip(before).ToList();
        var second = await _bed.Poller().PollAsync(CancellationToken.None);

        first.Failed.Should().Be(0, string.Join("\n", _bed.Log.Lines));
        firstWrites.Where(w => w.Kind == "ticket.ci").Should().ContainSingle()
            .Which.Should().Match<LsatsHub.Simulator.Tdx.TdxWrite>(w => w.TargetId == labTicket && w.Body!["ConfigurationItemID"]!.GetValue<int>() == labCi);
        firstWrites.Where(w => w.Kind == "ticket.feed").Select(w => w.TargetId).Should().BeEquivalentTo(tickets, "add_asset always summarises, so every ticket gets one summary comment");
        var labSummary = firstWrites.Single(w => w.Kind == "ticket.feed" && w.TargetId == labTicket).Body!["Comments"]!.GetValue<string>();
        labSummary.Should().StartWith("🤖 Automated Actions Summary").And.Contain("Added lab: Smith Lab (SMITHJ). Reason: Ticket contains lab computer(s) (" + computerCi["Name"]!.GetValue<string>());
        firstWrites.Select(w => w.Kind).Should().OnlyContain(kind => kind == "ticket.feed" || kind == "ticket.ci" || kind == "ticket.asset");
        _bed.Writes().Count.Should().Be(before + firstWrites.Count, "the second poll skips the three actions and the summary has nothing to post");
        second.Failed.Should().Be(0);
        second.Skipped.Should().Be(3 * tickets.Count);
        second.Run.Should().Be(tickets.Count, "only the summary action runs every poll");
    }

    private async Task ArrangeSilverLabAsync(int labCi, JsonObject computerCi)
    {
        await _bed.ExecuteAsync(
            """
            INSERT INTO silver.departments (dept_id, department_name, source_system, source_entity_id, entity_hash, tdx_id)
            VALUES ('990001', 'Chemistry', 'test', '990001', 'h', 990001);
            INSERT INTO silver.labs (lab_id, pi_uniqname, lab_name, data_source, source_system, entity_hash, tdx_ci_id)
            VALUES ('smithj', 'smithj', 'Smith Lab', 'test', 'test', 'h', @labCi);
            INSERT INTO silver.computers (computer_id, computer_name, source_system, entity_hash, tdx_configuration_item_id, tdx_asset_id, ownership_info)
            VALUES ('c-1', @name, 'test', 'h', @ci, @asset, '{"tdx_owning": {"department_id": 990001}}');
            INSERT INTO silver.lab_computers (computer_id, lab_id, association_method, confidence_score) VALUES ('c-1', 'smithj', 'owner_is_pi', 0.90);
            """,
            new { labCi, name = computerCi["Name"]!.GetValue<string>(), ci = computerCi["ID"]!.GetValue<int>(), asset = computerCi["BackingItemID"]!.GetValue<int>() });
    }
}
