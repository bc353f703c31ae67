using LsatsHub.Testing;

namespace LsatsHub.Pipelines.Tests.Support;

/// <summary>
/// A database with the warehouse as deployed: sql/production_init.sql (meta.ingestion_runs) then
/// sql/production_schema.sql (bronze.raw_entities and its indexes), so the writer is tested against the real table
/// rather than a copy of its DDL that could drift.
/// </summary>
public static class BronzeSchema
{
    /// <summary>A fresh database with production_init.sql and production_schema.sql applied.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(string purpose)
    {
        var database = await PostgresServer.CreateDatabaseAsync(purpose);
        await database.ApplySqlFileAsync("sql/production_init.sql");
        await database.ApplySqlFileAsync("sql/production_schema.sql");
        return database;
    }
}
