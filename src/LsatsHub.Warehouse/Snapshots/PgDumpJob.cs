using Npgsql;

namespace LsatsHub.Warehouse.Snapshots;

/// <summary>One pg_dump into <see cref="PartialPath"/>, renamed to <see cref="FinalPath"/> only when complete.</summary>
public sealed record PgDumpJob
{
    /// <summary>The database to dump. Its password reaches pg_dump only through the environment.</summary>
    public required NpgsqlConnectionStringBuilder Connection { get; init; }

    /// <summary>Where pg_dump writes; it may already exist (an exclusive reservation) and is overwritten.</summary>
    public required string PartialPath { get; init; }

    /// <summary>The name the dump gets once complete (and verified, when <see cref="Verify"/> is set).</summary>
    public required string FinalPath { get; init; }

    /// <summary>Shown in <c>pg_stat_activity</c> while the dump runs.</summary>
    public required string ApplicationName { get; init; }

    /// <summary>Extra pg_dump arguments (e.g. <c>--compress=9</c>), after <c>--format=custom</c>.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Checks the complete partial file before the rename; throw to reject it (the partial is then deleted).</summary>
    public Func<string, CancellationToken, Task>? Verify { get; init; }
}
