using Dapper;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Pipelines.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

[Collection(SilverCollection.Name)]
public sealed class BuildUmApiEmployeesTests(SilverTestBed bed) : IAsyncLifetime
{
    private const string Table = "silver.umapi_employees";
    private static readonly string[] Key = ["empl_id", "empl_rcd"];

    private BuildUmApiEmployees Step => bed.Step<BuildUmApiEmployees>();

    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_employment_record_lands_once_keyed_by_EmplId_and_EmplRcd_with_its_work_location_and_score()
    {
        var expected = UmApiEmployeesTruth.Expected(bed.World);

        var result = await bed.RunAsync(Step);

        await SilverScenario.ShouldHoldExactlyAsync(bed.Database, Table, Key, UmApiEmployeesTruth.Columns, expected);
        expected.Values.Should().Contain(values => values[8] == null, "some employments have no supervisor, which the score must show");
        expected.Values.Should().Contain(values => values.Any(value => value != null && value.Any(c => c > 127)), "names with non-ASCII letters must survive");
        result.Summary.Should().Be($"{expected.Count} read: {expected.Count} inserted, 0 updated, 0 deleted, 0 skipped");
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
    public async Task After_hires_departures_and_renames_exactly_the_changed_records_are_written_departed_ones_removed_and_a_full_refresh_agrees()
    {
        var next = WorldMutator.Apply(bed.World);
        var (written, inserted, removed) = SilverScenario.Changes(UmApiEmployeesTruth.Expected(bed.World), UmApiEmployeesTruth.Expected(next));

        var (database, result) = await SilverScenario.NextGenerationAsync(bed, Step, next, Datasets.Bronze.UmApiEmployees);
        await using var _ = database;

        inserted.Should().BePositive();
        (written.Count - inserted).Should().BePositive();
        removed.Should().NotBeEmpty();
        result.Summary.Should().Be($"{written.Count + removed.Count} read: {inserted} inserted, {written.Count - inserted} updated, {removed.Count} deleted, 0 skipped");
        await SilverScenario.ShouldHoldExactlyAsync(database, Table, Key, UmApiEmployeesTruth.Columns, UmApiEmployeesTruth.Expected(next));
        (await SilverScenario.WrittenByLatestRunAsync(database, Table, "empl_id || '|' || empl_rcd", "umapi_employee")).Should().BeEquivalentTo(written);
        var (incremental, full) = await SilverScenario.RebuildAsync(bed, Step, database, Table, "silver_id");
        full.Should().Be(incremental);
    }

    [Fact]
    public async Task An_oversized_first_name_skips_its_record_a_taken_or_oversized_uniqname_is_nulled_and_flagged_and_the_rest_land()
    {
        await using var clone = await bed.CloneAsync("umapiempbad");
        var expected = UmApiEmployeesTruth.Expected(bed.World);
        var victims = expected.Where(row => row.Value[1] == "0").Select(row => row.Value[0]!).Order(StringComparer.Ordinal).Take(2).ToArray();
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
                SELECT 'user', 'umich_api', '99999999-0', raw_data || '{"EmplId": "99999999"}', now()
                FROM bronze.latest_raw_entities WHERE source_system = 'umich_api' AND entity_type = 'user' AND external_id = @second || '-0';
                INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
                SELECT 'user', 'umich_api', '99999998-0', raw_data || '{"EmplId": "99999998", "UniqName": "muchtoolonguniqname"}', now()
                FROM bronze.latest_raw_entities WHERE source_system = 'umich_api' AND entity_type = 'user' AND external_id = @second || '-0';
                INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
                SELECT 'user', 'umich_api', external_id, raw_data || jsonb_build_object('FirstName', repeat('Maximiliana ', 3)), now() + interval '1 minute'
                FROM bronze.latest_raw_entities WHERE source_system = 'umich_api' AND entity_type = 'user' AND external_id = @first || '-0';
                """,
                new { first = victims[0], second = victims[1] });
        }

        var result = await bed.RunAsync(Step, clone);

        result.Summary.Should().Be(
            $"{expected.Count + 2} read: {expected.Count + 1} inserted, 0 updated, 0 deleted, 1 skipped; quality: duplicate_uniqname=1, invalid:first_name=1, invalid:uniqname=1");
        await using var check = await clone.DataSource.OpenConnectionAsync();
        var rows = (await check.QueryAsync<(string EmplId, string? Uniqname, string Flags)>(
            "SELECT empl_id, uniqname, quality_flags::text FROM silver.umapi_employees WHERE empl_id IN ('99999999', '99999998', @second, @first)",
            new { first = victims[0], second = victims[1] })).ToDictionary(row => row.EmplId);
        rows.Keys.Should().BeEquivalentTo(["99999999", "99999998", victims[1]], "the record with an oversized first name is skipped");
        rows[victims[1]].Uniqname.Should().Be(expected[victims[1] + "|0"][2], "the smallest EmplId keeps a shared uniqname");
        rows["99999999"].Uniqname.Should().BeNull();
        rows["99999999"].Flags.Should().StartWith("""["missing_uniqname", "duplicate_uniqname""");
        rows["99999998"].Uniqname.Should().BeNull();
        rows["99999998"].Flags.Should().StartWith("[\"missing_uniqname\"").And.NotContain("duplicate_uniqname");
    }
}
