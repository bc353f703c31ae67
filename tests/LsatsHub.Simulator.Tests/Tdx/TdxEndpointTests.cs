using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Tests.Tdx;

public sealed class TdxEndpointTests
{
    private static async Task<JsonNode> JsonOf(HttpResponseMessage response)
    {
        response.StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task People_search_in_account_batches_of_200_returns_every_active_user_exactly_once()
    {
        await using var tdx = await TdxFixture.StartAsync(new LsatsHub.Simulator.Tdx.TdxSimulatorOptions { RateLimitEnabled = false });
        await tdx.LoginAsync();
        var accountIds = (await JsonOf(await tdx.Http.GetAsync("accounts"))).AsArray().Select(a => a!["ID"]!.GetValue<int>()).ToList();

        var uids = new List<string>();
        foreach (var batch in accountIds.Chunk(200))
        {
            var body = new JsonObject { ["AccountIDs"] = new JsonArray([.. batch.Select(i => (JsonNode)i)]), ["IsActive"] = "True" };
            uids.AddRange((await JsonOf(await tdx.Http.PostAsync("people/search", TdxFixture.Json(body.ToJsonString())))).AsArray().Select(u => u!["UID"]!.GetValue<string>()));
        }

        var world = Worlds.Small;
        var tdxAccounts = world.Departments.Where(d => d.InTdx).Select(d => d.DeptId).ToHashSet();
        var expected = world.People.Where(p => p.Presence.InTdx && p.Presence.TdxActive && p.DeptId is { } d && tdxAccounts.Contains(d)).Select(p => p.TdxUid.ToString());
        uids.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(expected);
    }

    [Fact]
    public async Task The_uniqname_cascade_finds_users_and_a_full_user_carries_attributes()
    {
        await using var tdx = await TdxFixture.StartAsync();
        await tdx.LoginAsync();
        var person = Worlds.Small.People.First(p => p.Presence.InTdx && p.Dirt == PersonDirt.Clean);

        var byUserName = (await JsonOf(await tdx.Http.PostAsync("people/search", TdxFixture.Json($"{{\"UserName\":\"{person.Uniqname.ToUpperInvariant()}@umich.edu\",\"isActive\":null}}")))).AsArray();
        var byAlternate = (await JsonOf(await tdx.Http.PostAsync("people/search", TdxFixture.Json($"{{\"AlternateID\":\"{person.Uniqname}\"}}")))).AsArray();
        var full = await JsonOf(await tdx.Http.GetAsync("people/" + person.TdxUid));

        byUserName.Should().ContainSingle().Which!["UID"]!.GetValue<string>().Should().Be(person.TdxUid.ToString());
        byUserName[0]!.AsObject().ContainsKey("Attributes").Should().BeFalse("search returns the summary shape");
        byAlternate.Should().ContainSingle();
        full["AlternateID"]!.GetValue<string>().Should().Be(person.Uniqname);
        full["ExternalID"]!.GetValue<string>().Should().Be(person.EmplId);
        full.AsObject().ContainsKey("OrgApplications").Should().BeTrue();
    }

    [Fact]
    public async Task Assets_search_and_get_agree_with_the_ground_truth_identities()
    {
        await using var tdx = await TdxFixture.StartAsync(new LsatsHub.Simulator.Tdx.TdxSimulatorOptions { RateLimitEnabled = false });
        await tdx.LoginAsync();
        var world = Worlds.Small;

        var assets = (await JsonOf(await tdx.Http.PostAsync("48/assets/search", TdxFixture.Json("{\"statusIDs\":[38,39,40,41,46,59,141,201,202]}")))).AsArray();
        var computer = world.Computers.First(c => c.InTdx && c.LabPi is not null);
        var full = await JsonOf(await tdx.Http.GetAsync($"48/assets/{computer.TdxAssetId}"));
        var bySerial = (await JsonOf(await tdx.Http.PostAsync("48/assets/search", TdxFixture.Json($"{{\"SerialLike\":\"{computer.SerialNumber}\"}}")))).AsArray();

        assets.Select(a => a!["ID"]!.GetValue<int>()).Should().BeEquivalentTo(world.Computers.Where(c => c.InTdx).Select(c => c.TdxAssetId));
        full["SerialNumber"]!.GetValue<string>().Should().Be(computer.SerialNumber);
        var macs = full["Attributes"]!.AsArray().Single(a => a!["Name"]!.GetValue<string>() == "MAC Address(es)")!["Value"]!.GetValue<string>();
        macs.Split(", ").Select(MacAddress.Normalize).Should().Equal(computer.Macs);
        bySerial.Should().ContainSingle().Which!["ID"]!.GetValue<int>().Should().Be(computer.TdxAssetId);
        (await JsonOf(await tdx.Http.GetAsync($"48/cmdb/{computer.TdxCiId}")))["BackingItemID"]!.GetValue<int>().Should().Be(computer.TdxAssetId);
    }

    [Fact]
    public async Task Workflow_writes_are_recorded_and_visible_to_later_reads()
    {
        await using var tdx = await TdxFixture.StartAsync(new LsatsHub.Simulator.Tdx.TdxSimulatorOptions { RateLimitEnabled = false });
        await tdx.LoginAsync();
        var requestor = Worlds.Small.People.First(p => p.Presence.InTdx);
        var computer = Worlds.Small.Computers.First(c => c.InTdx);

        var created = await JsonOf(await tdx.Http.PostAsync("46/tickets?EnableNotifyReviewer=False&NotifyRequestor=False&NotifyResponsible=False&AllowRequestorCreation=False&applyDefaults=True",
            TdxFixture.Json($"{{\"TypeID\":652,\"Title\":\"Compliance\",\"StatusID\":\"620\",\"RequestorUid\":\"{requestor.TdxUid}\",\"ResponsibleGroupID\":1678,\"isRichHtml\":true}}")));
        var ticketId = created["ID"]!.GetValue<int>();
        var feed = await JsonOf(await tdx.Http.PostAsync($"46/tickets/{ticketId}/feed", TdxFixture.Json("{\"NewStatusID\":0,\"Comments\":\"Hello\",\"Notify\":[\"null\"],\"IsPrivate\":true}")));
        using var link = await tdx.Http.PostAsync($"46/tickets/{ticketId}/assets/{computer.TdxAssetId}", TdxFixture.Json("{}"));
        var ci = await JsonOf(await tdx.Http.PostAsync("48//cmdb", TdxFixture.Json("{\"Name\":\"Example Lab\",\"TypeID\":\"10014\",\"IsActive\":\"True\",\"FormID\":3918}")));
        var bulk = await JsonOf(await tdx.Http.PostAsync("48/cmdb/relationships/bulkadd", TdxFixture.Json($"{{\"LogToFeed\":\"false\",\"Relationships\":[{{\"ParentItemID\":{ci["ID"]},\"ChildItemID\":{computer.TdxCiId},\"RelationshipTypeID\":10016}},{{\"ParentItemID\":{ci["ID"]},\"ChildItemID\":{computer.TdxCiId},\"RelationshipTypeID\":10016}}]}}")));
        var report = await JsonOf(await tdx.Http.GetAsync("reports/31623?withData=True&dataSortExpression="));
        var ticketAssets = (await JsonOf(await tdx.Http.GetAsync($"46/tickets/{ticketId}/assets"))).AsArray();
        var entry = await JsonOf(await tdx.Http.GetAsync("feed/" + feed["ID"]));

        link.StatusCode.Should().Be(HttpStatusCode.OK);
        feed["Uri"]!.GetValue<string>().Should().Be($"api/feed/{feed["ID"]}");
        entry["Body"]!.GetValue<string>().Should().Be("Hello");
        ci["TypeID"]!.GetValue<int>().Should().Be(10014);
        bulk["AddedCount"]!.GetValue<int>().Should().Be(1);
        bulk["NotAddedCount"]!.GetValue<int>().Should().Be(1);
        report["DataRows"]!.AsArray().Select(r => r!["TicketID"]!.GetValue<int>()).Should().Contain(ticketId);
        ticketAssets.Select(a => a!["BackingItemID"]!.GetValue<int>()).Should().Contain(computer.TdxAssetId);
        tdx.Simulator.Store.Writes.Select(w => w.Kind).Should().ContainInOrder("ticket.create", "ticket.feed", "ticket.asset", "ci.create", "relationships.bulkadd");
        tdx.Simulator.Journal.Entries.Should().Contain(e => e.Method == "POST" && e.Path.EndsWith("/48/cmdb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_relationship_deleted_through_either_of_its_CIs_is_gone_and_a_second_delete_is_404()
    {
        await using var tdx = await TdxFixture.StartAsync(new LsatsHub.Simulator.Tdx.TdxSimulatorOptions { RateLimitEnabled = false });
        await tdx.LoginAsync();
        var computers = Worlds.Small.Computers.Where(c => c.InTdx).Take(2).ToList();
        var ci = await JsonOf(await tdx.Http.PostAsync("48/cmdb", TdxFixture.Json("{\"Name\":\"Delete Lab\",\"TypeID\":10014}")));
        var labCi = ci["ID"]!.GetValue<int>();
        using var add = await tdx.Http.PostAsync("48/cmdb/relationships/bulkadd", TdxFixture.Json(
            $"{{\"Relationships\":[{{\"ParentItemID\":{labCi},\"ChildItemID\":{computers[0].TdxCiId},\"RelationshipTypeID\":10016}},{{\"ParentItemID\":{labCi},\"ChildItemID\":{computers[1].TdxCiId},\"RelationshipTypeID\":10016}}]}}"));
        var relationships = (await JsonOf(await tdx.Http.GetAsync($"48/cmdb/{labCi}/relationships"))).AsArray();
        var first = relationships.Single(r => r!["ChildID"]!.GetValue<int>() == computers[0].TdxCiId)!["ID"]!.GetValue<int>();
        var unrelated = await JsonOf(await tdx.Http.PostAsync("48/cmdb", TdxFixture.Json("{\"Name\":\"Other Lab\",\"TypeID\":10014}")));

        using var wrongCi = await tdx.Http.DeleteAsync($"48/cmdb/{unrelated["ID"]}/relationships/{first}");
        using var deleted = await tdx.Http.DeleteAsync($"48/cmdb/{computers[0].TdxCiId}/relationships/{first}");
        using var again = await tdx.Http.DeleteAsync($"48/cmdb/{labCi}/relationships/{first}");
        var left = (await JsonOf(await tdx.Http.GetAsync($"48/cmdb/{labCi}/relationships"))).AsArray();

        wrongCi.StatusCode.Should().Be(HttpStatusCode.NotFound, "a relationship is deleted only through one of its own CIs");
        deleted.StatusCode.Should().Be(HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        left.Select(r => r!["ChildID"]!.GetValue<int>()).Should().Equal(computers[1].TdxCiId);
        tdx.Simulator.Store.Writes.Should().ContainSingle(w => w.Kind == "relationship.delete").Which.TargetId.Should().Be(first);
    }

    [Fact]
    public async Task A_non_integer_in_account_ids_is_a_400_naming_the_field()
    {
        await using var tdx = await TdxFixture.StartAsync();
        await tdx.LoginAsync();

        using var response = await tdx.Http.PostAsync("people/search", TdxFixture.Json("{\"AccountIDs\":[\"abc\"]}"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["Message"].Should().Contain("AccountIDs");
    }
}
