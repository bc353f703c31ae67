using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Records;

/// <summary>A throwaway database with only the engine's own run record tables: the engine needs nothing of the application's SQL.</summary>
internal static class RunRecordsDatabase
{
    public static readonly DateTimeOffset Midnight = new(2026, 11, 25, 2, 0, 1, TimeSpan.Zero);

    public static async Task<TestDatabase> CreateAsync(string purpose)
    {
        var database = await PostgresServer.CreateDatabaseAsync(purpose);
        await database.ApplyRunRecordsAsync();
        return database;
    }
}
