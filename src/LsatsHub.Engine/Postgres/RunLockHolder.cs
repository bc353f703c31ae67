using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace LsatsHub.Engine.Postgres;

/// <summary>Works out who holds a run lock, for the message of <see cref="RunLockHeldException"/>.</summary>
internal static class RunLockHolder
{
    // A bigint advisory key shows in pg_locks as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
    private const string HolderSql = """
        SELECT l.pid, a.application_name, a.backend_start, host(a.client_addr), a.client_hostname
        FROM pg_locks l
        LEFT JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid = $1::oid AND l.objid = $2::oid
        LIMIT 1
        """;

    private const string RunSql = """
        SELECT run_id, started_at, selection, host
        FROM meta.pipeline_runs
        WHERE status = 'running'
        ORDER BY started_at DESC
        LIMIT 1
        """;

    public static async Task<RunLockHeldException> DescribeAsync(NpgsqlConnection connection, string lockName, long key, CancellationToken cancellationToken)
    {
        var session = await ReadSessionAsync(connection, key, cancellationToken);
        var run = await ReadRunningRunAsync(connection, cancellationToken);

        var message = new StringBuilder();
        if (run is { } r)
        {
            message.Append(CultureInfo.InvariantCulture, $"another run holds the lock '{lockName}': run {r.RunId.ToString("N")[..8]} started {Format(r.StartedAt)} (selection {r.Selection}) on host {r.Host}");
        }
        else
        {
            message.Append(CultureInfo.InvariantCulture, $"another process holds the lock '{lockName}' (no run is recorded as running)");
        }

        if (session is { } s)
        {
            message.Append(CultureInfo.InvariantCulture, $"; database session pid {s.Pid}");
            if (!string.IsNullOrEmpty(s.ApplicationName))
            {
                message.Append(CultureInfo.InvariantCulture, $", application '{s.ApplicationName}'");
            }

            if (s.BackendStart is { } since)
            {
                message.Append(CultureInfo.InvariantCulture, $", connected since {Format(since)}");
            }

            if ((s.ClientHostName ?? s.ClientAddress) is { } client)
            {
                message.Append(CultureInfo.InvariantCulture, $" from {client}");
            }
            else
            {
                message.Append(" over a local socket");
            }
        }
        else
        {
            message.Append("; the holding session could not be identified (it may just have finished, try again)");
        }

        return new RunLockHeldException(lockName, session?.Pid, run?.RunId, message.ToString());
    }

    private static async Task<(int Pid, string? ApplicationName, DateTimeOffset? BackendStart, string? ClientAddress, string? ClientHostName)?> ReadSessionAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(HolderSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (long)(uint)(key >> 32), NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)(uint)key, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (
            reader.GetInt32(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    private static async Task<(Guid RunId, DateTimeOffset StartedAt, string Selection, string Host)?> ReadRunningRunAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('meta.pipeline_runs') IS NOT NULL", connection))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return null;
            }
        }

        try
        {
            await using var command = new NpgsqlCommand(RunSql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            return (reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3));
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // A role that may take the lock but not read the run records still gets the session details.
            return null;
        }
    }

    private static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
