using LsatsHub.Engine.Graph;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Engine.Execution;

/// <summary>
/// Runs a selection of a pipeline graph. A step starts as soon as all of its selected parents have
/// succeeded (its nearest selected ancestors, through steps left out of the selection), within
/// <see cref="ExecutionOptions.MaxParallel"/> and the per-resource limits. A failed step skips its
/// selected descendants while independent branches go on. Transient failures are retried with
/// exponential backoff and jitter; an attempt that exceeds its step's timeout fails the step and is
/// not retried. Cancelling the run stops launching, cancels the running steps and reports the rest
/// as cancelled.
/// </summary>
public sealed class PipelineExecutor
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IConfiguration _configuration;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <summary>Creates an executor.</summary>
    /// <param name="dataSource">The warehouse, handed to every step.</param>
    /// <param name="configuration">The run's configuration, handed to every step.</param>
    /// <param name="loggerFactory">Makes the executor's logger and one logger per step, named after the step.</param>
    /// <param name="clock">The source of every time stamp, timeout and backoff delay.</param>
    public PipelineExecutor(NpgsqlDataSource dataSource, IConfiguration configuration, ILoggerFactory loggerFactory, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(clock);
        _dataSource = dataSource;
        _configuration = configuration;
        _loggerFactory = loggerFactory;
        _clock = clock;
        _logger = loggerFactory.CreateLogger<PipelineExecutor>();
    }

    /// <summary>
    /// Runs the selected steps to a final status each. Never throws for what steps, gates or the
    /// observer do, nor on cancellation: the outcome is in the report.
    /// </summary>
    /// <param name="graph">The whole validated graph.</param>
    /// <param name="selectedSteps">Names of the steps to run; each must be a step of <paramref name="graph"/>.</param>
    /// <param name="runId">The run's id, handed to every step.</param>
    /// <param name="options">Parallelism, resource limits, dry run and gates.</param>
    /// <param name="observer">Told when each attempt starts and when each step reaches a final status.</param>
    /// <param name="cancellationToken">Cancels the run (SIGTERM, Ctrl-C).</param>
    /// <returns>The final state of every selected step, ordered by name, and the run's status.</returns>
    /// <exception cref="ArgumentException">A selected name is not a step of the graph, a selected step holds an unnamed resource, or a limit is below one.</exception>
    public async Task<RunReport> ExecuteAsync(
        PipelineGraph graph,
        IReadOnlySet<string> selectedSteps,
        Guid runId,
        ExecutionOptions options,
        IExecutionObserver observer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(selectedSteps);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        Validate(graph, selectedSteps, options);

        var environment = new RunEnvironment(
            runId,
            _dataSource,
            _configuration,
            _loggerFactory,
            _clock,
            options.DryRun,
            new GuardedObserver(observer, _logger),
            _logger);
        using var scheduler = new RunScheduler(graph, selectedSteps, options, environment, cancellationToken);
        return await scheduler.RunAsync();
    }

    private static void Validate(PipelineGraph graph, IReadOnlySet<string> selectedSteps, ExecutionOptions options)
    {
        var known = graph.Steps.Select(step => step.Descriptor.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = selectedSteps.Where(name => !known.Contains(name)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Selected names that are not steps of the graph: {string.Join(", ", unknown)}.", nameof(selectedSteps));
        }

        var unnamedResources = selectedSteps
            .Where(name => graph[name].Descriptor.Resources.Any(resource => !resource.IsDefined))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (unnamedResources.Length > 0)
        {
            throw new ArgumentException($"Steps that hold a resource without a name: {string.Join(", ", unnamedResources)}.", nameof(selectedSteps));
        }

        if (options.MaxParallel < 1)
        {
            throw new ArgumentException($"MaxParallel must be at least 1, not {options.MaxParallel}.", nameof(options));
        }

        var starved = options.ResourceLimits.Where(limit => limit.Value < 1).Select(limit => $"{limit.Key}={limit.Value}").Order(StringComparer.Ordinal)
            .Concat(options.DefaultResourceLimit < 1 ? [$"default={options.DefaultResourceLimit}"] : []).ToArray();
        if (starved.Length > 0)
        {
            throw new ArgumentException($"Resource limits must be at least 1: {string.Join(", ", starved)}.", nameof(options));
        }

        if (options.Gates.Any(gate => gate is null))
        {
            throw new ArgumentException("Gates must not contain null.", nameof(options));
        }
    }
}
