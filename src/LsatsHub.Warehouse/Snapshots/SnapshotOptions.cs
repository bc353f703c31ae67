using System.Text;
using LsatsHub.Warehouse.Postgres;

namespace LsatsHub.Warehouse.Snapshots;

/// <summary>Where and how pre-silver snapshots are taken.</summary>
public sealed record SnapshotOptions
{
    /// <summary>The variable naming the folder that holds the PostgreSQL client programs (e.g. <c>/usr/lib/postgresql/15/bin</c>); it wins over PATH.</summary>
    public const string BinDirectoryVariable = "LSATS_PG_BINDIR";

    /// <summary>The folder the snapshots go to; created if missing.</summary>
    public required string Directory { get; init; }

    /// <summary>The database to dump, as a keyword connection string (a <c>postgresql://</c> URL is accepted too). Never printed.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>pg_dump: a bare name is looked up in <see cref="PgBinDirectory"/> (or <c>$LSATS_PG_BINDIR</c>) if set, else on PATH; a path is used as is.</summary>
    public string PgDumpPath { get; init; } = "pg_dump";

    /// <summary>The folder holding the PostgreSQL client programs; when null, <c>$LSATS_PG_BINDIR</c> is used if set, else PATH.</summary>
    public string? PgBinDirectory { get; init; }

    /// <summary>How many snapshots to keep (the newest); at least 1.</summary>
    public int Keep { get; init; } = 2;

    // The connection string may hold a password: keep it out of ToString (and so out of logs).
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Directory = ").Append(Directory)
            .Append(", Database = ").Append(SafeDescription())
            .Append(", PgDumpPath = ").Append(PgDumpPath)
            .Append(", PgBinDirectory = ").Append(PgBinDirectory)
            .Append(", Keep = ").Append(Keep);
        return true;
    }

    private string SafeDescription()
    {
        try
        {
            return PostgresConnectionString.Describe(PostgresConnectionString.Parse(ConnectionString));
        }
        catch (FormatException)
        {
            return "(unreadable connection string)";
        }
    }
}
