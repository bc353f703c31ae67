using LsatsHub.Engine.Records;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Warehouse.Schema;

/// <summary>
/// Builds the warehouse on a database (<c>lsats-run db init</c>): production_init.sql, production_schema.sql,
/// views/silver_views.sql, in that order, then the engine's own run record tables (<see cref="RunRecordsSchema"/>), all in one transaction. PostgreSQL DDL is transactional, so a failure
/// anywhere leaves the database exactly as it was, never a schema without its views. The files are idempotent, so
/// a second run succeeds and changes nothing.
/// </summary>
public sealed partial class SchemaInstaller
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly SqlFileSet _files;
    private readonly ILogger<SchemaInstaller> _logger;

    /// <summary>Creates the installer.</summary>
    /// <param name="dataSource">The warehouse database (a role that may create schemas and extensions).</param>
    /// <param name="files">The sql folder.</param>
    /// <param name="logger">Progress log.</param>
    public SchemaInstaller(NpgsqlDataSource dataSource, SqlFileSet files, ILogger<SchemaInstaller> logger)
    {
        _dataSource = dataSource;
        _files = files;
        _logger = logger;
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

        // The engine owns the shape of its run records; creating them here keeps db init all-or-nothing.
        await RunRecordsSchema.EnsureAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var file in applied)
        {
            LogFileApplied(file.RelativePath, file.StatementCount);
        }

        return new SchemaInstallResult(applied);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {File} ({Statements} statements)")]
    private partial void LogFileApplied(string file, int statements);

    [LoggerMessage(Level = LogLevel.Error, Message = "{File} failed at line {Line} (SQLSTATE {SqlState}); everything rolled back")]
    private partial void LogFileFailed(string file, int line, string sqlState);
}
