namespace LsatsHub.Benchmarks;

/// <summary>Which PostgreSQL server a suite creates its database on: <c>--database-url</c>, else the benchmark's variable, else the tests'.</summary>
internal static class BenchmarkServer
{
    /// <summary>The variable naming the server when <c>--database-url</c> is not given (then the test server's).</summary>
    public const string DatabaseUrlVariable = "LSATS_BENCHMARK_DATABASE_URL";

    private const string TestDatabaseUrlVariable = "LSATS_TEST_DATABASE_URL";

    /// <summary>The server to use, or null after telling the user how to name one.</summary>
    public static async Task<string?> ResolveAsync(string? given)
    {
        var server = given
                     ?? Environment.GetEnvironmentVariable(DatabaseUrlVariable)
                     ?? Environment.GetEnvironmentVariable(TestDatabaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(server))
        {
            return server;
        }

        await Console.Error.WriteLineAsync($"no server: pass --database-url or set {DatabaseUrlVariable} (or {TestDatabaseUrlVariable})");
        return null;
    }
}
