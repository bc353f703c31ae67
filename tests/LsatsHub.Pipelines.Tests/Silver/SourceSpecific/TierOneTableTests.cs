using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>
/// The behaviours every tier-1 table of one source keeps, on the shared bed: the generator's truth lands exactly, a
/// rerun and a full refresh write nothing, the next generation writes exactly the changed entities (departed ones
/// retired or removed) and a full refresh rebuilds the same table, a bad bronze record is counted while the rest land.
/// A table's test class says what its truth is; the truth is computed from the simulated world, never from the SQL.
/// </summary>
public abstract class TierOneTableTests<TStep>(SilverTestBed bed) : IAsyncLifetime
    where TStep : IStep
{
    protected SilverTestBed Bed => bed;

    protected TStep Step => bed.Step<TStep>();

    /// <summary>The silver table, e.g. <c>silver.tdx_users</c>.</summary>
    protected abstract string Table { get; }

    /// <summary>The <c>entity_type</c> of the step's run rows.</summary>
    protected abstract string EntityType { get; }

    /// <summary>The key column (its text is the truth's key).</summary>
    protected abstract string KeyColumn { get; }

    /// <summary>The columns compared, in the order of the truth's values.</summary>
    protected abstract IReadOnlyList<string> Columns { get; }

    /// <summary>The jsonb columns among <see cref="Columns"/>: compared as JSON, not as text.</summary>
    protected abstract IReadOnlySet<string> JsonColumns { get; }

    /// <summary>Whether the first generation already has names with quotes or non-ASCII letters in this table (else <see cref="Next"/> adds them).</summary>
    protected virtual bool FirstGenerationHasHardNames => true;

    /// <summary>Columns a rebuild may legitimately give new values (surrogate ids).</summary>
    protected virtual string[] VolatileColumns => [];

    /// <summary>Which bronze steps read the next generation.</summary>
    protected abstract bool IsBronzeStep(IStep step);

    /// <summary>The truth for a freshly loaded world: key → values as PostgreSQL prints them.</summary>
    protected abstract Dictionary<string, string?[]> Expected(SimWorld world);

    /// <summary>The truth after <paramref name="after"/> was ingested over <paramref name="before"/> (departed entities retired or gone).</summary>
    protected abstract Dictionary<string, string?[]> ExpectedAfter(SimWorld before, SimWorld after);

    /// <summary>The next generation: the simulator's mutation plus the changes this table must notice.</summary>
    protected abstract SimWorld Next(SimWorld world);

    /// <summary>SQL that adds a newer, partly bad version of one entity and one unusable new entity to bronze.</summary>
    protected abstract string BadRecordsSql { get; }

    /// <summary>The columns the bad version's values must leave NULL.</summary>
    protected abstract IReadOnlyList<string> BadColumns { get; }

    /// <summary>The quality outcomes the bad records must produce (name=count).</summary>
    protected abstract IReadOnlyList<string> BadOutcomes { get; }

    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_entity_of_the_source_lands_once_with_its_fields_exactly_as_the_source_sent_them()
    {
        var expected = Expected(bed.World);

        var result = await bed.RunAsync(Step);

        await ShouldHoldAsync(bed.Database, expected);
        if (FirstGenerationHasHardNames)
        {
            expected.Values.SelectMany(values => values).Should().Contain(
                value => value != null && (value.Any(c => c > 127) || value.Contains('\'', StringComparison.Ordinal)),
                "the world has names with non-ASCII letters or quotes, which must survive");
        }
        result.Summary.Should().StartWith($"{expected.Count} read: {expected.Count} inserted, 0 updated, 0 deleted, 0 skipped");
        var run = await LatestRunAsync(bed.Database);
        run.Status.Should().Be("completed");
        run.Created.Should().Be(expected.Count);
    }

    [Fact]
    public async Task A_rerun_and_a_full_refresh_write_nothing_at_all()
    {
        await bed.RunAsync(Step);
        var before = await SilverTable.ExactAsync(bed.Database, Table);
        var count = Expected(bed.World).Count;

        var rerunContext = bed.Context(Step, bed.Database);
        var rerun = await Step.RunAsync(rerunContext, CancellationToken.None);
        var fullContext = bed.Context(Step, bed.Database, fullRefresh: true);
        var full = await Step.RunAsync(fullContext, CancellationToken.None);

        rerun.Summary.Should().Be($"0 read: 0 inserted, 0 updated, 0 deleted, 0 skipped ({SilverTransform.UnchangedNote})");
        rerunContext.Counters.RowsWritten.Should().Be(0);
        full.Summary.Should().StartWith($"{count} read: 0 inserted, 0 updated, 0 deleted, 0 skipped");
        fullContext.Counters.RowsWritten.Should().Be(0);
        (await SilverTable.ExactAsync(bed.Database, Table)).Should().Be(before);
    }

    [Fact]
    public async Task After_the_next_generation_exactly_the_changed_entities_are_written_and_a_full_refresh_rebuilds_the_same_table()
    {
        await using var clone = await bed.CloneAsync("next" + EntityType.Replace("_", string.Empty, StringComparison.Ordinal));
        await bed.RunAsync(Step, clone);
        var before = Expected(bed.World);
        var next = Next(bed.World);
        var after = ExpectedAfter(bed.World, next);
        var written = after.Where(row => !before.TryGetValue(row.Key, out var old) || !SameRow(old, row.Value)).Select(row => row.Key).ToList();
        var removed = before.Keys.Except(after.Keys).ToList();
        await using (var sources = await SimulatedSources.StartAsync(next))
        {
            await bed.IngestAsync(clone, sources, IsBronzeStep);
        }

        var result = await bed.RunAsync(Step, clone);

        written.Should().NotBeEmpty();
        await ShouldHoldAsync(clone, after);
        await using var connection = await clone.DataSource.OpenConnectionAsync();
        var writtenByRun = await connection.QueryAsync<string>(
            $"SELECT {KeyColumn}::text FROM {Table} WHERE ingestion_run_id = @RunId", new { (await LatestRunAsync(clone)).RunId });
        writtenByRun.Should().BeEquivalentTo(written, "only the entities whose source record changed are written");
        var inserted = written.Count(key => !before.ContainsKey(key));
        result.Summary.Should().Contain($"{inserted} inserted, ");
        var counts = await connection.QuerySingleAsync<(int Created, int Updated, string Metadata)>(
            "SELECT records_created, records_updated, metadata::text FROM meta.ingestion_runs WHERE run_id = @RunId", new { (await LatestRunAsync(clone)).RunId });
        var deleted = JsonNode.Parse(counts.Metadata)!["deleted"]!.GetValue<long>();
        (counts.Created + counts.Updated + deleted - removed.Count).Should().Be(written.Count, "every written row is counted once, as inserted, updated or retired");

        var incremental = await SilverTable.FingerprintAsync(clone, Table, VolatileColumns);
        await connection.ExecuteAsync($"TRUNCATE {Table} CASCADE");
        await bed.RunAsync(Step, clone, fullRefresh: true);
        (await SilverTable.FingerprintAsync(clone, Table, VolatileColumns)).Should().Be(incremental);
    }

    [Fact]
    public async Task A_bad_bronze_record_is_nulled_or_skipped_and_counted_while_every_other_row_lands()
    {
        await using var clone = await bed.CloneAsync("bad" + EntityType.Replace("_", string.Empty, StringComparison.Ordinal));
        var expected = Expected(bed.World);
        await using (var connection = await clone.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(BadRecordsSql);
        }

        var result = await bed.RunAsync(Step, clone);

        result.Summary.Should().StartWith($"{expected.Count + 1} read: {expected.Count} inserted, 0 updated, 0 deleted, 1 skipped");
        foreach (var outcome in BadOutcomes)
        {
            result.Summary.Should().Contain(outcome);
        }

        var actual = await SilverTable.RowsAsync(clone, Table, [KeyColumn], Columns);
        actual.Keys.Should().BeEquivalentTo(expected.Keys);
        var differing = actual.Where(row => !SameRow(expected[row.Key], row.Value)).ToList();
        differing.Should().ContainSingle("only the entity with the bad version differs");
        var bad = differing[0];
        for (var i = 0; i < Columns.Count; i++)
        {
            if (BadColumns.Contains(Columns[i]))
            {
                bad.Value[i].Should().BeNull(Columns[i]);
            }
            else
            {
                Same(Columns[i], expected[bad.Key][i], bad.Value[i]).Should().BeTrue($"{Columns[i]}: {bad.Value[i]} vs {expected[bad.Key][i]}");
            }
        }

        (await LatestRunAsync(clone)).Status.Should().Be("completed");
    }

    protected async Task ShouldHoldAsync(TestDatabase database, Dictionary<string, string?[]> expected)
    {
        var actual = await SilverTable.RowsAsync(database, Table, [KeyColumn], Columns);
        actual.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (key, values) in expected)
        {
            for (var i = 0; i < Columns.Count; i++)
            {
                Same(Columns[i], values[i], actual[key][i]).Should().BeTrue($"row {key} column {Columns[i]}: expected {values[i] ?? "NULL"}, got {actual[key][i] ?? "NULL"}");
            }
        }
    }

    private bool SameRow(string?[] expected, string?[] actual) =>
        Enumerable.Range(0, Columns.Count).All(i => Same(Columns[i], expected[i], actual[i]));

    private bool Same(string column, string? expected, string? actual) =>
        expected is null || actual is null
            ? expected is null && actual is null
            : JsonColumns.Contains(column) ? JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)) : expected == actual;

    private async Task<(Guid RunId, string Status, int Processed, int Created)> LatestRunAsync(TestDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(Guid, string, int, int)>(
            """
            SELECT run_id, status, records_processed, records_created
            FROM meta.ingestion_runs WHERE source_system = 'silver_transformation' AND entity_type = @EntityType
            ORDER BY started_at DESC LIMIT 1
            """,
            new { EntityType });
    }
}
