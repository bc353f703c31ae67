using Dapper;
using LsatsHub.Runner.Hosting;
using LsatsHub.Runner.Tests.Support;
using LsatsHub.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Runner.Tests.Commands;

/// <summary>lsats-run in-process on a fresh warehouse (db init applied) with a fake clock and its own folders.</summary>
internal sealed class ClockedRunner : IAsyncDisposable
{
    private ClockedRunner(TestDatabase database, DateTimeOffset now)
    {
        Database = database;
        Clock = new FakeTimeProvider(now);
        Folder = Directory.CreateTempSubdirectory("lsats-ops-cmd-").FullName;
        Variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DATABASE_URL"] = database.Url,
            ["LSATS_BACKUP_DIR"] = Path.Combine(Folder, "backups"),
            ["LSATS_SNAPSHOT_DIR"] = Path.Combine(Folder, "backups"),
            ["LSATS_LOG_DIR"] = Path.Combine(Folder, "logs"),
            ["LSATS_PG_BINDIR"] = Environment.GetEnvironmentVariable("LSATS_PG_BINDIR") ?? string.Empty,
        };
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public string Folder { get; }

    public Dictionary<string, string> Variables { get; }

    public string BackupDirectory => Variables["LSATS_BACKUP_DIR"];

    public static async Task<ClockedRunner> CreateAsync(string purpose, DateTimeOffset now, bool schema)
    {
        var database = await PostgresServer.CreateDatabaseAsync(purpose);
        await database.ApplySqlFileAsync("sql/production_init.sql");
        await database.ApplyRunRecordsAsync();
        if (schema)
        {
            await database.ApplySqlFileAsync("sql/production_schema.sql");
        }

        return new ClockedRunner(database, now);
    }

    public async Task<RunnerInvocation> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new RunnerEnvironment(Variables, output, error, Clock, IsTerminal: false, RegisterSteps: _ => { });
        var exitCode = await RunnerCli.InvokeAsync(environment, args);
        return new RunnerInvocation(exitCode, output.ToString(), error.ToString());
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
