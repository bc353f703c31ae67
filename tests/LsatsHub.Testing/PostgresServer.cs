using LsatsHub.Warehouse.Postgres;
using Npgsql;

namespace LsatsHub.Testing;

/// <summary>
/// The real PostgreSQL server the integration tests use, named by <c>LSATS_TEST_DATABASE_URL</c>
/// (set by <c>ops/dev/pg.sh env</c>). The role must be allowed to create databases and roles.
/// </summary>
public static class PostgresServer
{
    /// <summary>The variable that names the server.</summary>
    public const string Variable = "LSATS_TEST_DATABASE_URL";

    /// <summary>The administrative connection (to the maintenance database).</summary>
    public static NpgsqlConnectionStringBuilder Admin
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"{Variable} is not set. Start the test server with 'eval \"$(ops/dev/pg.sh start)\"' or run the tests through ops/dev/test.sh.");
            }

            return PostgresConnectionString.Parse(value);
        }
    }

    /// <summary>Creates a fresh, uniquely named database; dispose the result to drop it.</summary>
    /// <param name="purpose">A short word that ends up in the database name, for debugging.</param>
    /// <returns>The database.</returns>
    public static Task<TestDatabase> CreateDatabaseAsync(string purpose) => TestDatabase.CreateAsync(Admin, purpose);
}
