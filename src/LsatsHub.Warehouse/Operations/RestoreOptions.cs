using System.Text;
using LsatsHub.Warehouse.Postgres;

namespace LsatsHub.Warehouse.Operations;

/// <summary>Where restore finds dumps and which database it restores.</summary>
public sealed record RestoreOptions
{
    /// <summary>The folder of the daily backups (<c>latest</c>).</summary>
    public required string BackupDirectory { get; init; }

    /// <summary>The folder of the pre-silver snapshots (<c>latest-snapshot</c>).</summary>
    public required string SnapshotDirectory { get; init; }

    /// <summary>The warehouse connection; restore goes into its database unless told otherwise. Never printed.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The PostgreSQL bin folder; null means <c>$LSATS_PG_BINDIR</c>, else PATH.</summary>
    public string? PgBinDirectory { get; init; }

    // The connection string may hold a password: keep it out of ToString (and so out of logs).
    private bool PrintMembers(StringBuilder builder)
    {
        string database;
        try
        {
            database = PostgresConnectionString.Describe(PostgresConnectionString.Parse(ConnectionString));
        }
        catch (FormatException)
        {
            database = "(unreadable connection string)";
        }

        builder.Append("BackupDirectory = ").Append(BackupDirectory)
            .Append(", SnapshotDirectory = ").Append(SnapshotDirectory)
            .Append(", Database = ").Append(database);
        return true;
    }
}
