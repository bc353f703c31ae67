using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Warehouse.Schema;

/// <summary>
/// Brings an existing warehouse up to date (<c>lsats-run db migrate</c>): runs the files of <c>sql/migrations</c> that
/// <c>meta.schema_migrations</c> does not list, in file-name order, each in its own transaction together with the
/// row that records it, so a file either ran completely and is recorded or left no trace. A file that is recorded is
/// never run again; one whose bytes changed since it ran is an error that stops everything before anything runs.
/// </summary>
/// <remarks>
/// Migration files must not manage transactions themselves (no BEGIN/COMMIT): the migrator owns the transaction. Two
/// migrators at once serialise on a lock of <c>meta.schema_migrations</c>; the second finds the file recorded and
/// skips it.
/// </remarks>
public sealed partial class SchemaMigrator
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly SqlFileSet _files;
    private readonly TimeProvider _clock;
    private readonly ILogger<SchemaMigrator> _logger;

    /// <summary>Creates the migrator.</summary>
    /// <param name="dataSource">The warehouse (the role that owns its objects).</param>
    /// <param name="files">The sql folder.</param>
    /// <param name="clock">The time recorded as <c>applied_at</c>.</param>
    /// <param name="logger">Progress log.</param>
    public SchemaMigrator(NpgsqlDataSource dataSource, SqlFileSet files, TimeProvider clock, ILogger<SchemaMigrator> logger)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _files = files ?? throw new ArgumentNullException(nameof(files));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Runs every migration file not yet recorded.</summary>
    /// <param name="cancellationToken">Stops between files or during a statement (that file is rolled back).</param>
    /// <returns>The files run now and how many had run before.</returns>
    /// <exception cref="WarehouseException">
    /// The database has no <c>meta.schema_migrations</c> (run <c>db init</c>), an applied file changed, or a file manages
    /// transactions; nothing ran.
    /// </exception>
    /// <exception cref="SqlFileException">A statement failed: that file was rolled back and not recorded; the files before it stay applied.</exception>
    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        var files = _files.Migrations();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        if (!await MigrationLedger.ExistsAsync(connection, null, cancellationToken))
        {
            throw new WarehouseException(
                "The database has no meta.schema_migrations table: it is not initialised, or was built before migrations were recorded. Run 'lsats-run db init' first (it is safe on an existing warehouse).");
        }

        var recorded = await MigrationLedger.ReadAsync(connection, null, cancellationToken);
        CheckUnchanged(files, recorded);
        foreach (var name in recorded.Keys.Where(name => files.All(file => file.FileName != name)).Order(StringComparer.Ordinal))
        {
            LogRecordedButMissing(name);
        }

        var pending = files.Where(file => !recorded.ContainsKey(file.FileName)).ToList();
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in pending)
        {
            var script = await File.ReadAllTextAsync(file.FullPath, cancellationToken);
            var statements = SqlScriptSplitter.Split(script);
            CheckNoTransactionControl(file, statements);
            scripts[file.FileName] = script;
        }

        var applied = new List<AppliedSqlFile>();
        var skipped = 0;
        foreach (var file in pending)
        {
            var ran = await ApplyAsync(connection, file, scripts[file.FileName], cancellationToken);
            if (ran is null)
            {
                skipped++;
                continue;
            }

            applied.Add(ran);
            LogFileApplied(file.RelativePath, ran.StatementCount);
        }

        return new MigrationResult(applied, files.Count - pending.Count + skipped);
    }

    /// <summary>The migration files a database does not list (for <c>db init</c> on an existing warehouse).</summary>
    internal static async Task<IReadOnlyList<string>> PendingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<MigrationFile> files, CancellationToken cancellationToken)
    {
        var recorded = await MigrationLedger.ReadAsync(connection, transaction, cancellationToken);
        return files.Where(file => !recorded.ContainsKey(file.FileName)).Select(file => file.FileName).ToList();
    }

    private async Task<AppliedSqlFile?> ApplyAsync(NpgsqlConnection connection, MigrationFile file, string script, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Self-conflicting: a second migrator waits here, then sees the file recorded and skips it.
        await connection.ExecuteAsync(new CommandDefinition(
            "LOCK TABLE meta.schema_migrations IN SHARE ROW EXCLUSIVE MODE", transaction: transaction, cancellationToken: cancellationToken));
        var recorded = await MigrationLedger.ReadAsync(connection, transaction, cancellationToken);
        if (recorded.TryGetValue(file.FileName, out var checksum))
        {
            await transaction.RollbackAsync(cancellationToken);
            if (!string.Equals(checksum, file.Checksum, StringComparison.Ordinal))
            {
                throw ChangedFile(file, checksum);
            }

            return null;
        }

        int count;
        try
        {
            count = await SqlScriptRunner.ExecuteAsync(connection, transaction, file.RelativePath, script, cancellationToken);
        }
        catch (SqlFileException error)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            LogFileFailed(file.RelativePath, error.Line, error.SqlState);
            throw error.WithConsequence(
                $"{file.FileName} was rolled back and is not recorded; the files before it stay applied. Fix it and run 'lsats-run db migrate' again");
        }

        await MigrationLedger.RecordAsync(connection, transaction, [file], MigrationLedger.Migrated, _clock.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AppliedSqlFile(file.RelativePath, count);
    }

    private static void CheckUnchanged(IReadOnlyList<MigrationFile> files, IReadOnlyDictionary<string, string> recorded)
    {
        foreach (var file in files)
        {
            if (recorded.TryGetValue(file.FileName, out var checksum) && !string.Equals(checksum, file.Checksum, StringComparison.Ordinal))
            {
                throw ChangedFile(file, checksum);
            }
        }
    }

    private static WarehouseException ChangedFile(MigrationFile file, string recordedChecksum) =>
        new($"{file.RelativePath} changed after it was applied (recorded SHA-256 {recordedChecksum[..12]}…, now {file.Checksum[..12]}…); nothing was run. An applied migration is history: restore the file and put the change in a new numbered file.");

    private static void CheckNoTransactionControl(MigrationFile file, IReadOnlyList<SqlStatement> statements)
    {
        foreach (var statement in statements)
        {
            if (TransactionControl().IsMatch(statement.Text))
            {
                throw new WarehouseException(
                    $"{file.RelativePath}:{statement.FirstLine}: migration files must not contain BEGIN, COMMIT or ROLLBACK; 'lsats-run db migrate' runs each file in its own transaction. Nothing was run.");
            }
        }
    }

    // The statement's first keyword, after leading blanks and comments.
    [GeneratedRegex(@"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*(?:BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT)\b(?!\s*\$)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TransactionControl();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {File} ({Statements} statements)")]
    private partial void LogFileApplied(string file, int statements);

    [LoggerMessage(Level = LogLevel.Error, Message = "{File} failed at line {Line} (SQLSTATE {SqlState}); that file rolled back and not recorded")]
    private partial void LogFileFailed(string file, int line, string sqlState);

    [LoggerMessage(Level = LogLevel.Warning, Message = "meta.schema_migrations lists {File}, which is not in the migrations folder")]
    private partial void LogRecordedButMissing(string file);
}
