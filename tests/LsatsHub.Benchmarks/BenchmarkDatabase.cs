using Dapper;
using LsatsHub.Warehouse.Postgres;
using LsatsHub.Warehouse.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LsatsHub.Benchmarks;

/// <summary>
/// The benchmark's own warehouse on the given server (<c>lsats-run db init</c>'s schema), so a benchmark never writes
/// to a database someone else uses. <see cref="Loaded"/> says whether a kept one already holds bronze of its world.
/// </summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly NpgsqlConnectionStringBuilder _admin;
    private readonly bool _keep;

    private BenchmarkDatabase(NpgsqlConnectionStringBuilder admin, string name, bool keep)
    {
        _admin = admin;
        _keep = keep;
        Name = name;
        DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name, CommandTimeout = 0 }.ConnectionString);
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>Connections to it.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates the database afresh (or, with <paramref name="reuse"/>, opens a kept one that finished loading).</summary>
    public static async Task<BenchmarkDatabase> OpenAsync(string serverUrl, string name, bool reuse, bool keep, CancellationToken cancellationToken)
    {
        var admin = PostgresConnectionString.Parse(serverUrl);
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            var exists = await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", new { name });
            if (reuse && exists)
            {
                // A kept database gets the schema changes made since (lsats-run db migrate), so it measures this code.
                var kept = new BenchmarkDatabase(admin, name, keep: true);
                await new SchemaMigrator(kept.DataSource, SqlFileSet.Locate(), TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync(cancellationToken);
                return kept;
            }

            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            await connection.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        }

        var database = new BenchmarkDatabase(admin, name, keep || reuse);
        await new SchemaInstaller(database.DataSource, SqlFileSet.Locate(), NullLogger<SchemaInstaller>.Instance).InitAsync(cancellationToken);
        return database;
    }

    /// <summary>The bronze steps that already ran here (a kept database), so <c>--reuse</c> loads only what is missing.</summary>
    public async Task<IReadOnlySet<string>> LoadedBronzeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("CREATE SCHEMA IF NOT EXISTS benchmark; CREATE TABLE IF NOT EXISTS benchmark.loaded (step text PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())");
        return (await connection.QueryAsync<string>("SELECT step FROM benchmark.loaded")).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Records the bronze steps that ran, after refreshing statistics as the nightly autovacuum would.</summary>
    public async Task MarkLoadedAsync(IEnumerable<string> steps, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("VACUUM ANALYZE");
        await connection.ExecuteAsync("INSERT INTO benchmark.loaded (step) SELECT unnest(@steps) ON CONFLICT DO NOTHING", new { steps = steps.ToArray() });
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_keep)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(_admin.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }
}
