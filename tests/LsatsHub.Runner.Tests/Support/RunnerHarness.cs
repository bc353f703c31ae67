using LsatsHub.Engine;
using LsatsHub.Testing;

namespace LsatsHub.Runner.Tests.Support;

/// <summary>An in-process lsats-run against a fresh, initialised database of the real test server.</summary>
internal sealed class RunnerHarness : IAsyncDisposable
{
    private readonly InProcessRunner _runner = new();

    private RunnerHarness(TestDatabase database, string folder)
    {
        Database = database;
        Folder = folder;
        SnapshotDirectory = Path.Combine(folder, "snapshots");
        Variables["DATABASE_URL"] = database.Url;
        Variables["LSATS_SNAPSHOT_DIR"] = SnapshotDirectory;
        Variables["LSATS_LOG_DIR"] = Path.Combine(folder, "logs");
        Variables["LSATS_PG_BINDIR"] = Environment.GetEnvironmentVariable("LSATS_PG_BINDIR") ?? string.Empty;
    }

    public TestDatabase Database { get; }

    public string Folder { get; }

    public string SnapshotDirectory { get; }

    public Dictionary<string, string> Variables => _runner.Variables;

    public List<IStep> Steps => _runner.Steps;

    public bool UseLsatsPipelines
    {
        get => _runner.UseLsatsPipelines;
        set => _runner.UseLsatsPipelines = value;
    }

    public static async Task<RunnerHarness> CreateAsync(string purpose, bool initialise = true)
    {
        var database = await PostgresServer.CreateDatabaseAsync(purpose);
        if (initialise)
        {
            await database.ApplySqlFileAsync("sql/production_init.sql");
            await database.ApplyRunRecordsAsync();
        }

        return new RunnerHarness(database, Directory.CreateTempSubdirectory("lsats-runner-test-").FullName);
    }

    public Task<RunnerInvocation> InvokeAsync(params string[] args) => _runner.InvokeAsync(args);

    public Task<RunnerInvocation> InvokeAsync(CancellationToken cancellationToken, params string[] args) => _runner.InvokeAsync(cancellationToken, args);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
