using Dapper;
using LsatsHub.Warehouse.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Warehouse.Roles;

/// <summary>
/// <c>lsats-run db grant-readonly</c>: applies roles.sql (create the read-only role if missing, CONNECT, USAGE,
/// SELECT on bronze/silver/meta, default privileges for the application role's future tables) in one
/// transaction. Needs a role allowed to create roles and grant on the warehouse schemas.
/// </summary>
public sealed partial class ReadonlyRoleGranter
{
    private const string InsufficientPrivilege = "42501";
    private const string PasswordSetting = "lsats.readonly_role_verifier";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SqlFileSet _files;
    private readonly ILogger<ReadonlyRoleGranter> _logger;

    /// <summary>Creates the granter.</summary>
    /// <param name="dataSource">The warehouse database, as a role that may create roles and grant (owner or superuser).</param>
    /// <param name="files">The sql folder (roles.sql).</param>
    /// <param name="logger">Progress log; never receives the password.</param>
    public ReadonlyRoleGranter(NpgsqlDataSource dataSource, SqlFileSet files, ILogger<ReadonlyRoleGranter> logger)
    {
        _dataSource = dataSource;
        _files = files;
        _logger = logger;
    }

    /// <summary>Creates the read-only role if needed and grants it read access.</summary>
    /// <param name="options">Role and database names from configuration, and an optional password.</param>
    /// <param name="cancellationToken">Cancels; nothing is committed then.</param>
    /// <returns>A task.</returns>
    /// <exception cref="WarehouseException">A name is invalid, the application role is missing, the connection is to
    /// another database, or the connected role may not create roles or grant.</exception>
    public async Task GrantAsync(ReadonlyRoleOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var template = await File.ReadAllTextAsync(_files.PathOf(SqlFileSet.RolesFile), cancellationToken);
        var sql = RolesTemplate.Render(template, options);
        var verifier = options.Password is null ? null : ScramVerifier.Create(options.Password);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var facts = await connection.QuerySingleAsync<ConnectionFacts>(new CommandDefinition(
            """
            SELECT current_user AS CurrentUser,
                   current_database() AS CurrentDatabase,
                   r.rolsuper OR r.rolcreaterole AS CanCreateRoles,
                   EXISTS (SELECT FROM pg_roles WHERE rolname = @ReadonlyRole) AS ReadonlyRoleExists,
                   EXISTS (SELECT FROM pg_roles WHERE rolname = @AppRole) AS AppRoleExists,
                   (SELECT string_agg(word, ', ' ORDER BY word) FROM pg_get_keywords()
                     WHERE catcode IN ('R', 'T') AND word IN (@ReadonlyRole, @AppRole, @Database)) AS ReservedWords
            FROM pg_roles r
            WHERE r.rolname = current_user
            """,
            new { options.ReadonlyRole, options.AppRole, options.Database },
            cancellationToken: cancellationToken));

        Check(options, facts, verifier is not null);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await SqlScriptRunner.ExecuteAsync(connection, transaction, SqlFileSet.RolesFile, sql, cancellationToken);
        }
        catch (SqlFileException error) when (error.SqlState == InsufficientPrivilege)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw new WarehouseException(
                $"{Insufficient(facts.CurrentUser)} PostgreSQL said at {error.RelativePath}:{error.Line}: {error.PostgresMessage}", error);
        }

        if (verifier is not null)
        {
            await SetVerifierAsync(connection, transaction, options.ReadonlyRole, verifier, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogGranted(options.ReadonlyRole, options.Database, options.AppRole, verifier is not null);
    }

    private static void Check(ReadonlyRoleOptions options, ConnectionFacts facts, bool settingPassword)
    {
        if (!string.IsNullOrEmpty(facts.ReservedWords))
        {
            throw new WarehouseException($"Reserved SQL keywords cannot be used as names here: {facts.ReservedWords}.");
        }

        foreach (var role in new[] { options.ReadonlyRole, options.AppRole })
        {
            if (role is "public" or "none")
            {
                throw new WarehouseException($"'{role}' cannot be used as a role name.");
            }
        }

        if (facts.CurrentDatabase != options.Database)
        {
            throw new WarehouseException(
                $"Connected to database '{facts.CurrentDatabase}' but the configured warehouse database is '{options.Database}'; grants must be applied in the warehouse database.");
        }

        if (!facts.AppRoleExists)
        {
            throw new WarehouseException(
                $"The application role '{options.AppRole}' does not exist; create it first (deployment plan §2.2) or configure the role that owns the warehouse tables.");
        }

        if ((!facts.ReadonlyRoleExists || settingPassword) && !facts.CanCreateRoles)
        {
            throw new WarehouseException(Insufficient(facts.CurrentUser));
        }
    }

    private static string Insufficient(string currentUser) =>
        $"The connected role '{currentUser}' may not create roles or grant on the warehouse; run db grant-readonly as the database owner or postgres.";

    private static async Task SetVerifierAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string role, string verifier, CancellationToken cancellationToken)
    {
        // The verifier travels as a parameter into a transaction-local setting and is read inside a DO block, so
        // it appears in no statement text (server statement logs included).
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"SELECT set_config('{PasswordSetting}', @verifier, true)", new { verifier }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                $"DO $$ BEGIN EXECUTE format('ALTER ROLE %I WITH LOGIN PASSWORD %L', '{role}', current_setting('{PasswordSetting}')); END $$",
                transaction: transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                $"SELECT set_config('{PasswordSetting}', '', true)", transaction: transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException error)
        {
            await transaction.RollbackAsync(CancellationToken.None);

            // Not chained: the server's error context quotes the ALTER ROLE statement.
            throw new WarehouseException($"Setting the password of role '{role}' failed: {error.MessageText} (SQLSTATE {error.SqlState}).");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Granted read access on {Database} to {ReadonlyRole} (future tables of {AppRole}); login password set: {PasswordSet}")]
    private partial void LogGranted(string readonlyRole, string database, string appRole, bool passwordSet);

    private sealed record ConnectionFacts(
        string CurrentUser,
        string CurrentDatabase,
        bool CanCreateRoles,
        bool ReadonlyRoleExists,
        bool AppRoleExists,
        string? ReservedWords);
}
