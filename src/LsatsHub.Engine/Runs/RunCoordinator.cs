using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Postgres;
using LsatsHub.Engine.Records;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Engine.Runs;

/// <summary>
/// Runs a selection the way a production run must: one run at a time (advisory lock), recorded in
/// <c>meta.pipeline_runs</c>/<c>meta.step_runs</c> from the first moment to the last (also when
/// cancelled), with the caller's gates (such as the pre-silver snapshot). A dry run takes the lock
/// but writes no records.
/// </summary>
public sealed class RunCoordinator
{
    private readonly PipelineGraph _graph;
    private readonly PipelineExecutor _executor;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresRunRecorder _recorder;
    private readonly ILogger<RunCoordinator> _logger;
    private readonly TimeProvider _clock;

    /// <summary>Creates the coordinator.</summary>
    /// <param name="graph">The validated graph.</param>
    /// <param name="executor">Executes the steps.</param>
    /// <param name="dataSource">The warehouse.</param>
    /// <param name="recorder">Writes the run records.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="clock">Clock.</param>
    public RunCoordinator(PipelineGraph graph, PipelineExecutor executor, NpgsqlDataSource dataSource, PostgresRunRecorder recorder, ILogger<RunCoordinator> logger, TimeProvider clock)
    {
        _graph = graph;
        _executor = executor;
        _dataSource = dataSource;
        _recorder = recorder;
        _logger = logger;
        _clock = clock;
    }

    /// <summary>Takes the lock, records, executes and records the outcome.</summary>
    /// <param name="request">The run.</param>
    /// <param name="progress">Hears every step event besides the recorder (display).</param>
    /// <param name="cancellationToken">SIGTERM / Ctrl-C: no new step starts, running steps are cancelled, the run is recorded cancelled.</param>
    /// <returns>The final report.</returns>
    /// <exception cref="RunLockHeldException">Another run holds the lock; nothing ran.</exception>
    public async Task<RunReport> RunAsync(RunRequest request, IExecutionObserver progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        var runId = Guid.CreateVersion7(_clock.GetUtcNow());
        var host = Environment.MachineName;
        await using var runLock = await RunLock.AcquireAsync(
            _dataSource, request.LockName, $"run {runId:N} ({request.SelectionText}) on {host}", cancellationToken);
        request.LockTaken?.Invoke(runId);

        var dryRun = request.Options.DryRun;
        IExecutionObserver observer = progress;
        if (!dryRun)
        {
            // Holding the lock proves no other run is alive, so leftover 'running' rows are abandoned.
            await _recorder.MarkAbandonedRunsAsync(runLock, cancellationToken);
            await _recorder.StartRunAsync(
                new PipelineRunStart(runId, _clock.GetUtcNow(), request.SelectionText, request.Trigger, host, request.Version, request.Steps.Order(StringComparer.Ordinal).ToArray()),
                cancellationToken);
            observer = new CompositeObserver([_recorder, progress]);
        }

        _logger.LogInformation("Run {RunId} started: {StepCount} steps ({Selection}){DryRun}", runId, request.Steps.Count, request.SelectionText, dryRun ? ", dry run" : string.Empty);
        var report = await _executor.ExecuteAsync(_graph, request.Steps, runId, request.Options, observer, cancellationToken);
        if (!dryRun)
        {
            // The run may have been cancelled: its final record must still be written.
            await _recorder.FinishRunAsync(report, CancellationToken.None);
        }

        _logger.LogInformation("Run {RunId} finished: {Status}", runId, report.Status);
        return report;
    }
}
