using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Warehouse.Schema;

/// <summary>
/// Builds the warehouse on a database (<c>lsats-run db init</c>): production_init.sql, production_schema.sql,
/// views/silver_views.sql, in that order, all in one transaction. PostgreSQL DDL is transactional, so a failure
/// anywhere leaves the database exactly as it was, never a schema without its views. The files are idempotent, so
/// a second run succeeds and changes nothing.
/// </summary>
/// <remarks>
/// Migrations: on a fresh database (no <c>bronze.raw_entities</c> before the run) every file of <c>sql/migrations</c> is
/// recorded in <c>meta.schema_migrations</c> as applied without running it, because the baseline files already hold
/// every migration's change (the rule of sql/migrations/README.md). On an existing warehouse nothing is recorded: the
/// baseline's <c>IF NOT EXISTS</c> statements cannot alter what exists, so the files not yet run are reported as
/// pending for <c>lsats-run db migrate</c>.
/// </remarks>
public sealed partial class SchemaInstaller
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly SqlFileSet _files;
    private readonly ILogger<SchemaInstaller> _logger;
    private readonly TimeProvider _clock;

    /// <summary>Creates the installer.</summary>
    /// <param name="dataSource">The warehouse database (a role that may create schemas and extensions).</param>
    /// <param name="files">The sql folder.</param>
    /// <param name="logger">Progress log.</param>
    /// <param name="clock">The time recorded for baselined migrations; the system clock when null.</param>
    public SchemaInstaller(NpgsqlDataSource dataSource, SqlFileSet files, ILogger<SchemaInstaller> logger, TimeProvider? clock = null)
    {
        _dataSource = dataSource;
        _files = files;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Applies init, schema and views.</summary>
    /// <param name="cancellationToken">Stops between or during statements; the current file is rolled back.</param>
    /// <returns>The files applied.</returns>
    /// <exception cref="SqlFileException">A statement failed: names the file, the line and the PostgreSQL message.</exception>
    public async Task<SchemaInstallResult> InitAsync(CancellationToken cancellationToken)
    {
        var applied = new List<AppliedSqlFile>();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var fresh = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass('bronze.raw_entities') IS NULL", transaction: transaction, cancellationToken: cancellationToken));
        foreach (var relativePath in SqlFileSet.InstallOrder)
        {
            var script = await File.ReadAllTextAsync(_files.PathOf(relativePath), cancellationToken);
            try
            {
                var count = await SqlScriptRunner.ExecuteAsync(connection, transaction, relativePath, script, cancellationToken);
                applied.Add(new AppliedSqlFile(relativePath, count));
            }
            catch (SqlFileException error)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                LogFileFailed(relativePath, error.Line, error.SqlState);
                throw;
            }
        }

        var migrations = _files.Migrations();
        IReadOnlyList<string> baselined = [];
        IReadOnlyList<string> pending = [];
        if (fresh)
        {
            await MigrationLedger.RecordAsync(connection, transaction, migrations, MigrationLedger.Baseline, _clock.GetUtcNow(), cancellationToken);
            baselined = migrations.Select(file => file.FileName).ToList();
        }
        else
        {
            pending = await SchemaMigrator.PendingAsync(connection, transaction, migrations, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var file in applied)
        {
            LogFileApplied(file.RelativePath, file.StatementCount);
        }

        if (pending.Count > 0)
        {
            LogPending(pending.Count, string.Join(", ", pending));
        }

        return new SchemaInstallResult(applied, baselined, pending);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {File} ({Statements} statements)")]
    private partial void LogFileApplied(string file, int statements);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} migration(s) not yet applied to this warehouse: {Files}; run 'lsats-run db migrate'")]
    private partial void LogPending(int count, string files);

    [LoggerMessage(Level = LogLevel.Error, Message = "{File} failed at line {Line} (SQLSTATE {SqlState}); everything rolled back")]
    private partial void LogFileFailed(string file, int line, string sqlState);
}
