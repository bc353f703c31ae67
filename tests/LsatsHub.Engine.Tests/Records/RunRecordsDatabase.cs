using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Records;

/// <summary>A throwaway database with sql/production_init.sql applied.</summary>
internal static class RunRecordsDatabase
{
    public static readonly DateTimeOffset Midnight = new(2026, 11, 25, 2, 0, 1, TimeSpan.Zero);

    public static async Task<TestDatabase> CreateAsync(string purpose)
    {
        var database = await PostgresServer.CreateDatabaseAsync(purpose);
        await database.ApplySqlFileAsync("sql/production_init.sql");
        return database;
    }
}
