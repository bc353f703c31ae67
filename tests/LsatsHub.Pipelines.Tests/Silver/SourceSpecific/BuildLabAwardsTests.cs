using Dapper;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Pipelines.Silver.SourceSpecific;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

[Collection(SilverCollection.Name)]
public sealed class BuildLabAwardsTests(SilverTestBed bed) : IAsyncLifetime
{
    private const string Table = "silver.lab_awards";
    private static readonly string[] Key = ["award_id", "person_uniqname", "person_role"];

    private BuildLabAwards Step => bed.Step<BuildLabAwards>();

    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_generated_award_row_lands_once_with_every_field_exactly_as_the_export_wrote_it()
    {
        var expected = LabAwardsTruth.Expected(bed.World);

        var result = await bed.RunAsync(Step);

        var actual = await SilverTable.RowsAsync(bed.Database, Table, Key, LabAwardsTruth.Columns);
        actual.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (key, values) in expected)
        {
            actual[key].Should().Equal(values, $"row {key}");
        }

        expected.Values.SelectMany(values => values).Should().Contain(
            value => value != null && (value.Any(c => c > 127) || value.Contains('\'') || value.Contains(',')),
            "the world names award people with non-ASCII letters, quotes or commas, which must survive");
        result.Summary.Should().Be($"{expected.Count} read: {expected.Count} inserted, 0 updated, 0 deleted, 0 skipped");
        var run = await LatestRunAsync(bed.Database);
        run.Status.Should().Be("completed");
        run.Processed.Should().Be(expected.Count);
        run.Created.Should().Be(expected.Count);
    }

    [Fact]
    public async Task A_rerun_and_a_full_refresh_write_nothing_at_all()
    {
        await bed.RunAsync(Step);
        var before = await SilverTable.ExactAsync(bed.Database, Table);
        var count = LabAwardsTruth.Expected(bed.World).Count;

        var rerunContext = bed.Context(Step, bed.Database);
        var rerun = await Step.RunAsync(rerunContext, CancellationToken.None);
        var fullContext = bed.Context(Step, bed.Database, fullRefresh: true);
        var full = await Step.RunAsync(fullContext, CancellationToken.None);

        rerun.Summary.Should().Be($"0 read: 0 inserted, 0 updated, 0 deleted, 0 skipped ({SilverTransform.UnchangedNote})");
        rerunContext.Counters.RowsWritten.Should().Be(0);
        full.Summary.Should().Be($"{count} read: 0 inserted, 0 updated, 0 deleted, 0 skipped");
        fullContext.Counters.RowsWritten.Should().Be(0);
        (await SilverTable.ExactAsync(bed.Database, Table)).Should().Be(before);
    }

    [Fact]
    public async Task A_dry_run_reports_what_it_would_write_and_leaves_no_row_and_no_run_record()
    {
        var count = LabAwardsTruth.Expected(bed.World).Count;
        var context = bed.Context(Step, bed.Database, dryRun: true);

        var result = await Step.RunAsync(context, CancellationToken.None);

        result.Summary.Should().Be($"{count} read: {count} inserted, 0 updated, 0 deleted, 0 skipped (dry run: rolled back, nothing written)");
        context.Counters.RowsWritten.Should().Be(0);
        (await SilverTable.CountAsync(bed.Database, $"SELECT count(*) FROM {Table}")).Should().Be(0);
        (await SilverTable.CountAsync(bed.Database, "SELECT count(*) FROM meta.ingestion_runs WHERE source_system = 'silver_transformation'")).Should().Be(0);
    }

    [Fact]
    public async Task After_a_new_export_exactly_the_changed_rows_are_written_removed_awards_are_gone_and_a_full_refresh_rebuilds_the_same_table()
    {
        await using var clone = await bed.CloneAsync("labawardsnext");
        await bed.RunAsync(Step, clone);
        var before = LabAwardsTruth.Expected(bed.World);
        var next = NextExport(bed.World);
        var after = LabAwardsTruth.Expected(next);
        var written = after.Where(row => !before.TryGetValue(row.Key, out var old) || !old.SequenceEqual(row.Value)).Select(row => row.Key).ToList();
        var inserted = written.Count(key => !before.ContainsKey(key));
        var removed = before.Keys.Except(after.Keys).ToList();
        await using (var sources = await SimulatedSources.StartAsync(next))
        {
            await bed.IngestAsync(clone, sources, step => step.Descriptor.Name == Datasets.Bronze.LabAwards.Name);
        }

        var result = await bed.RunAsync(Step, clone);

        written.Should().NotBeEmpty();
        removed.Should().NotBeEmpty();
        result.Summary.Should().Be($"{written.Count + removed.Count} read: {inserted} inserted, {written.Count - inserted} updated, {removed.Count} deleted, 0 skipped");
        var actual = await SilverTable.RowsAsync(clone, Table, Key, LabAwardsTruth.Columns);
        actual.Keys.Should().BeEquivalentTo(after.Keys);
        foreach (var (key, values) in after)
        {
            actual[key].Should().Equal(values, $"row {key}");
        }

        await using var connection = await clone.DataSource.OpenConnectionAsync();
        var writtenByRun = await connection.QueryAsync<string>(
            $"SELECT award_id || '|' || person_uniqname || '|' || person_role FROM {Table} WHERE ingestion_run_id = @RunId",
            new { (await LatestRunAsync(clone)).RunId });
        writtenByRun.Should().BeEquivalentTo(written, "only the rows whose export line changed are written");

        var incremental = await SilverTable.FingerprintAsync(clone, Table, "award_record_id");
        await connection.ExecuteAsync($"TRUNCATE {Table}");
        await bed.RunAsync(Step, clone, fullRefresh: true);
        (await SilverTable.FingerprintAsync(clone, Table, "award_record_id")).Should().Be(incremental);
    }

    [Fact]
    public async Task Bad_values_are_nulled_or_the_row_skipped_and_counted_while_every_other_row_lands()
    {
        await using var clone = await bed.CloneAsync("labawardsbad");
        var expected = LabAwardsTruth.Expected(bed.World);
        await using var connection = await clone.DataSource.OpenConnectionAsync();
        var victim = await connection.QueryFirstAsync<string>(
            "SELECT external_id FROM bronze.latest_raw_entities WHERE source_system = 'lab_awards' AND entity_type = 'lab_award' ORDER BY external_id");
        await connection.ExecuteAsync(
            """
            INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
            SELECT 'lab_award', 'lab_awards', 'AWDNOTITLE-someone-1', raw_data || '{"Award Id": "AWDNOTITLE", "Award Title": null}', now()
            FROM bronze.latest_raw_entities WHERE source_system = 'lab_awards' AND external_id = @victim;
            INSERT INTO bronze.raw_entities (entity_type, source_system, external_id, raw_data, ingested_at)
            SELECT 'lab_award', 'lab_awards', external_id,
                   raw_data || jsonb_build_object('Award Project Start Date', '02/30/2024', 'Award Total Dollars', 'about a million',
                                                  'Direct Sponsor Name', repeat('Sponsor ', 20)),
                   now() + interval '1 minute'
            FROM bronze.latest_raw_entities WHERE source_system = 'lab_awards' AND external_id = @victim;
            """,
            new { victim });

        var result = await bed.RunAsync(Step, clone);

        result.Summary.Should().Be(
            $"{expected.Count + 1} read: {expected.Count} inserted, 0 updated, 0 deleted, 1 skipped; quality: " +
            "invalid:award_start_date=1, invalid:award_total_dollars=1, invalid:direct_sponsor_name=1, missing:award_title=1");
        var actual = await SilverTable.RowsAsync(clone, Table, Key, LabAwardsTruth.Columns);
        actual.Keys.Should().BeEquivalentTo(expected.Keys);
        var nulled = new[] { "award_start_date", "award_total_dollars", "direct_sponsor_name" }.Select(column => LabAwardsTruth.Columns.ToList().IndexOf(column)).ToList();
        var bad = actual.Single(row => nulled.All(index => row.Value[index] is null));
        for (var i = 0; i < LabAwardsTruth.Columns.Count; i++)
        {
            bad.Value[i].Should().Be(nulled.Contains(i) ? null : expected[bad.Key][i], LabAwardsTruth.Columns[i]);
        }

        var run = await LatestRunAsync(clone);
        run.Status.Should().Be("completed");
        run.Metadata.Should().Contain("\"missing:award_title\": 1");
    }

    /// <summary>The next month's export: the simulator's next generation, one award gone, one award retitled with quotes and accents.</summary>
    private static SimWorld NextExport(SimWorld world)
    {
        var next = WorldMutator.Apply(world);
        var awards = next.Awards.Skip(1).ToList();
        awards[0] = awards[0] with { Title = "Ångström-scale \"quoted\" studies, revisited" };
        return next with { Awards = awards };
    }

    private static async Task<(Guid RunId, string Status, int Processed, int Created, string Metadata)> LatestRunAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(Guid, string, int, int, string)>(
            """
            SELECT run_id, status, records_processed, records_created, metadata::text
            FROM meta.ingestion_runs WHERE source_system = 'silver_transformation' AND entity_type = 'lab_award'
            ORDER BY started_at DESC LIMIT 1
            """);
    }
}
