using Dapper;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Pipelines.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

[Collection(SilverCollection.Name)]
public sealed class BuildKeyConfigureComputersTests(SilverTestBed bed) : IAsyncLifetime
{
    private const string Table = "silver.keyconfigure_computers";
    private static readonly string[] Key = ["computer_id"];

    private BuildKeyConfigureComputers Step => bed.Step<BuildKeyConfigureComputers>();

    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_computer_lands_once_with_all_its_interfaces_consolidated_and_the_newest_one_as_primary()
    {
        var expected = KeyConfigureComputersTruth.Expected(bed.World);

        var result = await bed.RunAsync(Step);

        await SilverScenario.ShouldHoldExactlyAsync(bed.Database, Table, Key, KeyConfigureComputersTruth.Columns, expected);
        expected.Values.Should().Contain(values => values[6] != "1", "some computers have several interfaces, which must become one row");
        var interfaces = expected.Values.Sum(values => int.Parse(values[6]!, System.Globalization.CultureInfo.InvariantCulture));
        result.Summary.Should().Be($"{interfaces} read: {expected.Count} inserted, 0 updated, 0 deleted, 0 skipped");
        (await SilverTable.CountAsync(bed.Database, $"SELECT sum(jsonb_array_length(consolidated_raw_ids)) FROM {Table}")).Should().Be(interfaces);
    }

    [Fact]
    public async Task A_rerun_and_a_full_refresh_write_nothing_at_all()
    {
        await bed.RunAsync(Step);
        var before = await SilverTable.ExactAsync(bed.Database, Table);

        var rerun = await bed.RunAsync(Step);
        var full = await bed.RunAsync(Step, fullRefresh: true);

        rerun.Summary.Should().Be($"0 read: 0 inserted, 0 updated, 0 deleted, 0 skipped ({SilverTransform.UnchangedNote})");
        full.Summary.Should().EndWith("0 inserted, 0 updated, 0 deleted, 0 skipped");
        (await SilverTable.ExactAsync(bed.Database, Table)).Should().Be(before);
    }

    [Fact]
    public async Task After_a_new_export_exactly_the_changed_computers_are_written_a_vanished_one_is_removed_and_a_full_refresh_agrees()
    {
        var next = NextExport(bed.World);
        var (written, inserted, removed) = SilverScenario.Changes(KeyConfigureComputersTruth.Expected(bed.World), KeyConfigureComputersTruth.Expected(next));

        var (database, result) = await SilverScenario.NextGenerationAsync(bed, Step, next, Datasets.Bronze.KeyConfigureComputers);
        await using var _ = database;

        (written.Count - inserted).Should().BePositive();
        removed.Should().ContainSingle();
        result.Summary.Should().EndWith($"{inserted} inserted, {written.Count - inserted} updated, {removed.Count} deleted, 0 skipped");
        await SilverScenario.ShouldHoldExactlyAsync(database, Table, Key, KeyConfigureComputersTruth.Columns, KeyConfigureComputersTruth.Expected(next));
        (await SilverScenario.WrittenByLatestRunAsync(database, Table, "computer_id", "keyconfigure_computer")).Should().BeEquivalentTo(written);
        var (incremental, full) = await SilverScenario.RebuildAsync(bed, Step, database, Table);
        full.Should().Be(incremental);
    }

    [Fact]
    public async Task Bad_values_of_an_interface_are_nulled_and_counted_and_an_interface_without_a_name_is_skipped()
    {
        await using var clone = await bed.CloneAsync("kcbad");
        var expected = KeyConfigureComputersTruth.Expected(bed.World);
        var victim = expected.Where(row => row.Value[6] == "1").Select(row => row.Value[3]!).Order(StringComparer.Ordinal).First();
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
                SELECT 'computer', 'key_client', 'FE:ED:FA:CE:00:01', raw_data || '{"Name": null, "MAC": "FEEDFACE0001"}', now()
                FROM bronze.latest_raw_entities WHERE source_system = 'key_client'
                  AND upper(regexp_replace(raw_data ->> 'MAC', '[:\-. ]', '', 'g')) = @victim;
                INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
                SELECT 'computer', 'key_client', external_id,
                       raw_data || '{"RAM": "lots", "Last Audit": "2025-13-45T00:00:00", "CPU": "Intel Xeon Platinum 8480+ (56 cores, 2.0 GHz)"}',
                       now() + interval '1 minute'
                FROM bronze.latest_raw_entities WHERE source_system = 'key_client'
                  AND upper(regexp_replace(raw_data ->> 'MAC', '[:\-. ]', '', 'g')) = @victim;
                """,
                new { victim });
        }

        var result = await bed.RunAsync(Step, clone);

        var interfaces = expected.Values.Sum(values => int.Parse(values[6]!, System.Globalization.CultureInfo.InvariantCulture));
        result.Summary.Should().Be(
            $"{interfaces + 1} read: {expected.Count} inserted, 0 updated, 0 deleted, 1 skipped; quality: invalid:cpu=1, invalid:last_audit=1, invalid:ram_mb=1, missing:computer_name=1");
        await using var check = await clone.DataSource.OpenConnectionAsync();
        var row = await check.QuerySingleAsync<(string? Cpu, int? Ram, DateTime? LastAudit, string Os)>(
            "SELECT cpu, ram_mb, last_audit, os FROM silver.keyconfigure_computers WHERE primary_mac_address = @victim", new { victim });
        row.Cpu.Should().BeNull();
        row.Ram.Should().BeNull();
        row.LastAudit.Should().BeNull();
        row.Os.Should().NotBeNullOrEmpty();
    }

    /// <summary>Next month's export: the simulator's next generation (moved computers change owner), one computer gone, one interface fewer.</summary>
    private static SimWorld NextExport(SimWorld world)
    {
        var next = WorldMutator.Apply(world);
        var inKeyConfigure = next.Computers.Select((computer, index) => (computer, index)).Where(pair => pair.computer.InKeyConfigure).ToList();
        var gone = inKeyConfigure[0].index;
        var narrowed = inKeyConfigure.First(pair => pair.computer.Macs.Count > 1).index;
        var computers = next.Computers.Select((computer, index) =>
            index == gone ? computer with { InKeyConfigure = false }
            : index == narrowed ? computer with { Macs = computer.Macs.Take(computer.Macs.Count - 1).ToList() }
            : computer).ToList();
        return next with { Computers = computers };
    }
}
