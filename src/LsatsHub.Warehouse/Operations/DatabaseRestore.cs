using Dapper;
using LsatsHub.Warehouse.Postgres;
using LsatsHub.Warehouse.Roles;
using LsatsHub.Warehouse.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LsatsHub.Warehouse.Operations;

/// <summary>
/// Restores a daily backup or a pre-silver snapshot: finds it (<c>latest</c>, <c>latest-snapshot</c>
/// or a path), checks it with pg_restore --list, then restores with <c>--clean --if-exists</c> in
/// one transaction — into the warehouse, or into another database for a restore drill. A daily backup
/// holds the whole database; a pre-silver snapshot holds silver, gold and the meta tables describing
/// silver (<see cref="SnapshotScope"/>), so restoring it rolls those back and leaves bronze (and every
/// other object) as it is.
/// </summary>
public sealed class DatabaseRestore
{
    /// <summary>The argument naming the newest daily backup.</summary>
    public const string Latest = "latest";

    /// <summary>The argument naming the newest pre-silver snapshot.</summary>
    public const string LatestSnapshot = "latest-snapshot";

    private readonly RestoreOptions _options;
    private readonly ILogger<DatabaseRestore> _logger;
    private readonly PgRestoreTool _pgRestore;

    /// <summary>Creates the restore job.</summary>
    /// <param name="options">Folders and connection.</param>
    /// <param name="logger">Logger.</param>
    public DatabaseRestore(RestoreOptions options, ILogger<DatabaseRestore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        _pgRestore = new PgRestoreTool(options.PgBinDirectory);
    }

    /// <summary>Finds the dump an argument names.</summary>
    /// <param name="which">A path, <c>latest</c> or <c>latest-snapshot</c>.</param>
    /// <returns>The dump.</returns>
    /// <exception cref="WarehouseException">Nothing matches; the message says where it looked.</exception>
    public BackupFile Find(string which)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(which);
        if (which == Latest)
        {
            return BackupFolder.List(_options.BackupDirectory).FirstOrDefault()
                ?? throw new WarehouseException($"no daily backup (lsats_db_*.dump) in '{_options.BackupDirectory}' (LSATS_BACKUP_DIR).");
        }

        if (which == LatestSnapshot)
        {
            var snapshot = Snapshots().FirstOrDefault()
                ?? throw new WarehouseException($"no pre-silver snapshot (pre_silver_*.dump) in '{_options.SnapshotDirectory}' (LSATS_SNAPSHOT_DIR).");
            return new BackupFile(snapshot.Name, snapshot.FullPath, snapshot.SizeBytes, snapshot.TakenAt);
        }

        var file = new FileInfo(which);
        if (!file.Exists)
        {
            throw new WarehouseException($"'{which}' is neither a dump file nor '{Latest}' or '{LatestSnapshot}'.");
        }

        var takenAt = BackupFolder.Names.TryParse(file.Name, out var stamp, out _, out var partial) && !partial ? stamp : new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        return new BackupFile(file.Name, file.FullName, file.Length, takenAt);
    }

    /// <summary>The pre-silver snapshots, newest first.</summary>
    /// <returns>The snapshots.</returns>
    public IReadOnlyList<SnapshotFile> Snapshots() =>
        // Listing reads file names only; the snapshotter's clock (it names new snapshots) is never consulted.
        new PgDumpSnapshotter(
            new SnapshotOptions { Directory = _options.SnapshotDirectory, ConnectionString = _options.ConnectionString, PgBinDirectory = _options.PgBinDirectory },
            NullLogger<PgDumpSnapshotter>.Instance,
            TimeProvider.System).List();

    /// <summary>Reads the dump's table of contents; a truncated or foreign file fails here, before anything is dropped.</summary>
    /// <param name="dump">The dump.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>What it holds.</returns>
    public Task<DumpContents> CheckAsync(BackupFile dump, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dump);
        return _pgRestore.ListAsync(dump.FullPath, cancellationToken);
    }

    /// <summary>Checks the dump, then restores it.</summary>
    /// <param name="dump">The dump.</param>
    /// <param name="intoDatabase">Another database to restore into (created when missing), or null for the warehouse itself.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>What was restored where.</returns>
    /// <exception cref="WarehouseException">The dump is unreadable, the target cannot be created, or pg_restore failed (nothing changed).</exception>
    public async Task<RestoreResult> RestoreAsync(BackupFile dump, string? intoDatabase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dump);
        var contents = await CheckAsync(dump, cancellationToken);
        var target = PostgresConnectionString.Parse(_options.ConnectionString);
        var created = false;
        if (intoDatabase is not null)
        {
            SqlIdentifier.Require(intoDatabase, "drill database");
            if (string.Equals(intoDatabase, target.Database, StringComparison.Ordinal))
            {
                throw new WarehouseException($"--into names the warehouse itself ({intoDatabase}); leave --into out to restore the warehouse.");
            }

            created = await EnsureDatabaseAsync(target, intoDatabase, cancellationToken);
            target = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = intoDatabase };
        }

        var where = PostgresConnectionString.Describe(target);
        if (!contents.CreatesSchemas)
        {
            await RefuseOutsideDependentsAsync(dump, contents, target, where, cancellationToken);
        }

        _logger.LogWarning("Restoring {Dump} into {Database} (--clean --if-exists, one transaction)", dump.Name, where);
        await _pgRestore.RestoreAsync(dump.FullPath, target, cancellationToken);
        _logger.LogInformation("Restored {Dump} into {Database}", dump.Name, where);
        return new RestoreResult(dump, contents, where, created);
    }

    // A partial dump (a pre-silver snapshot) drops and recreates its relations; an object outside it that depends on one
    // would make pg_restore fail midway (harmless, one transaction, but its message names one object only). Say up front
    // which objects are in the way, all of them.
    private static async Task RefuseOutsideDependentsAsync(BackupFile dump, DumpContents contents, NpgsqlConnectionStringBuilder target, string where, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var dependents = await OutsideDependents.FindAsync(connection, contents.Relations, cancellationToken);
        if (dependents.Count > 0)
        {
            throw new WarehouseException(
                $"not restoring {dump.Name} into {where}: it recreates only its own tables and views, and these objects outside it depend on them "
                + $"(restoring would have to drop them): {string.Join("; ", dependents)}. Drop them first (and recreate them after), or restore a daily backup "
                + $"('{Latest}'), which holds the whole database. Nothing was changed.");
        }
    }

    private static async Task<bool> EnsureDatabaseAsync(NpgsqlConnectionStringBuilder warehouse, string name, CancellationToken cancellationToken)
    {
        // Connect to the warehouse itself (the role surely may), look for the drill database, create it if missing.
        var builder = new NpgsqlConnectionStringBuilder(warehouse.ConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<bool>(
            new CommandDefinition("SELECT EXISTS (SELECT FROM pg_database WHERE datname = @name)", new { name }, cancellationToken: cancellationToken));
        if (exists)
        {
            return false;
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition($"CREATE DATABASE {name}", cancellationToken: cancellationToken));
            return true;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new WarehouseException(
                $"database '{name}' does not exist and {builder.Username} may not create it; create it first: sudo -u postgres createdb -O {builder.Username} {name}",
                exception);
        }
    }
}
