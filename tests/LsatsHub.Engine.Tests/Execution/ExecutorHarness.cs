using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Graph;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace LsatsHub.Engine.Tests.Execution;

/// <summary>An executor over a data source that never connects (no test step opens it) and a fake clock.</summary>
internal sealed class ExecutorHarness : IAsyncDisposable
{
    /// <summary>Only turns a hang into a failure; no test depends on how long anything takes.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");

    public ExecutorHarness()
    {
        Executor = new PipelineExecutor(_dataSource, Configuration, Logs, Clock);
    }

    public WatchedClock Clock { get; } = new();

    public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();

    public NpgsqlDataSource DataSource => _dataSource;

    public RecordingLoggerFactory Logs { get; } = new();

    public PipelineExecutor Executor { get; }

    public RecordingObserver Observer { get; } = new();

    public Guid RunId { get; } = Guid.NewGuid();

    /// <summary>Starts a run of <paramref name="steps"/>; all of them are selected unless <paramref name="selected"/> says otherwise.</summary>
    public Task<RunReport> StartAsync(
        IReadOnlyList<IStep> steps,
        ExecutionOptions? options = null,
        IEnumerable<string>? selected = null,
        IExecutionObserver? observer = null,
        CancellationToken cancellationToken = default)
    {
        var graph = PipelineGraph.Build(steps, []);
        var selection = (selected ?? steps.Select(step => step.Descriptor.Name)).ToHashSet(StringComparer.Ordinal);
        return Executor.ExecuteAsync(graph, selection, RunId, options ?? new ExecutionOptions { MaxParallel = 8 }, observer ?? Observer, cancellationToken);
    }

    /// <summary>Runs to the end; a hang fails the test instead of stalling the suite.</summary>
    public Task<RunReport> RunAsync(
        IReadOnlyList<IStep> steps,
        ExecutionOptions? options = null,
        IEnumerable<string>? selected = null,
        IExecutionObserver? observer = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(steps, options, selected, observer, cancellationToken).WaitAsync(HangGuard);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
