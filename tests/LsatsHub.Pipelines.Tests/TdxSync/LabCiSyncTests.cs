using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Connectors;
using LsatsHub.Pipelines.Tests.Silver.Composite;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Pipelines.TdxSync;
using LsatsHub.Simulator.Tdx;

namespace LsatsHub.Pipelines.Tests.TdxSync;

/// <summary>
/// The lab CI sync (docs/tdx-sync.md) on the simulated university, against the TDX simulator and a real warehouse
/// filled by one silver run: one CI per monitored lab with its locations, managers and id written back, lab CIs related
/// to exactly their computers' CIs, nothing sent on a second run (counted by the simulator's request journal), an update
/// that restores only the fields the sync owns, and a computer that left its lab losing its relationship.
/// </summary>
[Collection(SilverCollection.Name)]
public sealed class LabCiSyncTests(SilverTestBed bed) : IAsyncLifetime
{
    private const int LocatedIn = 10016;

    public async Task InitializeAsync()
    {
        await bed.ResetSilverAsync();
        await bed.Database.ApplySqlFileAsync("sql/production_schema.sql");
        await bed.Database.ApplySqlFileAsync("sql/views/silver_views.sql");
        await SilverRun.RunAsync(bed);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task One_CI_per_monitored_lab_carries_its_locations_and_managers_is_related_to_its_computers_and_a_second_run_writes_nothing()
    {
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var monitored = (await connection.QueryAsync<string>(
            "SELECT l.lab_id FROM silver.v_labs_monitored l JOIN silver.users u ON u.uniqname = l.pi_uniqname WHERE u.tdx_user_uid IS NOT NULL")).ToHashSet(StringComparer.Ordinal);
        var expectedPairs = (await connection.QueryAsync<(string Lab, int Computer)>(
            "SELECT DISTINCT lab_id, tdx_configuration_item_id FROM silver.v_lab_computers_tdx_reference WHERE tdx_configuration_item_id IS NOT NULL")).ToList();
        var places = (await connection.QueryAsync<(string Lab, int Location, int Room, long Computers)>(
            """
            SELECT lab_id, location_id::integer, coalesce(room_id::integer, 0), sum(computers_with_location_description)::bigint
            FROM silver.v_lab_locations_tdx_reference WHERE location_id ~ '^\d+$' AND coalesce(room_id, '0') ~ '^\d+$'
            GROUP BY 1, 2, 3
            """)).Where(p => monitored.Contains(p.Lab)).ToLookup(p => p.Lab);
        var firstManagers = (await connection.QueryAsync<(string Lab, string Manager)>(
            """
            SELECT DISTINCT ON (lab_id) lab_id, manager_tdx_uid::text FROM silver.lab_managers
            WHERE manager_tdx_uid IS NOT NULL ORDER BY lab_id, manager_rank, manager_uniqname
            """)).Where(m => monitored.Contains(m.Lab)).ToDictionary(m => m.Lab, m => m.Manager);
        var tdx = bed.Sources.Tdx;
        var store = tdx.Store;
        var before = tdx.Journal.Entries.Count;

        var first = await bed.RunAsync(bed.Step<SyncLabCis>());
        var relations = await bed.RunAsync(bed.Step<SyncLabComputerRelationships>());
        var afterFirst = tdx.Journal.Entries.Count;
        var second = await bed.RunAsync(bed.Step<SyncLabCis>());
        var secondRelations = await bed.RunAsync(bed.Step<SyncLabComputerRelationships>());

        monitored.Should().NotBeEmpty("the simulated university has monitored labs whose PI is a TDX user");
        var labCis = LabCis(store);
        foreach (var lab in monitored)
        {
            labCis.Where(ci => ci.Name == lab + " Lab").Should().ContainSingle($"lab {lab} has exactly one CI");
        }

        var written = (await connection.QueryAsync<(string Lab, int Ci)>("SELECT lab_id, tdx_ci_id FROM silver.labs WHERE tdx_ci_id IS NOT NULL")).ToList();
        written.Select(w => w.Lab).Should().BeEquivalentTo(monitored, "every monitored lab's CI id is written back");
        written.Should().OnlyContain(w => labCis.Single(ci => ci.Name == w.Lab + " Lab").Id == w.Ci);
        first.Summary.Should().Contain($"{monitored.Count} monitored labs");
        TdxJournal.WritesSince(tdx, before).Should().NotBeEmpty();

        places.Count.Should().BeGreaterThan(0, "the lab computers of the simulated university have TDX locations (silver.v_lab_locations_tdx_reference)");
        places.Should().Contain(p => p.Count() > 1, "some lab has computers in more than one room, so the location attributes are exercised");
        foreach (var lab in places)
        {
            var ci = store.Ci(written.Single(w => w.Lab == lab.Key).Ci)!;
            var most = lab.Max(p => p.Computers);
            lab.Where(p => p.Computers == most).Select(p => (p.Location, p.Room))
                .Should().Contain((ci["LocationID"]!.GetValue<int>(), ci["LocationRoomID"]!.GetValue<int>()), $"lab {lab.Key}'s CI is where most of its computers are");
            var secondPlace = Attribute(ci, 20789);
            if (lab.Count() > 1)
            {
                secondPlace.Should().NotBeNull($"lab {lab.Key} has a second place");
                lab.Select(p => p.Room > 0 ? p.Room.ToString(System.Globalization.CultureInfo.InvariantCulture) : p.Location.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Should().Contain(secondPlace!);
            }
            else
            {
                secondPlace.Should().BeNull($"lab {lab.Key} has one place only");
            }
        }

        firstManagers.Should().NotBeEmpty("some monitored lab has a manager in TDX");
        foreach (var (lab, manager) in firstManagers)
        {
            Attribute(store.Ci(written.Single(w => w.Lab == lab).Ci)!, 20786).Should().BeEquivalentTo(manager, $"lab {lab}'s first manager is in the first manager attribute");
        }

        var monitoredPairs = expectedPairs.Where(p => monitored.Contains(p.Lab)).ToList();
        monitoredPairs.Should().NotBeEmpty("monitored labs have computers with TDX CIs");
        foreach (var (lab, computer) in monitoredPairs)
        {
            var labCi = written.Single(w => w.Lab == lab).Ci;
            LocatedInChildren(store, labCi).Where(child => child == computer).Should().ContainSingle($"lab {lab}'s CI is related once to computer CI {computer}");
        }

        relations.Summary.Should().Contain("relationships added");
        TdxJournal.WritesSince(tdx, afterFirst).Should().BeEmpty("the second run finds every CI and relationship as it should be and writes nothing");
        second.Summary.Should().Contain("0 created, 0 updated").And.Contain($"{monitored.Count} unchanged");
        secondRelations.Summary.Should().Contain("0 relationships added").And.Contain("0 removed");
    }

    [Fact]
    public async Task An_update_sends_the_stored_CI_with_only_the_owned_fields_replaced()
    {
        await bed.RunAsync(bed.Step<SyncLabCis>());
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var (lab, ciId) = await connection.QuerySingleAsync<(string, int)>(
            """
            SELECT l.lab_id, l.tdx_ci_id FROM silver.labs l
            WHERE l.tdx_ci_id IS NOT NULL AND EXISTS (SELECT 1 FROM silver.v_lab_locations_tdx_reference v WHERE v.lab_id = l.lab_id)
            ORDER BY l.lab_id LIMIT 1
            """);
        var store = bed.Sources.Tdx.Store;
        var synced = store.Ci(ciId)!;
        var edited = (JsonObject)synced.DeepClone();
        edited["OwnerUID"] = Guid.NewGuid().ToString();
        edited["LocationID"] = 4242;
        edited["Description"] = "Bench 4, ask the lab manager before touching";
        edited["MaintenanceScheduleID"] = 7;
        edited["Attributes"] = new JsonArray(new JsonObject { ["ID"] = 99001, ["Value"] = "kept" }, new JsonObject { ["ID"] = 20791, ["Value"] = "123456" });
        store.SaveCi(ciId, JsonNode.Parse(edited.ToJsonString())!.AsObject()); // as someone would save it in TDX
        var before = store.Writes.Count;

        var result = await bed.RunAsync(bed.Step<SyncLabCis>());

        result.Summary.Should().Contain("1 updated");
        var update = store.Writes.Skip(before).Should().ContainSingle().Which;
        update.Kind.Should().Be("ci.update");
        update.TargetId.Should().Be(ciId);
        var sent = update.Body!.AsObject();
        sent["Description"]!.GetValue<string>().Should().Be("Bench 4, ask the lab manager before touching", "the PUT carries the stored CI, not defaults");
        LabCiFields.Int(sent["MaintenanceScheduleID"]).Should().Be(7);
        var after = store.Ci(ciId)!;
        after["OwnerUID"]!.GetValue<string>().Should().Be(synced["OwnerUID"]!.GetValue<string>(), $"the owner of lab {lab}'s CI is the sync's field");
        after["LocationID"]!.GetValue<int>().Should().Be(synced["LocationID"]!.GetValue<int>(), "the location of a lab with located computers is the sync's field");
        after["Description"]!.GetValue<string>().Should().Be("Bench 4, ask the lab manager before touching");
        after["MaintenanceScheduleID"]!.GetValue<int>().Should().Be(7);
        after["Attributes"]!.AsArray().OfType<JsonObject>().Should().Contain(a => a["ID"]!.GetValue<int>() == 99001 && a["Value"]!.GetValue<string>() == "kept");
        Attribute(after, 20791).Should().Be(Attribute(synced, 20791), "the third location attribute is the sync's field");
    }

    [Fact]
    public async Task A_computer_that_left_its_lab_loses_its_relationship_and_no_other_relationship_is_touched()
    {
        await bed.RunAsync(bed.Step<SyncLabCis>());
        await bed.RunAsync(bed.Step<SyncLabComputerRelationships>());
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var (lab, labCi) = await connection.QueryFirstAsync<(string, int)>(
            """
            SELECT r.lab_id, l.tdx_ci_id FROM silver.v_lab_computers_tdx_reference r JOIN silver.labs l ON l.lab_id = r.lab_id
            WHERE l.tdx_ci_id IS NOT NULL AND r.tdx_configuration_item_id IS NOT NULL
            GROUP BY r.lab_id, l.tdx_ci_id HAVING count(DISTINCT r.tdx_configuration_item_id) >= 2 ORDER BY r.lab_id
            """);
        var (computerId, leaving) = await connection.QueryFirstAsync<(string, int)>(
            "SELECT computer_id, tdx_configuration_item_id FROM silver.v_lab_computers_tdx_reference WHERE lab_id = @lab AND tdx_configuration_item_id IS NOT NULL ORDER BY computer_id",
            new { lab });
        var store = bed.Sources.Tdx.Store;
        var staying = LocatedInChildren(store, labCi).Where(c => c != leaving).ToList();
        staying.Should().NotBeEmpty();
        var neighbour = staying[0];
        store.BulkAddRelationships(JsonNode.Parse($$"""
            {"Relationships": [{"ParentItemID": {{labCi}}, "ChildItemID": {{leaving}}, "RelationshipTypeID": 10012},
                               {"ParentItemID": {{leaving}}, "ChildItemID": {{labCi}}, "RelationshipTypeID": {{LocatedIn}}},
                               {"ParentItemID": {{neighbour}}, "ChildItemID": {{leaving}}, "RelationshipTypeID": {{LocatedIn}}}]}
            """)!.AsObject());
        var relationshipsOfLeaving = store.Relationships(leaving).Count;
        await connection.ExecuteAsync("DELETE FROM silver.lab_computers WHERE lab_id = @lab AND computer_id = @computerId", new { lab, computerId });
        var tdx = bed.Sources.Tdx;
        var beforeDry = tdx.Journal.Entries.Count;

        var dry = await bed.RunAsync(bed.Step<SyncLabComputerRelationships>(), dryRun: true);
        var dryWrites = TdxJournal.WritesSince(tdx, beforeDry);
        var live = await bed.RunAsync(bed.Step<SyncLabComputerRelationships>());
        var afterLive = tdx.Journal.Entries.Count;
        var again = await bed.RunAsync(bed.Step<SyncLabComputerRelationships>());

        dry.Summary.Should().Contain("1 would be removed");
        dryWrites.Should().BeEmpty("a dry run writes nothing to TDX");
        live.Summary.Should().Contain("0 relationships added").And.Contain("1 removed");
        LocatedInChildren(store, labCi).Should().NotContain(leaving, $"computer CI {leaving} left lab {lab}").And.Contain(staying);
        var remaining = store.Relationships(leaving).OfType<JsonObject>().ToList();
        remaining.Should().Contain(r => r["ParentID"]!.GetValue<int>() == labCi && r["RelationshipTypeID"]!.GetValue<int>() == 10012, "another type is not the sync's");
        remaining.Should().Contain(r => r["ParentID"]!.GetValue<int>() == leaving && r["ChildID"]!.GetValue<int>() == labCi, "the lab CI as a child is not the sync's");
        remaining.Should().Contain(r => r["ParentID"]!.GetValue<int>() == neighbour, "a parent that is not a lab CI is not the sync's");
        remaining.Should().HaveCount(relationshipsOfLeaving - 1, "exactly one relationship went");
        again.Summary.Should().Contain("0 removed");
        TdxJournal.WritesSince(tdx, afterLive).Should().BeEmpty();
    }

    [Fact]
    public async Task A_relationship_TDX_did_not_add_is_counted_as_failed_not_as_added()
    {
        await bed.RunAsync(bed.Step<SyncLabCis>());
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        // A computer CI TDX does not know: the bulk add answers AddedCount 0 with an error message.
        await connection.ExecuteAsync(
            """
            UPDATE silver.computers SET tdx_configuration_item_id = 1 WHERE computer_id = (
                SELECT min(computer_id) FROM silver.v_lab_computers_tdx_reference r JOIN silver.labs l ON l.lab_id = r.lab_id WHERE l.tdx_ci_id IS NOT NULL)
            """);

        var act = () => bed.RunAsync(bed.Step<SyncLabComputerRelationships>());

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("1 failed");
    }

    private static string? Attribute(JsonObject ci, int id) =>
        ci["Attributes"]!.AsArray().OfType<JsonObject>().Where(a => a["ID"]!.GetValue<int>() == id).Select(a => a["Value"]!.GetValue<string>()).SingleOrDefault();

    private static List<int> LocatedInChildren(TdxStore store, int labCi) =>
        [.. store.Relationships(labCi).OfType<JsonObject>()
            .Where(r => r["ParentID"]!.GetValue<int>() == labCi && r["RelationshipTypeID"]!.GetValue<int>() == LocatedIn)
            .Select(r => r["ChildID"]!.GetValue<int>())];

    private static List<(int Id, string Name)> LabCis(TdxStore store) =>
        [.. store.SearchCis(new JsonObject { ["NameLike"] = " Lab" }).OfType<JsonObject>().Select(ci => (ci["ID"]!.GetValue<int>(), ci["Name"]!.GetValue<string>()))];
}
