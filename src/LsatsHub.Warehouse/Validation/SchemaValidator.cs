using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Warehouse.Validation;

/// <summary>
/// <c>lsats-run db validate</c>: the deployment plan's §6.1 checks, each a pass/fail with the culprits named.
/// Read-only apart from probes run inside a transaction that is always rolled back. The "cannot write" check
/// reads the privilege catalog for every table and schema, then proves it live with <c>SET LOCAL ROLE</c> to the
/// read-only role (needs a superuser or a member of that role; otherwise the live probe is reported as skipped
/// and the catalog result stands).
/// </summary>
public sealed partial class SchemaValidator
{
    private const string InsufficientPrivilege = "42501";
    private const int MaxNamesShown = 12;
    private static readonly string[] ReadableSchemas = ["bronze", "silver", "meta"];

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<SchemaValidator> _logger;

    /// <summary>Creates the validator.</summary>
    /// <param name="dataSource">The warehouse database.</param>
    /// <param name="logger">Progress log.</param>
    public SchemaValidator(NpgsqlDataSource dataSource, ILogger<SchemaValidator> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
    }

    /// <summary>Runs every check.</summary>
    /// <param name="options">The read-only role to check.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The report; <see cref="ValidationReport.AllPassed"/> is false when any check failed.</returns>
    public async Task<ValidationReport> ValidateAsync(ValidationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var checks = new List<ValidationCheck>
        {
            await SchemasAsync(connection, cancellationToken),
            await SilverTablesAsync(connection, cancellationToken),
            await ViewsSelectAsync(connection, "silver", CanonicalSchema.SilverViews, cancellationToken),
            await ViewsSelectAsync(connection, "meta", CanonicalSchema.MetaViews, cancellationToken),
            await ArtifactRelationsAsync(connection, cancellationToken),
            await ViewsOverArtifactsAsync(connection, cancellationToken),
            await ForeignKeysToArtifactsAsync(connection, cancellationToken),
            await GoldEmptyAsync(connection, cancellationToken),
            await ReadonlyCanReadAsync(connection, options.ReadonlyRole, cancellationToken),
            await ReadonlyCannotWriteAsync(connection, options.ReadonlyRole, cancellationToken),
        };
        var report = new ValidationReport(checks);
        LogValidated(checks.Count(check => check.Passed), checks.Count);
        return report;
    }

