using Dapper;
using Npgsql;

namespace LsatsHub.Warehouse.Tests.Operations;

/// <summary>Row count and an md5 over the sorted rows of every silver table: equal fingerprints mean equal data.</summary>
internal static class SilverFingerprint
{
    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'silver' AND table_type = 'BASE TABLE' ORDER BY table_name")).ToList();
        var union = string.Join(
            "\nUNION ALL\n",
            tables.Select(table => $"SELECT '{table}' AS name, count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') AS fingerprint FROM silver.\"{table}\" t"));
        var rows = await connection.QueryAsync<(string Name, string Fingerprint)>(union);
        return rows.ToDictionary(row => row.Name, row => row.Fingerprint, StringComparer.Ordinal);
    }
}
