using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace LsatsHub.Engine.Execution;

/// <summary>
/// Runs one step to a final status: attempts with a fresh <see cref="StepContext"/> each, a timeout
/// per attempt, and retries with exponential backoff and jitter for transient failures. A timed-out
/// attempt is not retried: an attempt that used its whole budget is unlikely to fit on a second try,
/// and retrying would multiply the worst-case length of the nightly run. Never throws.
/// </summary>
internal sealed class StepExecution
{
    /// <summary>Longest timeout a timer can carry; longer ones are treated as no timeout.</summary>
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly RunEnvironment _environment;
    private readonly IStep _step;
    private readonly StepDescriptor _descriptor;
    private int _attempts;
    private DateTimeOffset? _startedAt;
    private StepCounters? _lastCounters;

    public StepExecution(RunEnvironment environment, IStep step)
    {
        _environment = environment;
        _step = step;
        _descriptor = step.Descriptor;
    }

    private string Name => _descriptor.Name;

    /// <summary>Runs the attempts; <paramref name="stopToken"/> is the run's cancellation.</summary>
    public async Task<StepRunReport> RunAsync(CancellationToken stopToken)
    {
        if (stopToken.IsCancellationRequested)
        {
            return Final(StepStatus.Cancelled, "run cancelled before the step started", summary: null);
        }

        try
        {
            var pipeline = BuildRetryPipeline();
            var result = await pipeline.ExecuteAsync(RunAttemptAsync, stopToken);
            var summary = result?.Summary is { } text ? ErrorText.Bound(text) : null;
            _environment.Logger.LogInformation("Step {Step} succeeded after {Attempts} attempt(s): {Summary}", Name, _attempts, summary ?? "done");
            return Final(StepStatus.Succeeded, error: null, summary);
        }
        catch (StepTimedOutException timedOut) when (!stopToken.IsCancellationRequested)
        {
            _environment.Logger.LogError("Step {Step} {Error}", Name, timedOut.Message);
            return Final(StepStatus.Failed, timedOut.Message, summary: null);
        }
        catch (Exception exception) when (stopToken.IsCancellationRequested)
        {
            var error = exception is OperationCanceledException
                ? "run cancelled while the step was running"
                : "run cancelled while the step was running: " + ErrorText.Describe(exception);
            _environment.Logger.LogWarning("Step {Step} cancelled after {Attempts} attempt(s)", Name, _attempts);
            return Final(StepStatus.Cancelled, ErrorText.Bound(error), summary: null);
        }
        catch (Exception exception)
        {
            var error = ErrorText.Describe(exception);
            _environment.Logger.LogError("Step {Step} failed after {Attempts} attempt(s): {Error}", Name, _attempts, error);
            return Final(StepStatus.Failed, error, summary: null);
        }
    }

    private async ValueTask<StepResult> RunAttemptAsync(CancellationToken stopToken)
    {
        var attempt = ++_attempts;
        _startedAt ??= _environment.Clock.GetUtcNow();
        var context = new StepContext
        {
            DataSource = _environment.DataSource,
            Logger = _environment.LoggerFactory.CreateLogger(Name),
            RunId = _environment.RunId,
            StepName = Name,
            Clock = _environment.Clock,
            DryRun = _environment.DryRun,
            Configuration = _environment.Configuration,
            Attempt = attempt,
        };
        _lastCounters = context.Counters;

        _environment.Logger.LogInformation("Step {Step} attempt {Attempt} started", Name, attempt);
        await _environment.Observer.StartedAsync(new StepRunReport(Name, StepStatus.Running, _startedAt, null, attempt, 0, 0, null, null) { Progress = context.Progress });

        using var timeout = StartTimeout();
        using var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(stopToken, timeout.Token);
        try
        {
            return await _step.RunAsync(context, attemptToken.Token) ?? StepResult.Completed;
        }
        catch (Exception exception) when (timeout.IsCancellationRequested && !stopToken.IsCancellationRequested)
        {
            throw new StepTimedOutException($"timed out after {_descriptor.Timeout}", exception);
        }
    }

    private CancellationTokenSource StartTimeout() =>
        _descriptor.Timeout == Timeout.InfiniteTimeSpan || _descriptor.Timeout > LongestTimeout
            ? new CancellationTokenSource()
            : new CancellationTokenSource(_descriptor.Timeout, _environment.Clock);

    private ResiliencePipeline BuildRetryPipeline()
    {
        var policy = _descriptor.Retry;
        if (policy.MaxAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        var retry = new RetryStrategyOptions
        {
            MaxRetryAttempts = policy.MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = policy.BaseDelay,
            MaxDelay = policy.MaxDelay > TimeSpan.Zero ? policy.MaxDelay : null,
            ShouldHandle = arguments => ValueTask.FromResult(
                arguments.Outcome.Exception is { } failure
                && failure is not StepTimedOutException
                && !arguments.Context.CancellationToken.IsCancellationRequested
                && TransientFailure.IsTransient(failure)),
            OnRetry = arguments =>
            {
                _environment.Logger.LogWarning(
                    "Step {Step} attempt {Attempt} failed transiently, retrying in {Delay}: {Error}",
                    Name,
                    _attempts,
                    arguments.RetryDelay,
                    arguments.Outcome.Exception is { } failure ? ErrorText.Describe(failure) : "no exception");
                return ValueTask.CompletedTask;
            },
        };

        return new ResiliencePipelineBuilder { TimeProvider = _environment.Clock }.AddRetry(retry).Build();
    }

    private StepRunReport Final(StepStatus status, string? error, string? summary) => new(
        Name,
        status,
        _startedAt,
        _environment.Clock.GetUtcNow(),
        _attempts,
        _lastCounters?.RowsRead ?? 0,
        _lastCounters?.RowsWritten ?? 0,
        error,
        summary);
}