    private static async Task<ValidationCheck> SchemasAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string name = "Schemas bronze, silver, gold, meta exist";
        var present = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY(@schemas)",
            new { schemas = CanonicalSchema.Schemas.ToArray() },
            cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var missing = CanonicalSchema.Schemas.Where(schema => !present.Contains(schema)).ToList();
        return missing.Count == 0
            ? new ValidationCheck(name, true, "all 4 present")
            : new ValidationCheck(name, false, "missing: " + Names(missing));
    }

    private static async Task<ValidationCheck> SilverTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var name = $"Silver has exactly the {CanonicalSchema.SilverTables.Count} canonical tables";
        var actual = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'silver' AND c.relkind IN ('r', 'p')
            """,
            cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var missing = CanonicalSchema.SilverTables.Where(table => !actual.Contains(table)).ToList();
        var extra = actual.Except(CanonicalSchema.SilverTables, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (missing.Count == 0 && extra.Count == 0)
        {
            return new ValidationCheck(name, true, $"{actual.Count} of {CanonicalSchema.SilverTables.Count} present, none extra");
        }

        var parts = new List<string> { $"{actual.Count - extra.Count} of {CanonicalSchema.SilverTables.Count} present" };
        if (missing.Count > 0)
        {
            parts.Add("missing: " + Names(missing.Select(table => "silver." + table)));
        }

        if (extra.Count > 0)
        {
            parts.Add("extra: " + Names(extra.Select(table => "silver." + table)));
        }

        return new ValidationCheck(name, false, string.Join("; ", parts));
    }

    private static async Task<ValidationCheck> ViewsSelectAsync(
        NpgsqlConnection connection, string schema, IReadOnlyList<string> expected, CancellationToken cancellationToken)
    {
        var name = $"Every {schema} view selects (LIMIT 0)";
        var views = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = @schema AND c.relkind IN ('v', 'm') ORDER BY c.relname
            """,
            new { schema },
            cancellationToken: cancellationToken))).ToList();
        var missing = expected.Where(view => !views.Contains(view, StringComparer.Ordinal)).ToList();

        var failures = new List<string>();
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            foreach (var view in views)
            {
                var error = await TryAsync(connection, transaction, $"SELECT * FROM {Quote(schema)}.{Quote(view)} LIMIT 0", cancellationToken);
                if (error is not null)
                {
                    failures.Add($"{schema}.{view}: {error.MessageText}");
                }
            }

            await transaction.RollbackAsync(cancellationToken);
        }

        if (missing.Count == 0 && failures.Count == 0)
        {
            return new ValidationCheck(name, true, $"{views.Count} views select without error");
        }

        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add("missing: " + Names(missing.Select(view => $"{schema}.{view}")));
        }

        if (failures.Count > 0)
        {
            parts.Add("failing: " + Names(failures));
        }

        return new ValidationCheck(name, false, string.Join("; ", parts));
    }

    private static async Task<ValidationCheck> ArtifactRelationsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string name = "No table or view named *legacy* or *backup*";
        var found = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT n.nspname || '.' || c.relname
                   || CASE c.relkind WHEN 'v' THEN ' (view)' WHEN 'm' THEN ' (materialized view)' ELSE ' (table)' END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
              AND c.relname ~* @pattern
            ORDER BY 1
            """,
            new { pattern = CanonicalSchema.ArtifactNamePattern },
            cancellationToken: cancellationToken))).ToList();
        return found.Count == 0
            ? new ValidationCheck(name, true, "none")
            : new ValidationCheck(name, false, "found: " + Names(found));
    }

    private static async Task<ValidationCheck> ViewsOverArtifactsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string name = "No view reads a legacy or backup table";
        var found = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT DISTINCT vn.nspname || '.' || v.relname || ' reads ' || tn.nspname || '.' || t.relname
            FROM pg_rewrite r
            JOIN pg_class v ON v.oid = r.ev_class
            JOIN pg_namespace vn ON vn.oid = v.relnamespace
            JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
            JOIN pg_class t ON t.oid = d.refobjid AND t.oid <> v.oid
            JOIN pg_namespace tn ON tn.oid = t.relnamespace
            WHERE v.relkind IN ('v', 'm') AND t.relname ~* @pattern
            ORDER BY 1
            """,
            new { pattern = CanonicalSchema.ArtifactNamePattern },
            cancellationToken: cancellationToken))).ToList();
        return found.Count == 0
            ? new ValidationCheck(name, true, "none")
            : new ValidationCheck(name, false, Names(found));
    }

    private static async Task<ValidationCheck> ForeignKeysToArtifactsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string name = "No foreign key references a legacy or backup table";
        var found = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT con.conname || ' on ' || sn.nspname || '.' || s.relname || ' -> ' || tn.nspname || '.' || t.relname
            FROM pg_constraint con
            JOIN pg_class s ON s.oid = con.conrelid
            JOIN pg_namespace sn ON sn.oid = s.relnamespace
            JOIN pg_class t ON t.oid = con.confrelid
            JOIN pg_namespace tn ON tn.oid = t.relnamespace
            WHERE con.contype = 'f' AND (t.relname ~* @pattern OR con.conname ~* @pattern)
            ORDER BY 1
            """,
            new { pattern = CanonicalSchema.ArtifactNamePattern },
            cancellationToken: cancellationToken))).ToList();
        return found.Count == 0
            ? new ValidationCheck(name, true, "none")
            : new ValidationCheck(name, false, Names(found));
    }

    private static async Task<ValidationCheck> GoldEmptyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string name = "Gold schema exists and is empty";
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'gold')", cancellationToken: cancellationToken));
        if (!exists)
        {
            return new ValidationCheck(name, false, "schema gold is missing");
        }

        var objects = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT 'gold.' || c.relname FROM pg_class c WHERE c.relnamespace = 'gold'::regnamespace
            UNION ALL
            SELECT 'gold.' || p.proname || '()' FROM pg_proc p WHERE p.pronamespace = 'gold'::regnamespace
            ORDER BY 1
            """,
            cancellationToken: cancellationToken))).ToList();
        return objects.Count == 0
            ? new ValidationCheck(name, true, "present, no objects")
            : new ValidationCheck(name, false, "holds: " + Names(objects));
    }

    private static async Task<ValidationCheck> ReadonlyCanReadAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        var name = $"Read-only role {role} can read bronze, silver, meta";
        if (!await RoleExistsAsync(connection, role, cancellationToken))
        {
            return new ValidationCheck(name, false, $"role {role} does not exist (run db grant-readonly)");
        }

        var lacking = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT 'CONNECT on database ' || current_database()
            WHERE NOT has_database_privilege(@role, current_database(), 'CONNECT')
            UNION ALL
            SELECT 'USAGE on schema ' || n.nspname FROM pg_namespace n
            WHERE n.nspname = ANY(@schemas) AND NOT has_schema_privilege(@role, n.oid, 'USAGE')
            UNION ALL
            SELECT * FROM (
                SELECT 'SELECT on ' || n.nspname || '.' || c.relname
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY(@readable) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                  AND NOT has_table_privilege(@role, c.oid, 'SELECT')
                ORDER BY 1) AS tables
            """,
            new { role, schemas = CanonicalSchema.Schemas.ToArray(), readable = ReadableSchemas },
            cancellationToken: cancellationToken))).ToList();
        if (lacking.Count > 0)
        {
            return new ValidationCheck(name, false, "lacks " + Names(lacking));
        }

        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ANY(@readable) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            """,
            new { readable = ReadableSchemas },
            cancellationToken: cancellationToken));
        return new ValidationCheck(name, true, $"CONNECT, USAGE on 4 schemas, SELECT on {count} tables and views");
    }

    private static async Task<ValidationCheck> ReadonlyCannotWriteAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        var name = $"Read-only role {role} cannot write";
        if (!await RoleExistsAsync(connection, role, cancellationToken))
        {
            return new ValidationCheck(name, false, $"role {role} does not exist (run db grant-readonly)");
        }

        var granted = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT 'CREATE on database ' || current_database()
            WHERE has_database_privilege(@role, current_database(), 'CREATE')
            UNION ALL
            SELECT 'CREATE on schema ' || n.nspname FROM pg_namespace n
            WHERE n.nspname = ANY(@schemas) AND has_schema_privilege(@role, n.oid, 'CREATE')
            UNION ALL
            SELECT * FROM (
                SELECT p.privilege || ' on ' || n.nspname || '.' || c.relname
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                CROSS JOIN (VALUES ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE')) AS p (privilege)
                WHERE n.nspname = ANY(@schemas) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                  AND has_table_privilege(@role, c.oid, p.privilege)
                ORDER BY 1) AS tables
            """,
            new { role, schemas = CanonicalSchema.Schemas.ToArray() },
            cancellationToken: cancellationToken))).ToList();

        var probe = await ProbeWritesAsync(connection, role, cancellationToken);
        var culprits = granted.Concat(probe.Culprits).ToList();
        return culprits.Count == 0
            ? new ValidationCheck(name, true, $"no write privilege on any table, schema or the database; {probe.Summary}")
            : new ValidationCheck(name, false, "may write: " + Names(culprits));
    }

    private static async Task<WriteProbe> ProbeWritesAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        var target = await connection.QuerySingleOrDefaultAsync<ProbeTarget>(new CommandDefinition(
            """
            SELECT n.nspname AS SchemaName, c.relname AS TableName, a.attname AS ColumnName
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = 'silver' AND c.relkind IN ('r', 'p')
            ORDER BY c.relname <> 'users', c.relname, a.attnum
            LIMIT 1
            """,
            cancellationToken: cancellationToken));
        if (target is null)
        {
            return new WriteProbe([], "live probe skipped: silver has no table");
        }

        var table = $"{Quote(target.SchemaName)}.{Quote(target.TableName)}";
        var display = $"{target.SchemaName}.{target.TableName}";
        var column = Quote(target.ColumnName);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var setRole = await TryAsync(connection, transaction, $"SET LOCAL ROLE {Quote(role)}", cancellationToken);
            if (setRole is not null)
            {
                return new WriteProbe([], $"live probe skipped: cannot SET ROLE {role} ({setRole.MessageText}); validate as a superuser or a member of it");
            }

            var attempts = new (string What, string Sql)[]
            {
                ($"INSERT into {display}", $"INSERT INTO {table} DEFAULT VALUES"),
                ($"UPDATE of {display}", $"UPDATE {table} SET {column} = {column} WHERE false"),
                ($"DELETE from {display}", $"DELETE FROM {table} WHERE false"),
                ("CREATE TABLE in silver", "CREATE TABLE silver.lsats_validate_write_probe (probe integer)"),
            };
            var culprits = new List<string>();
            foreach (var (what, sql) in attempts)
            {
                var error = await TryAsync(connection, transaction, sql, cancellationToken);
                if (error is null)
                {
                    culprits.Add($"{what} succeeded as {role}");
                }
                else if (error.SqlState != InsufficientPrivilege)
                {
                    culprits.Add($"{what} as {role} got past the privilege check ({error.SqlState}: {error.MessageText})");
                }
            }

            return new WriteProbe(culprits, $"as {role}: INSERT, UPDATE, DELETE on {display} and CREATE TABLE in silver denied");
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
    }

    private static async Task<PostgresException?> TryAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        const string savepoint = "lsats_validate";
        await transaction.SaveAsync(savepoint, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.ReleaseAsync(savepoint, cancellationToken);
            return null;
        }
        catch (PostgresException error)
        {
            await transaction.RollbackAsync(savepoint, cancellationToken);
            return error;
        }
    }

    private static Task<bool> RoleExistsAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = @role)", new { role }, cancellationToken: cancellationToken));

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        var shown = string.Join(", ", list.Take(MaxNamesShown));
        return list.Count > MaxNamesShown ? $"{shown} and {list.Count - MaxNamesShown} more" : shown;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Validation: {Passed} of {Total} checks passed")]
    private partial void LogValidated(int passed, int total);

    private sealed record ProbeTarget(string SchemaName, string TableName, string ColumnName);

    private sealed record WriteProbe(IReadOnlyList<string> Culprits, string Summary);
}
