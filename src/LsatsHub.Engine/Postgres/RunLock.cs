using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace LsatsHub.Engine.Postgres;

/// <summary>
/// One run at a time per database: a session-level PostgreSQL advisory lock held on a dedicated
/// connection for the whole run. If the process dies, the server closes the session and the lock
/// goes with it, so a crash never leaves a stale lock behind.
/// </summary>
/// <remarks>
/// PostgreSQL scopes advisory locks to the current database, so the key is derived from the lock
/// name only: the same name in two databases (say production and a test copy) never collides.
/// </remarks>
public sealed class RunLock : IAsyncDisposable
{
    /// <summary>The lock every pipeline run holds unless told otherwise; anything that must not overlap a run (a restore) takes the same one.</summary>
    public const string DefaultName = "pipeline-run";

    private const int MaxApplicationNameBytes = 63;

    private readonly NpgsqlConnection _connection;
    private int _disposed;

    private RunLock(NpgsqlConnection connection, string lockName, long key)
    {
        _connection = connection;
        LockName = lockName;
        Key = key;
    }

    /// <summary>The lock's name.</summary>
    public string LockName { get; }

    /// <summary>The 64-bit advisory lock key derived from <see cref="LockName"/>.</summary>
    public long Key { get; }

    /// <summary>True until the lock is disposed.</summary>
    public bool IsHeld => Volatile.Read(ref _disposed) == 0;

    /// <summary>The advisory lock key for a name: the first 8 bytes of SHA-256("lsats-hub-run-lock:" + name), stable across processes, machines and PostgreSQL versions.</summary>
    /// <param name="lockName">The lock's name.</param>
    /// <returns>The key.</returns>
    public static long KeyFor(string lockName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lockName);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("lsats-hub-run-lock:" + lockName), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(hash);
    }

    /// <summary>Takes the lock without waiting, or says who holds it.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="lockName">The lock's name, e.g. <see cref="DefaultName"/>.</param>
    /// <param name="holderDescription">Shown to anyone who finds the lock held (set as the connection's application_name), e.g. <c>run 1a2b3c4d</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The held lock; dispose it to release.</returns>
    /// <exception cref="RunLockHeldException">Another session holds the lock.</exception>
    public static async Task<RunLock> AcquireAsync(NpgsqlDataSource dataSource, string lockName, string holderDescription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(holderDescription);
        var key = KeyFor(lockName);

        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using (var batch = connection.CreateBatch())
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('application_name', $1, false)") { Parameters = { new() { Value = Truncate(holderDescription), NpgsqlDbType = NpgsqlDbType.Text } } });
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_try_advisory_lock($1)") { Parameters = { new() { Value = key, NpgsqlDbType = NpgsqlDbType.Bigint } } });
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                if (reader.GetBoolean(0))
                {
                    return new RunLock(connection, lockName, key);
                }
            }

            throw await RunLockHolder.DescribeAsync(connection, lockName, key, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Releases the lock and closes its connection.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            // The connection may go back to a pool, where a session lock would outlive this object; release explicitly.
            if (_connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var batch = _connection.CreateBatch();
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_unlock($1)") { Parameters = { new() { Value = Key, NpgsqlDbType = NpgsqlDbType.Bigint } } });
                batch.BatchCommands.Add(new NpgsqlBatchCommand("RESET application_name"));
                await batch.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException)
        {
            // Either the session is gone (and the lock with it) or it is in a state we cannot trust:
            // make sure this physical connection is closed rather than pooled with the lock still held.
            NpgsqlConnection.ClearPool(_connection);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    private static string Truncate(string value)
    {
        var text = value;
        while (Encoding.UTF8.GetByteCount(text) > MaxApplicationNameBytes)
        {
            text = text[..^1];
        }

        return text;
    }
}
