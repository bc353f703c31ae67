using Dapper;
using Npgsql;

namespace LsatsHub.Testing;

/// <summary>A throwaway database on the test server, dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly NpgsqlConnectionStringBuilder _admin;

    private TestDatabase(NpgsqlConnectionStringBuilder admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name, Pooling = false }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>A keyword connection string to it.</summary>
    public string ConnectionString { get; }

    /// <summary>A postgresql:// URL to it, as an operator would write DATABASE_URL.</summary>
    public string Url
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            var credentials = Uri.EscapeDataString(builder.Username ?? "postgres")
                + (string.IsNullOrEmpty(builder.Password) ? string.Empty : ":" + Uri.EscapeDataString(builder.Password));
            return $"postgresql://{credentials}@{builder.Host}:{builder.Port}/{Name}";
        }
    }

    /// <summary>A data source for it.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Runs a SQL file of the repository (e.g. sql/production_init.sql) in one batch.</summary>
    /// <param name="relativePath">Path from the repository root.</param>
    /// <returns>A task.</returns>
    public async Task ApplySqlFileAsync(string relativePath)
    {
        var sql = await File.ReadAllTextAsync(RepositoryPaths.Combine(relativePath));
        await using var connection = await DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }

    /// <summary>Drops the database.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    /// <summary>A new database that starts as a copy of this one (CREATE DATABASE ... TEMPLATE); nobody may be connected to this one meanwhile.</summary>
    /// <param name="purpose">A short word that ends up in the copy's name.</param>
    /// <returns>The copy; dispose it to drop it.</returns>
    public Task<TestDatabase> CloneAsync(string purpose) => CreateAsync(_admin, purpose, Name);

    internal static async Task<TestDatabase> CreateAsync(NpgsqlConnectionStringBuilder admin, string purpose, string? template = null)
    {
        var safePurpose = new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray());
        var name = $"t_{safePurpose}_{Guid.NewGuid():N}"[..Math.Min(63, 3 + safePurpose.Length + 32)];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        }

        return new TestDatabase(admin, name);
    }
}
