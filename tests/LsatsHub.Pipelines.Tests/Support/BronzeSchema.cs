using Dapper;
using LsatsHub.Testing;

namespace LsatsHub.Pipelines.Tests.Support;

/// <summary>
/// bronze.raw_entities for the writer's tests. This mirrors sql/production_schema.sql (bronze section, being written on
/// the warehouse-schema branch); once that file is merged, apply it instead and delete this copy.
/// </summary>
public static class BronzeSchema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS bronze.raw_entities (
            raw_id             uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
            entity_type        varchar(50)  NOT NULL,
            source_system      varchar(50)  NOT NULL,
            external_id        varchar(255) NOT NULL,
            raw_data           jsonb        NOT NULL,
            ingested_at        timestamptz  DEFAULT CURRENT_TIMESTAMP,
            ingestion_run_id   uuid REFERENCES meta.ingestion_runs (run_id),
            entity_hash        varchar(64) GENERATED ALWAYS AS (
                encode(sha256(decode(replace(entity_type::text || '|' || source_system::text || '|' || external_id::text, '\', '\\'), 'escape')), 'hex')
            ) STORED,
            ingestion_metadata jsonb DEFAULT '{}'::jsonb
        );

        CREATE INDEX IF NOT EXISTS idx_bronze_entity_lookup
            ON bronze.raw_entities (entity_type, source_system, external_id, ingested_at DESC);
        CREATE INDEX IF NOT EXISTS idx_bronze_ingestion_time
            ON bronze.raw_entities (entity_type, source_system, ingested_at DESC);
        """;

    /// <summary>A fresh database with production_init.sql and the bronze table.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(string purpose)
    {
        var database = await PostgresServer.CreateDatabaseAsync(purpose);
        await database.ApplySqlFileAsync("sql/production_init.sql");
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(Sql);
        return database;
    }
}
