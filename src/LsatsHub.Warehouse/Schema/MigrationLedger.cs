using Dapper;
using Npgsql;

namespace LsatsHub.Warehouse.Schema;

/// <summary>
/// <c>meta.schema_migrations</c>: which files of <c>sql/migrations</c> a database has, with the checksum they had.
/// The table itself is created by production_init.sql (<c>lsats-run db init</c>), like the rest of the meta layer.
/// </summary>
internal static class MigrationLedger
{
    /// <summary>Recorded for a file that ran through <c>db migrate</c>.</summary>
    public const string Migrated = "migrate";

    /// <summary>Recorded for a file a fresh <c>db init</c> marked as contained in the baseline.</summary>
    public const string Baseline = "baseline";

    public static Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass('meta.schema_migrations') IS NOT NULL", transaction: transaction, cancellationToken: cancellationToken));

    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string FileName, string Checksum)>(new CommandDefinition(
            "SELECT file_name, checksum FROM meta.schema_migrations", transaction: transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(row => row.FileName, row => row.Checksum, StringComparer.Ordinal);
    }

    public static Task RecordAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IEnumerable<MigrationFile> files,
        string how,
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO meta.schema_migrations (file_name, checksum, applied_at, applied_how)
            VALUES (@FileName, @Checksum, @Now, @How)
            """,
            files.Select(file => new { file.FileName, file.Checksum, Now = now, How = how }),
            transaction,
            cancellationToken: cancellationToken));
}
