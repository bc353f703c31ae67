using System.Text;
using LsatsHub.Warehouse.Postgres;

namespace LsatsHub.Warehouse.Operations;

/// <summary>Where and how the daily backup is taken, kept and copied.</summary>
public sealed record BackupOptions
{
    /// <summary>The backup folder (also holds the pre-silver snapshots, which backup never touches).</summary>
    public required string Directory { get; init; }

    /// <summary>The database to dump, as a keyword connection string or a <c>postgresql://</c> URL. Never printed.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The PostgreSQL bin folder; null means <c>$LSATS_PG_BINDIR</c>, else PATH.</summary>
    public string? PgBinDirectory { get; init; }

    /// <summary>How long a daily backup is kept (the newest is kept regardless).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>A second folder (e.g. an NFS mount) each new backup is copied to; null for none.</summary>
    public string? CopyDirectory { get; init; }

    /// <summary>A shell command each new backup is handed to as <c>$1</c> (e.g. <c>rclone copy "$1" remote:lsats/</c>); null for none.</summary>
    public string? CopyCommand { get; init; }

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

        builder.Append("Directory = ").Append(Directory)
            .Append(", Database = ").Append(database)
            .Append(", Retention = ").Append(Retention)
            .Append(", CopyDirectory = ").Append(CopyDirectory)
            .Append(", CopyCommand = ").Append(CopyCommand);
        return true;
    }
}
