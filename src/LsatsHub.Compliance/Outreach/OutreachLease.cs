using Dapper;
using Npgsql;

namespace LsatsHub.Compliance.Outreach;

/// <summary>The advisory lock of one kind of outreach, held on its own connection until disposed.</summary>
internal sealed class OutreachLease(NpgsqlConnection connection, string name) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        try
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(hashtext(@name))", new { name }).ConfigureAwait(false);
        }
        finally
        {
            // Closing also ends the session's locks should the unlock have failed.
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
