using System.Threading.Channels;
using LsatsHub.Engine.Graph;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Engine.Execution;

/// <summary>
/// Schedules the steps of one run. A single coordinating loop owns all state: it launches every
/// ready step that has its gates open and its slots free, then waits for the next step or gate to
/// finish and reacts to it. Steps therefore start the moment their selected parents have succeeded,
/// not in waves, and a step waiting for a busy resource never holds up a step that could run.
/// </summary>
internal sealed class RunScheduler : IDisposable
{
    private const string CancelledBeforeStart = "run cancelled before the step started";

    private readonly RunEnvironment _environment;
    private readonly CancellationToken _runToken;
    private readonly CancellationTokenSource _stop;
    private readonly List<StepTracker> _steps;
    private readonly List<GateTracker> _gates;
    private readonly SlotLedger _slots;
    private int _peakRunning;
    private readonly List<StepTracker> _ready = [];
    private readonly List<Task> _launched = [];
    private readonly Channel<SchedulerEvent> _events =
        Channel.CreateUnbounded<SchedulerEvent>(new UnboundedChannelOptions { SingleReader = true });

    private int _outstandingEvents;
    private bool _cancelled;

    public RunScheduler(
        PipelineGraph graph,
        IReadOnlySet<string> selectedSteps,
        ExecutionOptions options,
        RunEnvironment environment,
        CancellationToken runToken)
    {
        _environment = environment;
        _runToken = runToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        _slots = new SlotLedger(options.MaxParallel, options.ResourceLimits, options.DefaultResourceLimit);
        _gates = options.Gates.Select(gate => new GateTracker(gate)).ToList();

        _steps = selectedSteps
            .Order(StringComparer.Ordinal)
            .Select(name => new StepTracker(graph[name], graph.SelectedParentsOf(name, selectedSteps).Count))
            .ToList();
        var byName = _steps.ToDictionary(step => step.Name, StringComparer.Ordinal);
        foreach (var step in _steps)
        {
            step.Children.AddRange(graph.SelectedChildrenOf(step.Name, selectedSteps).Select(child => byName[child]));
            step.Gates.AddRange(_gates.Where(gate => Applies(gate, step)));
        }
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>Runs every selected step to a final status and reports. Never throws.</summary>
    public async Task<RunReport> RunAsync()
    {
        var startedAt = _environment.Clock.GetUtcNow();
        RunStatus status;
        try
        {
            _environment.Logger.LogInformation("Run {RunId} started with {Steps} step(s)", _environment.RunId, _steps.Count);
            foreach (var gate in _gates.Where(gate => gate.State == GateState.Failed))
            {
                await FailGatedStepsAsync(gate);
            }

            _ready.AddRange(_steps.Where(step => step.WaitingForParents == 0 && !step.IsFinal));
            await DriveAsync();
            status = _cancelled ? RunStatus.Cancelled
                : _steps.Any(step => step.Report.Status == StepStatus.Failed) ? RunStatus.Failed
                : RunStatus.Succeeded;
        }
        catch (Exception exception)
        {
            await AbandonAsync(exception);
            status = _runToken.IsCancellationRequested ? RunStatus.Cancelled : RunStatus.Failed;
        }

        var report = new RunReport(_environment.RunId, status, startedAt, _environment.Clock.GetUtcNow(), _steps.Select(step => step.Report).ToArray())
        {
            PeakRunningSteps = _peakRunning,
        };
        TryLog(() => _environment.Logger.LogInformation(
            "Run {RunId} {Status}: {Succeeded} succeeded, {Failed} failed, {Skipped} skipped, {Cancelled} cancelled",
            _environment.RunId,
            status,
            Count(StepStatus.Succeeded),
            Count(StepStatus.Failed),
            Count(StepStatus.Skipped),
            Count(StepStatus.Cancelled)));
        return report;
    }

    private async Task DriveAsync()
    {
        while (true)
        {
            if (!_cancelled && _runToken.IsCancellationRequested)
            {
                await CancelWaitingStepsAsync();
            }

            if (!_cancelled)
            {
                LaunchReadySteps();
            }

            if (_outstandingEvents == 0)
            {
                break;
            }

            SchedulerEvent next;
            try
            {
                next = await _events.Reader.ReadAsync(_cancelled ? CancellationToken.None : _runToken);
            }
            catch (OperationCanceledException) when (_runToken.IsCancellationRequested)
            {
                continue;
            }

            _outstandingEvents--;
            await (next switch
            {
                StepCompleted completed => OnStepCompletedAsync(completed.Step, completed.Report),
                GateCompleted completed => OnGateCompletedAsync(completed.Gate, completed.Failure),
                _ => throw new InvalidOperationException($"Unknown scheduler event {next.GetType().Name}."),
            });
        }

        var stranded = _steps.Where(step => !step.IsFinal).ToArray();
        if (stranded.Length > 0)
        {
            throw new InvalidOperationException($"steps never became ready: {string.Join(", ", stranded.Select(step => step.Name))}");
        }
    }

    private void LaunchReadySteps()
    {
        for (var index = 0; index < _ready.Count;)
        {
            var step = _ready[index];
            if (step.IsFinal)
            {
                _ready.RemoveAt(index);
            }
            else if (AreGatesOpen(step) && _slots.TryAcquire(step.Resources))
            {
                _ready.RemoveAt(index);
                Launch(step);
            }
            else
            {
                index++;
            }
        }
    }

    /// <summary>True when every gate of the step is open; opens the closed ones as a side effect.</summary>
    private bool AreGatesOpen(StepTracker step)
    {
        foreach (var gate in step.Gates.Where(gate => gate.State == GateState.Closed))
        {
            Open(gate);
        }

        return step.Gates.TrueForAll(gate => gate.State == GateState.Open);
    }

    private void Launch(StepTracker step)
    {
        step.IsRunning = true;
        _peakRunning = Math.Max(_peakRunning, _steps.Count(tracker => tracker.IsRunning));
        _outstandingEvents++;
        _launched.Add(Task.Run(async () =>
        {
            StepRunReport report;
            try
            {
                report = await new StepExecution(_environment, step.Step).RunAsync(_stop.Token);
            }
            catch (Exception exception)
            {
                report = new StepRunReport(step.Name, StepStatus.Failed, null, _environment.Clock.GetUtcNow(), 0, 0, 0, "engine error: " + ErrorText.Describe(exception), null);
            }

            _events.Writer.TryWrite(new StepCompleted(step, report));
        }));
    }

    private void Open(GateTracker gate)
    {
        gate.State = GateState.Opening;
        _outstandingEvents++;
        _environment.Logger.LogInformation("Opening gate {Gate}", gate.Gate.Name);
        _launched.Add(Task.Run(async () =>
        {
            Exception? failure = null;
            try
            {
                await gate.Gate.OpenAsync(_stop.Token);
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            _events.Writer.TryWrite(new GateCompleted(gate, failure));
        }));
    }

    private async Task OnStepCompletedAsync(StepTracker step, StepRunReport report)
    {
        _slots.Release(step.Resources);
        step.IsRunning = false;
        await FinishAsync(step, report);
        switch (report.Status)
        {
            case StepStatus.Succeeded:
                foreach (var child in step.Children)
                {
                    child.WaitingForParents--;
                    if (child.WaitingForParents == 0 && !child.IsFinal)
                    {
                        _ready.Add(child);
                    }
                }

                break;
            case StepStatus.Failed:
                await SkipDescendantsAsync(step);
                break;
            default:
                await FinishWaitingAsync(Descendants(step), StepStatus.Cancelled, CancelledBeforeStart);
                break;
        }
    }

    private async Task OnGateCompletedAsync(GateTracker gate, Exception? failure)
    {
        if (failure is null)
        {
            gate.State = GateState.Open;
            _environment.Logger.LogInformation("Gate {Gate} is open", gate.Gate.Name);
            return;
        }

        gate.State = GateState.Failed;
        if (_runToken.IsCancellationRequested)
        {
            // Whatever the gate threw while the run was being cancelled, its steps are cancelled, not failed.
            gate.Failure = $"{gate.Gate.Name} cancelled";
            return;
        }

        gate.Failure = ErrorText.Bound($"{gate.Gate.Name} failed: {ErrorText.Describe(failure)}");
        _environment.Logger.LogError("Gate {Error}", gate.Failure);
        await FailGatedStepsAsync(gate);
    }

    private async Task FailGatedStepsAsync(GateTracker gate)
    {
        var gated = _steps.Where(step => step.Gates.Contains(gate) && !step.IsFinal && !step.IsRunning).ToArray();
        await FinishWaitingAsync(gated, StepStatus.Failed, gate.Failure);
        foreach (var step in gated)
        {
            await SkipDescendantsAsync(step);
        }
    }

    private Task SkipDescendantsAsync(StepTracker failed) =>
        FinishWaitingAsync(Descendants(failed), StepStatus.Skipped, $"upstream failed: {failed.Name}");

    private async Task CancelWaitingStepsAsync()
    {
        _cancelled = true;
        _ready.Clear();
        _environment.Logger.LogWarning("Run {RunId} cancelled: no new step starts; running steps are being cancelled", _environment.RunId);
        await FinishWaitingAsync(_steps, StepStatus.Cancelled, CancelledBeforeStart);
    }

    /// <summary>Gives a final status to the steps among <paramref name="steps"/> that are neither final nor running.</summary>
    private async Task FinishWaitingAsync(IEnumerable<StepTracker> steps, StepStatus status, string? error)
    {
        foreach (var step in steps.Where(step => !step.IsFinal && !step.IsRunning).ToArray())
        {
            await FinishAsync(step, step.Report with { Status = status, FinishedAt = _environment.Clock.GetUtcNow(), Error = error });
        }
    }

    private async Task FinishAsync(StepTracker step, StepRunReport report)
    {
        step.Report = report;
        if (report.Status is StepStatus.Skipped or StepStatus.Cancelled && report.Attempts == 0)
        {
            _environment.Logger.LogInformation("Step {Step} {Status}: {Error}", step.Name, report.Status, report.Error);
        }

        await _environment.Observer.FinishedAsync(report);
    }

    /// <summary>Selected descendants, ordered by name.</summary>
    private static List<StepTracker> Descendants(StepTracker root)
    {
        var seen = new HashSet<StepTracker>();
        var frontier = new Stack<StepTracker>(root.Children);
        while (frontier.Count > 0)
        {
            var step = frontier.Pop();
            if (seen.Add(step))
            {
                foreach (var child in step.Children)
                {
                    frontier.Push(child);
                }
            }
        }

        return seen.OrderBy(step => step.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Asks the gate whether it applies to the step. A predicate that throws counts as applying and
    /// fails the gate, so a broken gate can never let its steps through unguarded.
    /// </summary>
    private static bool Applies(GateTracker gate, StepTracker step)
    {
        try
        {
            return gate.Gate.AppliesTo(step.Step.Descriptor);
        }
        catch (Exception exception)
        {
            gate.State = GateState.Failed;
            gate.Failure ??= ErrorText.Bound($"{gate.Gate.Name} failed: could not decide which steps it applies to: {ErrorText.Describe(exception)}");
            return true;
        }
    }

    /// <summary>
    /// The loop itself failed (an engine bug): stop everything still running, wait for it, and give
    /// every step without a final status a failure naming the bug, so the report stays complete.
    /// </summary>
    private async Task AbandonAsync(Exception bug)
    {
        var error = "engine error: " + ErrorText.Describe(bug);
        TryLog(() => _environment.Logger.LogCritical("Run {RunId} abandoned: {Error}", _environment.RunId, error));
        await _stop.CancelAsync();
        await Task.WhenAll(_launched);
        while (_events.Reader.TryRead(out var next))
        {
            if (next is StepCompleted completed && !completed.Step.IsFinal)
            {
                completed.Step.IsRunning = false;
                completed.Step.Report = completed.Report;
                await _environment.Observer.FinishedAsync(completed.Report);
            }
        }

        foreach (var step in _steps.Where(step => !step.IsFinal))
        {
            step.IsRunning = false;
            step.Report = step.Report with { Status = StepStatus.Failed, FinishedAt = _environment.Clock.GetUtcNow(), Error = error };
            await _environment.Observer.FinishedAsync(step.Report);
        }
    }

    /// <summary>Logs where a broken logger must not turn a finished run into an exception.</summary>
    private static void TryLog(Action log)
    {
        try
        {
            log();
        }
        catch (Exception)
        {
            // Nothing sensible is left to tell about a logger that throws; the report carries the outcome.
        }
    }

    private int Count(StepStatus status) => _steps.Count(step => step.Report.Status == status);
}
