using Dapper;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Pipelines.Tests.Bronze.UmApi;

/// <summary>Runs a bronze step against a test database the way the executor would, and reads what a run inserted.</summary>
public static class BronzeStepHarness
{
    public static StepContext Context(BronzeDatabase bronze, IStep step, IReadOnlyDictionary<string, string?> configuration, bool dryRun = false) => new()
    {
        DataSource = bronze.Database.DataSource,
        Logger = bronze.Logger,
        RunId = Guid.NewGuid(),
        StepName = step.Descriptor.Name,
        Clock = TimeProvider.System,
        DryRun = dryRun,
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build(),
    };

    public static Task<StepResult> RunAsync(BronzeDatabase bronze, IStep step, IReadOnlyDictionary<string, string?> configuration, bool dryRun = false) =>
        step.RunAsync(Context(bronze, step, configuration, dryRun), CancellationToken.None);

    /// <summary>What the latest ingestion run inserted: external id → change ("new", "changed", "deleted", "reappeared").</summary>
    public static async Task<Dictionary<string, string>> LatestRunChangesAsync(BronzeDatabase bronze)
    {
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string Id, string Change)>("""
            SELECT external_id, ingestion_metadata->>'change'
            FROM bronze.raw_entities
            WHERE ingestion_run_id = (SELECT run_id FROM meta.ingestion_runs ORDER BY started_at DESC LIMIT 1)
            """);
        return rows.ToDictionary(row => row.Id, row => row.Change, StringComparer.Ordinal);
    }

    public static async Task<(string Status, string? Error, string Metadata)> LatestRunAsync(BronzeDatabase bronze)
    {
        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(string, string?, string)>(
            "SELECT status, error_message, metadata::text FROM meta.ingestion_runs ORDER BY started_at DESC LIMIT 1");
    }

    /// <summary>Expected changes between two snapshots of a source: key → content, compared as text.</summary>
    public static Dictionary<string, string> ExpectedChanges(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, content) in after)
        {
            if (!before.TryGetValue(key, out var old))
            {
                changes[key] = "new";
            }
            else if (old != content)
            {
                changes[key] = "changed";
            }
        }

        foreach (var key in before.Keys.Where(key => !after.ContainsKey(key)))
        {
            changes[key] = "deleted";
        }

        return changes;
    }
}
