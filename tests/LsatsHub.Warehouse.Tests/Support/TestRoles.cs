using Dapper;
using LsatsHub.Testing;
using Npgsql;

namespace LsatsHub.Warehouse.Tests.Support;

/// <summary>
/// Cluster-wide roles with names unique to one test, dropped on dispose. Declare it before the test database
/// (await using disposes in reverse order) so the database, and the grants in it, are gone first.
/// </summary>
internal sealed class TestRoles : IAsyncDisposable
{
    private readonly List<string> _names = [];

    public string NewName(string purpose)
    {
        var name = $"lsats_{purpose}_{Guid.NewGuid():N}"[..Math.Min(63, 7 + purpose.Length + 12)];
        _names.Add(name);
        return name;
    }

    public async Task<string> CreateAsync(string purpose, string attributes = "NOLOGIN")
    {
        var name = NewName(purpose);
        await using var connection = new NpgsqlConnection(PostgresServer.Admin.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"CREATE ROLE {name} {attributes}");
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresServer.Admin.ConnectionString);
        await connection.OpenAsync();
        foreach (var name in _names)
        {
            await connection.ExecuteAsync($"DROP ROLE IF EXISTS {name}");
        }
    }
}
