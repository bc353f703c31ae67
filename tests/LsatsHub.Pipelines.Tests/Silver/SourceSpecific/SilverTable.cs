using Dapper;
using LsatsHub.Testing;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>Reads a silver table back for assertions.</summary>
public static class SilverTable
{
    /// <summary>Every row as key → the given columns as text (NULL = null), the key being the key columns joined by '|'.</summary>
    public static async Task<Dictionary<string, string?[]>> RowsAsync(TestDatabase database, string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> columns)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var select = string.Join(", ", columns.Select(column => $"{column}::text"));
        var key = string.Join(" || '|' || ", keyColumns.Select(column => $"{column}::text"));
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        await using var reader = await connection.ExecuteReaderAsync($"SELECT {key}, {select} FROM {table}");
        while (await reader.ReadAsync())
        {
            var values = new string?[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                values[i] = reader.IsDBNull(i + 1) ? null : reader.GetString(i + 1);
            }

            rows.Add(reader.GetString(0), values);
        }

        return rows;
    }

    /// <summary>A digest of the table's content without the columns a rebuild may legitimately give new values (surrogate ids, audit times, run id).</summary>
    public static async Task<string?> FingerprintAsync(TestDatabase database, string table, params string[] volatileColumns)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var minus = string.Concat(volatileColumns.Concat(["created_at", "updated_at", "ingestion_run_id"]).Select(column => $" - '{column}'"));
        return await connection.ExecuteScalarAsync<string?>(
            $"SELECT md5(string_agg(t, E'\\n' ORDER BY t)) || ':' || count(*) FROM (SELECT (to_jsonb(s){minus})::text AS t FROM {table} s) rows");
    }

    /// <summary>A digest of every column, audit times included: equal before and after means nothing was written.</summary>
    public static async Task<string?> ExactAsync(TestDatabase database, string table)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string?>(
            $"SELECT md5(string_agg(t, E'\\n' ORDER BY t)) || ':' || count(*) FROM (SELECT to_jsonb(s)::text AS t FROM {table} s) rows");
    }

    public static async Task<long> CountAsync(TestDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
