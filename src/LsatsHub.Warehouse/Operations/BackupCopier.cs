using System.ComponentModel;
using System.Globalization;
using CliWrap;
using CliWrap.Buffered;
using LsatsHub.Warehouse.Snapshots;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Warehouse.Operations;

/// <summary>
/// Copies a finished backup off the machine's backup folder: into a second folder (an NFS mount;
/// written under a <c>.partial</c> name and renamed, so a half copy never looks complete) and/or
/// through an operator's command (rsync, rclone) whose exit status is checked.
/// </summary>
internal sealed class BackupCopier
{
    private readonly ILogger _logger;

    public BackupCopier(ILogger logger) => _logger = logger;

    /// <returns>Where the backup went, one line each.</returns>
    public async Task<IReadOnlyList<string>> CopyAsync(BackupFile backup, string? copyDirectory, string? copyCommand, CancellationToken cancellationToken)
    {
        var copies = new List<string>();
        if (copyDirectory is not null)
        {
            copies.Add(await CopyToFolderAsync(backup, copyDirectory, cancellationToken));
        }

        if (copyCommand is not null)
        {
            copies.Add(await RunCommandAsync(backup, copyCommand, cancellationToken));
        }

        return copies;
    }

    private async Task<string> CopyToFolderAsync(BackupFile backup, string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            // A missing mount point must not be silently recreated on the local disk.
            throw new WarehouseException($"backup copy folder '{directory}' (LSATS_BACKUP_COPY_DIR) does not exist; is the share mounted?");
        }

        var target = Path.Combine(directory, backup.Name);
        var partial = target + DumpFileName.PartialExtension;
        try
        {
            await using (var source = new FileStream(backup.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            await using (var destination = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await source.CopyToAsync(destination, cancellationToken);
                await destination.FlushAsync(cancellationToken);
            }

            File.Move(partial, target, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            TryDelete(partial);
            throw new WarehouseException($"copying {backup.Name} to '{directory}' (LSATS_BACKUP_COPY_DIR) failed: {exception.Message}", exception);
        }
        catch (OperationCanceledException)
        {
            TryDelete(partial);
            throw;
        }

        _logger.LogInformation("Copied {Backup} to {Target}", backup.Name, target);
        return $"copied to {target}";
    }

    private async Task<string> RunCommandAsync(BackupFile backup, string copyCommand, CancellationToken cancellationToken)
    {
        BufferedCommandResult result;
        try
        {
            // sh -c 'command' name file: the command sees the backup as "$1" (and $LSATS_BACKUP_FILE), quoted as it likes.
            result = await Cli.Wrap("/bin/sh")
                .WithArguments(["-c", copyCommand, "lsats-backup-copy", backup.FullPath])
                .WithEnvironmentVariables(environment => environment.Set("LSATS_BACKUP_FILE", backup.FullPath))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken);
        }
        catch (Win32Exception exception)
        {
            throw new WarehouseException($"the backup copy command (LSATS_BACKUP_COPY_COMMAND) could not be started: {exception.Message}", exception);
        }

        if (result.ExitCode != 0)
        {
            throw new WarehouseException(string.Create(
                CultureInfo.InvariantCulture,
                $"the backup copy command (LSATS_BACKUP_COPY_COMMAND) exited with code {result.ExitCode} for {backup.Name}: {PgClientCommand.LastLines(result.StandardError + result.StandardOutput)}"));
        }

        _logger.LogInformation("Copy command finished for {Backup}", backup.Name);
        return "copied by LSATS_BACKUP_COPY_COMMAND";
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not delete {File}: {Reason}", path, exception.Message);
        }
    }
}
