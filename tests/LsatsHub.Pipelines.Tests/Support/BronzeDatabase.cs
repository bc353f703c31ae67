using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Pipelines.Tests.Support;

/// <summary>A test database with the bronze table, a writer and helpers to read what landed.</summary>
public sealed class BronzeDatabase : IAsyncDisposable
{
    private BronzeDatabase(TestDatabase database)
    {
        Database = database;
        Writer = new BronzeWriter(database.DataSource, Logger, Clock);
        RunLog = new IngestionRunLog(database.DataSource, Clock);
    }

    public TestDatabase Database { get; }

    public WaitObservingClock Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));

    public ListLogger Logger { get; } = new();

    public BronzeWriter Writer { get; }

    public IngestionRunLog RunLog { get; }

    public static async Task<BronzeDatabase> CreateAsync(string purpose) => new(await BronzeSchema.CreateDatabaseAsync(purpose));

    /// <summary>Writes in a fresh ingestion run, as a step would.</summary>
    public async Task<BronzeWriteResult> WriteAsync(
        IAsyncEnumerable<BronzeRecordOrError> records,
        BronzeWriteOptions? options = null,
        BronzeEntity? entity = null)
    {
        entity ??= Records.People;
        options ??= new BronzeWriteOptions();
        Guid? runId = options.DryRun ? null : await RunLog.StartAsync(entity.SourceSystem, entity.EntityType, null, CancellationToken.None);
        return await Writer.WriteAsync(entity, records, options with { IngestionRunId = runId }, CancellationToken.None);
    }

    public Task<BronzeWriteResult> WriteAsync(params BronzeRecord[] records) => WriteAsync(Records.Stream(records));

    public async Task<long> CountAsync(string sql = "SELECT count(*) FROM bronze.raw_entities")
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    public async Task<IReadOnlyList<long>> VersionCountsAsync(params string[] externalIds)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var counts = (await connection.QueryAsync<(string Id, long Count)>(
            "SELECT external_id, count(*) FROM bronze.raw_entities WHERE external_id = ANY(@externalIds) GROUP BY external_id",
            new { externalIds })).ToDictionary(row => row.Id, row => row.Count);
        return externalIds.Select(id => counts.GetValueOrDefault(id)).ToArray();
    }

    /// <summary>The latest stored raw_data of an entity.</summary>
    public async Task<JsonObject> LatestAsync(string externalId)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var json = await connection.ExecuteScalarAsync<string>(
            "SELECT raw_data::text FROM bronze.raw_entities WHERE external_id = @externalId ORDER BY ingested_at DESC LIMIT 1",
            new { externalId });
        return JsonNode.Parse(json!)!.AsObject();
    }

    /// <summary>A fingerprint of everything in bronze.raw_entities and the number of run rows.</summary>
    public async Task<(string? Bronze, long Runs)> FingerprintAsync()
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        var bronze = await connection.ExecuteScalarAsync<string?>(
            "SELECT md5(string_agg(t::text, ',' ORDER BY raw_id)) FROM bronze.raw_entities t");
        var runs = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM meta.ingestion_runs");
        return (bronze, runs);
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
