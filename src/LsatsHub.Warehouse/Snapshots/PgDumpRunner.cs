using System.ComponentModel;
using System.Globalization;
using CliWrap.Buffered;
using LsatsHub.Engine;
using LsatsHub.Warehouse.Postgres;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Warehouse.Snapshots;

/// <summary>
/// Runs <c>pg_dump --format=custom</c> into a partial file and renames it only when pg_dump succeeded
/// (and the optional check passed), so a failed, interrupted or unverified dump never carries a
/// final name. Shared by the pre-silver snapshots and the daily backups.
/// </summary>
public sealed class PgDumpRunner
{
    private readonly string _pgDumpPath;
    private readonly string? _pgBinDirectory;
    private readonly ILogger _logger;

    /// <summary>Creates a runner.</summary>
    /// <param name="pgDumpPath">pg_dump as a bare name or a path (see <see cref="PgDumpLocator"/>).</param>
    /// <param name="pgBinDirectory">The PostgreSQL bin folder, or null for <c>$LSATS_PG_BINDIR</c>, else PATH.</param>
    /// <param name="logger">Logger.</param>
    public PgDumpRunner(string pgDumpPath, string? pgBinDirectory, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pgDumpPath);
        ArgumentNullException.ThrowIfNull(logger);
        _pgDumpPath = pgDumpPath;
        _pgBinDirectory = pgBinDirectory;
        _logger = logger;
    }

    /// <summary>Dumps, verifies when asked, and renames the partial file to its final name.</summary>
    /// <param name="job">What to dump where.</param>
    /// <param name="cancellationToken">Cancellation; kills pg_dump and removes the partial file.</param>
    /// <returns>The final file.</returns>
    /// <exception cref="SnapshotFailedException">pg_dump is missing, could not start, or failed. The message never holds the password.</exception>
    public async Task<FileInfo> DumpAsync(PgDumpJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var connection = job.Connection;
        var succeeded = false;
        try
        {
            var pgDump = PgDumpLocator.Resolve(_pgDumpPath, _pgBinDirectory);
            _logger.LogInformation("Dumping {Database} to {File} with {PgDump}", PostgresConnectionString.Describe(connection), Path.GetFileName(job.FinalPath), pgDump);
            var command = PgClientCommand.Create(pgDump, connection, job.ApplicationName, arguments =>
            {
                arguments.Add("--format=custom").Add(job.ExtraArguments).Add("--file").Add(job.PartialPath);
            });
            BufferedCommandResult result;
            try
            {
                result = await command.ExecuteBufferedAsync(cancellationToken);
            }
            catch (Win32Exception exception)
            {
                throw new SnapshotFailedException($"pg_dump could not be started from '{pgDump}': {exception.Message}", exception);
            }

            var stderr = SecretRedactor.Redact(result.StandardError, string.IsNullOrEmpty(connection.Password) ? [] : [connection.Password]);
            if (result.ExitCode != 0)
            {
                throw new SnapshotFailedException(
                    string.Create(CultureInfo.InvariantCulture, $"pg_dump ({pgDump}) exited with code {result.ExitCode} while dumping {PostgresConnectionString.Describe(connection)}: {PgClientCommand.LastLines(stderr)}"),
                    result.ExitCode);
            }

            if (stderr.Trim().Length > 0)
            {
                _logger.LogWarning("pg_dump said: {Stderr}", PgClientCommand.LastLines(stderr));
            }

            if (job.Verify is not null)
            {
                await job.Verify(job.PartialPath, cancellationToken);
            }

            File.Move(job.PartialPath, job.FinalPath);
            succeeded = true;
            return new FileInfo(job.FinalPath);
        }
        finally
        {
            if (!succeeded)
            {
                TryDelete(job.PartialPath);
            }
        }
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
