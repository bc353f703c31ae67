using LsatsHub.Warehouse.Postgres;
using LsatsHub.Warehouse.Snapshots;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Warehouse.Operations;

/// <summary>
/// The daily backup: pg_dump --format=custom to <c>lsats_db_&lt;ts&gt;.dump.partial</c>, checked with
/// pg_restore --list, renamed; then copied (NFS folder and/or command) and only after a good copy
/// are backups older than the retention deleted — never the newest, never a pre-silver snapshot.
/// </summary>
public sealed class DatabaseBackup
{
    private readonly BackupOptions _options;
    private readonly ILogger<DatabaseBackup> _logger;
    private readonly TimeProvider _clock;
    private readonly PgDumpRunner _runner;
    private readonly PgRestoreTool _pgRestore;

    /// <summary>Creates the backup job.</summary>
    /// <param name="options">Where, how long, and where to copy.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="clock">Names the backup and ages the old ones.</param>
    public DatabaseBackup(BackupOptions options, ILogger<DatabaseBackup> logger, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Directory, nameof(options.Directory));
        _options = options;
        _logger = logger;
        _clock = clock;
        _runner = new PgDumpRunner("pg_dump", options.PgBinDirectory, logger);
        _pgRestore = new PgRestoreTool(options.PgBinDirectory);
    }

    /// <summary>Takes, verifies, copies and prunes.</summary>
    /// <param name="cancellationToken">Cancellation; kills pg_dump and leaves no partial file.</param>
    /// <returns>What happened.</returns>
    /// <exception cref="SnapshotFailedException">pg_dump failed.</exception>
    /// <exception cref="WarehouseException">The dump did not verify, or a copy failed (the local backup is kept, nothing is pruned).</exception>
    public async Task<BackupResult> RunAsync(CancellationToken cancellationToken)
    {
        var connection = PostgresConnectionString.Parse(_options.ConnectionString);
        Directory.CreateDirectory(_options.Directory);
        var takenAt = _clock.GetUtcNow();
        var (finalName, partialPath) = BackupFolder.Names.Reserve(_options.Directory, takenAt)
            ?? throw new WarehouseException($"no free backup name for {takenAt:O} in {_options.Directory}.");
        DumpContents? contents = null;
        var file = await _runner.DumpAsync(
            new PgDumpJob
            {
                Connection = connection,
                PartialPath = partialPath,
                FinalPath = Path.Combine(_options.Directory, finalName),
                ApplicationName = "lsats-run backup",
                Verify = async (path, token) => contents = await _pgRestore.ListAsync(path, token),
            },
            cancellationToken);
        BackupFolder.Names.TryParse(file.Name, out _, out var sequence, out _);
        var backup = new BackupFile(file.Name, file.FullName, file.Length, takenAt, sequence);
        _logger.LogInformation("Backup {Backup} written and verified: {SizeBytes} bytes, {Entries} entries", backup.Name, backup.SizeBytes, contents!.EntryCount);

        var copies = await new BackupCopier(_logger).CopyAsync(backup, _options.CopyDirectory, _options.CopyCommand, cancellationToken);

        var expired = BackupRetention.Expired(BackupFolder.List(_options.Directory), _clock.GetUtcNow(), _options.Retention);
        var deleted = new List<BackupFile>();
        foreach (var old in expired)
        {
            try
            {
                File.Delete(old.FullPath);
                deleted.Add(old);
                _logger.LogInformation("Deleted backup {Backup} (older than {Retention})", old.Name, _options.Retention);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("Could not delete old backup {Backup}: {Reason}", old.Name, exception.Message);
            }
        }

        return new BackupResult(backup, contents, copies, deleted, BackupFolder.List(_options.Directory));
    }

}
