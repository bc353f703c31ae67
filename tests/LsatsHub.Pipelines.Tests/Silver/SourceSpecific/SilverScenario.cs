using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>The steps every silver table's tests share: the next generation of a source, a full rebuild, what a run wrote.</summary>
public static class SilverScenario
{
    /// <summary>
    /// On a copy of the bed: builds the table, serves <paramref name="next"/>, re-ingests the bronze datasets named, and runs
    /// the step again. Dispose the returned copy.
    /// </summary>
    public static async Task<(TestDatabase Database, StepResult Result)> NextGenerationAsync(
        SilverTestBed bed, IStep step, SimWorld next, params DatasetId[] bronze)
    {
        var clone = await bed.CloneAsync("next" + step.Descriptor.Name.Replace("silver.", "", StringComparison.Ordinal));
        try
        {
            await bed.RunAsync(step, clone);
            await using (var sources = await SimulatedSources.StartAsync(next))
            {
                await bed.IngestAsync(clone, sources, candidate => bronze.Any(dataset => candidate.Descriptor.Outputs.Contains(dataset)));
            }

            return (clone, await bed.RunAsync(step, clone));
        }
        catch
        {
            await clone.DisposeAsync();
            throw;
        }
    }

    /// <summary>Empties the table and rebuilds it with a full refresh; returns the content fingerprints before and after.</summary>
    public static async Task<(string? Incremental, string? FullRefresh)> RebuildAsync(
        SilverTestBed bed, IStep step, TestDatabase database, string table, params string[] volatileColumns)
    {
        var incremental = await SilverTable.FingerprintAsync(database, table, volatileColumns);
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"TRUNCATE {table}");
        }

        await bed.RunAsync(step, database, fullRefresh: true);
        return (incremental, await SilverTable.FingerprintAsync(database, table, volatileColumns));
    }

    /// <summary>The keys of the rows the latest silver run of <paramref name="entityType"/> wrote (ingestion_run_id = that run).</summary>
    public static async Task<List<string>> WrittenByLatestRunAsync(TestDatabase database, string table, string keyExpression, string entityType)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(
            $"""
            SELECT {keyExpression} FROM {table}
            WHERE ingestion_run_id = (SELECT run_id FROM meta.ingestion_runs
                                      WHERE source_system = 'silver_transformation' AND entity_type = @entityType
                                      ORDER BY started_at DESC LIMIT 1)
            """,
            new { entityType })).ToList();
    }

    /// <summary>Keys whose expected row is new or different in <paramref name="after"/>, and keys gone from it.</summary>
    public static (List<string> Written, int Inserted, List<string> Removed) Changes(
        IReadOnlyDictionary<string, string?[]> before, IReadOnlyDictionary<string, string?[]> after)
    {
        var written = after.Where(row => !before.TryGetValue(row.Key, out var old) || !old.SequenceEqual(row.Value)).Select(row => row.Key).ToList();
        return (written, written.Count(key => !before.ContainsKey(key)), before.Keys.Except(after.Keys).ToList());
    }

    /// <summary>Asserts the table holds exactly the expected rows, value by value.</summary>
    public static async Task ShouldHoldExactlyAsync(
        TestDatabase database, string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns, IReadOnlyDictionary<string, string?[]> expected)
    {
        var actual = await SilverTable.RowsAsync(database, table, keyColumns, columns);
        actual.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (key, values) in expected)
        {
            actual[key].Should().Equal(values, $"row {key}");
        }
    }
}
