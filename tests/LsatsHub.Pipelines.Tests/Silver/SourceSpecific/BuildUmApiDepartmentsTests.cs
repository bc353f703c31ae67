using Dapper;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Pipelines.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

[Collection(SilverCollection.Name)]
public sealed class BuildUmApiDepartmentsTests(SilverTestBed bed) : IAsyncLifetime
{
    private const string Table = "silver.umapi_departments";
    private static readonly string[] Key = ["dept_id"];

    private BuildUmApiDepartments Step => bed.Step<BuildUmApiDepartments>();

    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_API_department_lands_once_with_its_hierarchy_and_a_perfect_score()
    {
        var expected = UmApiDepartmentsTruth.Expected(bed.World);

        var result = await bed.RunAsync(Step);

        await SilverScenario.ShouldHoldExactlyAsync(bed.Database, Table, Key, UmApiDepartmentsTruth.Columns, expected);
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
    public async Task After_the_API_changes_exactly_the_changed_departments_are_written_a_gone_one_is_removed_and_a_full_refresh_agrees()
    {
        var next = Renamed(bed.World);
        var before = UmApiDepartmentsTruth.Expected(bed.World);
        var after = UmApiDepartmentsTruth.Expected(next);
        var (written, inserted, removed) = SilverScenario.Changes(before, after);

        var (database, result) = await SilverScenario.NextGenerationAsync(bed, Step, next, Datasets.Bronze.UmApiDepartments);
        await using var _ = database;

        written.Should().NotBeEmpty();
        removed.Should().ContainSingle();
        result.Summary.Should().Be($"{written.Count + removed.Count} read: {inserted} inserted, {written.Count - inserted} updated, {removed.Count} deleted, 0 skipped");
        await SilverScenario.ShouldHoldExactlyAsync(database, Table, Key, UmApiDepartmentsTruth.Columns, after);
        (await SilverScenario.WrittenByLatestRunAsync(database, Table, "dept_id", "umapi_department")).Should().BeEquivalentTo(written);
        var (incremental, full) = await SilverScenario.RebuildAsync(bed, Step, database, Table, "silver_id");
        full.Should().Be(incremental);
    }

    [Fact]
    public async Task A_department_with_missing_and_oversized_values_is_scored_and_flagged_and_one_without_an_id_is_skipped()
    {
        await using var clone = await bed.CloneAsync("umapideptbad");
        var victim = UmApiDepartmentsTruth.Expected(bed.World).Keys.Order(StringComparer.Ordinal).First();
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
                SELECT 'department', 'umich_api', 'NOID', raw_data || '{"DeptId": "  "}', now()
                FROM bronze.latest_raw_entities WHERE source_system = 'umich_api' AND entity_type = 'department' AND external_id = @victim;
                INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
                SELECT 'department', 'umich_api', external_id,
                       raw_data || jsonb_build_object('DeptGroupCampusDescr', '', 'DeptGroupVPAreaDescr', repeat('Provost ', 10), 'DeptDescription', 'Renamed Department'),
                       now() + interval '1 minute'
                FROM bronze.latest_raw_entities WHERE source_system = 'umich_api' AND entity_type = 'department' AND external_id = @victim;
                """,
                new { victim });
        }

        var result = await bed.RunAsync(Step, clone);

        var count = UmApiDepartmentsTruth.Expected(bed.World).Count;
        result.Summary.Should().Be($"{count + 1} read: {count} inserted, 0 updated, 0 deleted, 1 skipped; quality: invalid:vp_area_name=1, missing:dept_id=1");
        await using var check = await clone.DataSource.OpenConnectionAsync();
        var row = await check.QuerySingleAsync<(decimal Score, string Flags, string? Campus, string? VpArea)>(
            "SELECT data_quality_score, quality_flags::text, campus_name, vp_area_name FROM silver.umapi_departments WHERE dept_id = @victim", new { victim });
        row.Campus.Should().BeNull();
        row.VpArea.Should().BeNull();
        row.Score.Should().Be(0.70m, "a missing campus and VP area name cost 0.10 each, and the path does not hold the new name");
        row.Flags.Should().Be("""["missing_campus", "missing_vp_area", "inconsistent_hierarchy"]""");
    }

    /// <summary>The API a month on: one department renamed, one no longer served.</summary>
    private static SimWorld Renamed(SimWorld world)
    {
        var served = world.Departments.Where(d => d.InUmApi).OrderBy(d => d.DeptId, StringComparer.Ordinal).ToList();
        var departments = world.Departments.Select(d =>
            d.DeptId == served[0].DeptId ? d with { Name = d.Name + " & Ångström Studies" }
            : d.DeptId == served[1].DeptId ? d with { InUmApi = false }
            : d).ToList();
        return world with { Departments = departments };
    }
}
