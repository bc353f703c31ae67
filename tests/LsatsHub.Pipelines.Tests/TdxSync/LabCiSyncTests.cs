using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Pipelines.Tests.Silver.Composite;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Pipelines.TdxSync;

namespace LsatsHub.Pipelines.Tests.TdxSync;

/// <summary>
/// The lab CI sync (docs/tdx-sync.md) on the simulated university, against the TDX simulator and a real warehouse
/// filled by one silver run: one CI per monitored lab with its id written back, lab CIs related to their computers'
/// CIs, nothing sent on a second run, and an update that restores only the fields the sync owns.
/// </summary>
[Collection(SilverCollection.Name)]
public sealed class LabCiSyncTests(SilverTestBed bed) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await bed.ResetSilverAsync();
        await bed.Database.ApplySqlFileAsync("sql/production_schema.sql");
        await bed.Database.ApplySqlFileAsync("sql/views/silver_views.sql");
        await SilverRun.RunAsync(bed);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task One_CI_per_monitored_lab_is_created_related_to_its_computers_and_a_second_run_sends_nothing()
    {
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var monitored = (await connection.QueryAsync<string>(
            "SELECT l.lab_id FROM silver.v_labs_monitored l JOIN silver.users u ON u.uniqname = l.pi_uniqname WHERE u.tdx_user_uid IS NOT NULL")).ToHashSet(StringComparer.Ordinal);
        var expectedPairs = (await connection.QueryAsync<(string Lab, int Computer)>(
            "SELECT DISTINCT lab_id, tdx_configuration_item_id FROM silver.v_lab_computers_tdx_reference WHERE tdx_configuration_item_id IS NOT NULL")).ToList();
        var store = bed.Sources.Tdx.Store;
        var before = store.Writes.Count;

        var first = await bed.RunAsync(bed.Step<SyncLabCis>());
        var relations = await bed.RunAsync(bed.Step<SyncLabComputerRelationships>());
        var afterFirst = store.Writes.Count;
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
        afterFirst.Should().BeGreaterThan(before);

        var monitoredPairs = expectedPairs.Where(p => monitored.Contains(p.Lab)).ToList();
        monitoredPairs.Should().NotBeEmpty("monitored labs have computers with TDX CIs");
        foreach (var (lab, computer) in monitoredPairs)
        {
            var labCi = written.Single(w => w.Lab == lab).Ci;
            store.Relationships(labCi).OfType<JsonObject>()
                .Where(r => r["ParentID"]!.GetValue<int>() == labCi && r["ChildID"]!.GetValue<int>() == computer && r["RelationshipTypeID"]!.GetValue<int>() == 10016)
                .Should().ContainSingle($"lab {lab}'s CI is related once to computer CI {computer}");
        }

        relations.Summary.Should().Contain("relationships added");
        store.Writes.Count.Should().Be(afterFirst, "the second run finds every CI and relationship as it should be and sends nothing");
        second.Summary.Should().Contain("0 created, 0 updated").And.Contain($"{monitored.Count} unchanged");
        secondRelations.Summary.Should().Contain("0 relationships added");
    }

    [Fact]
    public async Task An_update_restores_the_fields_the_sync_owns_and_keeps_every_other_field()
    {
        await bed.RunAsync(bed.Step<SyncLabCis>());
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var (lab, ciId) = await connection.QuerySingleAsync<(string, int)>("SELECT lab_id, tdx_ci_id FROM silver.labs WHERE tdx_ci_id IS NOT NULL ORDER BY lab_id LIMIT 1");
        var store = bed.Sources.Tdx.Store;
        var synced = store.Ci(ciId)!;
        var owner = synced["OwnerUID"]!.GetValue<string>();
        var edited = (JsonObject)synced.DeepClone();
        edited["OwnerUID"] = Guid.NewGuid().ToString();
        edited["Description"] = "Bench 4, ask the lab manager before touching";
        edited["LocationID"] = 4242;
        edited["Attributes"] = new JsonArray(new JsonObject { ["ID"] = 99001, ["Value"] = "kept" });
        store.SaveCi(ciId, JsonNode.Parse(edited.ToJsonString())!.AsObject()); // as it would arrive over HTTP
        var before = store.Writes.Count;

        var result = await bed.RunAsync(bed.Step<SyncLabCis>());

        result.Summary.Should().Contain("1 updated");
        var updates = store.Writes.Skip(before).ToList();
        updates.Should().ContainSingle().Which.Should().Match<LsatsHub.Simulator.Tdx.TdxWrite>(w => w.Kind == "ci.update" && w.TargetId == ciId);
        var after = store.Ci(ciId)!;
        after["OwnerUID"]!.GetValue<string>().Should().Be(owner, $"the owner of lab {lab}'s CI is the sync's field");
        after["Description"]!.GetValue<string>().Should().Be("Bench 4, ask the lab manager before touching");
        after["LocationID"]!.GetValue<int>().Should().Be(4242);
        after["Attributes"]!.AsArray().OfType<JsonObject>().Should().Contain(a => a["ID"]!.GetValue<int>() == 99001 && a["Value"]!.GetValue<string>() == "kept");
    }

    private static List<(int Id, string Name)> LabCis(LsatsHub.Simulator.Tdx.TdxStore store) =>
        [.. store.SearchCis(new JsonObject { ["NameLike"] = " Lab" }).OfType<JsonObject>().Select(ci => (ci["ID"]!.GetValue<int>(), ci["Name"]!.GetValue<string>()))];
}
