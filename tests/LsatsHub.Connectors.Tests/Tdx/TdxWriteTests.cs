using System.Text.Json.Nodes;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Testing;

namespace LsatsHub.Connectors.Tests.Tdx;

/// <summary>The ticket-queue daemon's writes: applied once, and never resent on a 5xx (TDX may have applied it already).</summary>
public sealed class TdxWriteTests
{
    [Fact]
    public async Task A_comment_is_posted_and_reads_back_in_the_ticket_feed()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(new TdxSimulatorOptions { RateLimitEnabled = false });
        var ticket = tdx.Simulator.Store.TicketIds[0];

        var entry = await tdx.Client.AddTicketFeedAsync(ticket, new JsonObject { ["Comments"] = "Hello", ["IsPrivate"] = true, ["Notify"] = new JsonArray("null") }, CancellationToken.None);
        var feed = await tdx.Client.GetTicketFeedAsync(ticket, CancellationToken.None);

        entry["ID"]!.GetValue<int>().Should().BePositive();
        feed.Should().ContainSingle().Which!["Body"]!.GetValue<string>().Should().Be("Hello");
        tdx.Simulator.Store.Writes.Should().ContainSingle(w => w.Kind == "ticket.feed" && w.TargetId == ticket);
    }

    [Fact]
    public async Task A_write_that_meets_a_500_is_sent_once_and_fails_while_a_read_is_retried()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(
            new TdxSimulatorOptions { RateLimitEnabled = false }, tuning: TdxConnectorFixture.FastTuning with { Retry = TdxConnectorFixture.FastTuning.Retry with { MaxRetries = 3 } });
        var ticket = tdx.Simulator.Store.TicketIds[0];
        await tdx.Client.GetTicketAsync(ticket, CancellationToken.None);
        tdx.Simulator.Faults.FailTicket(ticket);
        await using var driver = new FakeClockDriver(tdx.Clock);

        var write = () => tdx.Client.AddTicketFeedAsync(ticket, new JsonObject { ["Comments"] = "Hello" }, CancellationToken.None);
        var read = () => tdx.Client.GetTicketAsync(ticket, CancellationToken.None);

        (await write.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain($"POST 46/tickets/{ticket}/feed").And.Contain("500");
        await read.Should().ThrowAsync<ConnectorException>();
        tdx.Count("POST", $"/tickets/{ticket}/feed", 500).Should().Be(1, "a write is never resent");
        tdx.Count("GET", $"/tickets/{ticket}", 500).Should().Be(4, "a read gets the whole retry budget");
    }

    [Fact]
    public async Task A_deleted_relationship_reports_true_and_deleting_it_again_reports_false_without_failing()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(new TdxSimulatorOptions { RateLimitEnabled = false });
        var lab = await tdx.Client.CreateCiAsync(new JsonObject { ["Name"] = "Relationship Lab", ["TypeID"] = 10014 }, CancellationToken.None);
        var labCi = lab["ID"]!.GetValue<int>();
        var computerCi = tdx.Simulator.Store.Projection.Assets.First().TdxCiId;
        await tdx.Client.BulkAddCiRelationshipsAsync(
            new JsonObject { ["Relationships"] = new JsonArray(new JsonObject { ["ParentItemID"] = labCi, ["ChildItemID"] = computerCi, ["RelationshipTypeID"] = 10016 }) }, CancellationToken.None);
        var relationship = (await tdx.Client.GetCiRelationshipsAsync(labCi, CancellationToken.None)).Single()!["ID"]!.GetValue<int>();

        var first = await tdx.Client.DeleteCiRelationshipAsync(labCi, relationship, CancellationToken.None);
        var second = await tdx.Client.DeleteCiRelationshipAsync(labCi, relationship, CancellationToken.None);

        first.Should().BeTrue();
        second.Should().BeFalse("a relationship already gone is what the caller wanted");
        (await tdx.Client.GetCiRelationshipsAsync(labCi, CancellationToken.None)).Should().BeEmpty();
    }
}
