using System.Globalization;
using LsatsHub.Engine;
using LsatsHub.Engine.Execution;

namespace LsatsHub.Runner.Output;

/// <summary>
/// Shows a run as it happens. On a terminal: coloured lines with running/done/failed counts, and a live line with
/// what the long-running steps have done so far (redrawn every second). Elsewhere (systemd, pipes): one plain,
/// greppable line per event, no escape codes, and once a minute one line per step that has been running a while.
/// </summary>
internal sealed class ConsoleProgress : IExecutionObserver, IDisposable
{
    /// <summary>A step that has run this long is "long": its progress is shown.</summary>
    internal static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(3);

    /// <summary>How often the live line is redrawn on a terminal.</summary>
    internal static readonly TimeSpan TerminalInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often progress lines are logged elsewhere (the journal gets one line per step per minute).</summary>
    internal static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly TextWriter _out;
    private readonly bool _terminal;
    private readonly int _total;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset Started, StepProgress Progress)> _live = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private bool _liveShown;
    private bool _disposed;
    private int _running;
    private int _done;
    private int _failed;

    public ConsoleProgress(TextWriter output, bool terminal, int totalSteps, TimeProvider clock)
    {
        _out = output;
        _terminal = terminal;
        _total = totalSteps;
        _clock = clock;
        var interval = terminal ? TerminalInterval : LogInterval;
        _timer = clock.CreateTimer(_ => Tick(), null, interval, interval);
    }

    /// <summary>Stops the progress lines and clears the live line, before the run's summary is written.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            ClearLive();
            _out.Flush();
        }
    }

    public Task OnStepStartedAsync(StepRunReport step, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (step.Attempts <= 1)
            {
                _running++;
            }

            if (step.Progress is { } progress)
            {
                _live[step.StepName] = (step.StartedAt ?? _clock.GetUtcNow(), progress);
            }

            var attempt = step.Attempts > 1 ? $" (attempt {step.Attempts})" : string.Empty;
            Write(step, "started" + attempt, "\u001b[36m▶\u001b[0m");
        }

        return Task.CompletedTask;
    }

    public Task OnStepFinishedAsync(StepRunReport step, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (step.StartedAt is not null)
            {
                _running--;
            }

            _live.Remove(step.StepName);
            _done++;
            if (step.Status == StepStatus.Failed)
            {
                _failed++;
            }

            Write(step, Describe(step), Symbol(step.Status));
        }

        return Task.CompletedTask;
    }

    private static string Describe(StepRunReport step)
    {
        var status = step.Status.ToString().ToLowerInvariant();
        var parts = new List<string> { status };
        if (step.StartedAt is { } started && step.FinishedAt is { } finished)
        {
            parts.Add(Duration.Format(finished - started));
        }

        if (step.RowsRead > 0 || step.RowsWritten > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{step.RowsRead:N0} read, {step.RowsWritten:N0} written"));
        }

        if (step.Attempts > 1)
        {
            parts.Add($"{step.Attempts} attempts");
        }

        var detail = step.Status == StepStatus.Succeeded ? step.Summary : step.Error;
        return string.Join(", ", parts) + (string.IsNullOrWhiteSpace(detail) ? string.Empty : " — " + FirstLine(detail));
    }

    private static string Symbol(StepStatus status) => status switch
    {
        StepStatus.Succeeded => "\u001b[32m✔\u001b[0m",
        StepStatus.Failed => "\u001b[31m✘\u001b[0m",
        StepStatus.Cancelled => "\u001b[33m■\u001b[0m",
        _ => "\u001b[90m–\u001b[0m",
    };

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].TrimEnd('\r');
    }

    private void Write(StepRunReport step, string what, string symbol)
    {
        if (_terminal)
        {
            ClearLive();
            _out.WriteLine($"[{_done}/{_total} done, {_running} running, {_failed} failed] {symbol} {step.StepName} {what}");
            DrawLive();
        }
        else
        {
            _out.WriteLine($"step {step.StepName} {what}");
        }

        _out.Flush();
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_terminal)
            {
                ClearLive();
                DrawLive();
            }
            else
            {
                foreach (var line in LongSteps())
                {
                    _out.WriteLine("step " + line);
                }
            }

            _out.Flush();
        }
    }

    // The steps running longer than ShowAfter, each as "name running 1m05s: 61,586 records (947/s), TDX calls 120 of 1,000 (880 left)".
    private List<string> LongSteps()
    {
        var now = _clock.GetUtcNow();
        var lines = new List<string>();
        foreach (var (name, (started, progress)) in _live.OrderBy(p => p.Value.Started).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            var elapsed = now - started;
            if (elapsed < ShowAfter)
            {
                continue;
            }

            var counts = progress.Read().Select(reading => Describe(reading, elapsed)).ToList();
            lines.Add($"{name} running {Duration.Format(elapsed)}" + (counts.Count == 0 ? string.Empty : ": " + string.Join(", ", counts)));
        }

        return lines;
    }

    internal static string Describe(ProgressReading reading, TimeSpan elapsed)
    {
        var rate = elapsed > TimeSpan.Zero ? reading.Done / elapsed.TotalSeconds : 0;
        var text = reading.Total is { } total
            ? string.Create(CultureInfo.InvariantCulture, $"{reading.Unit} {reading.Done:N0} of {total:N0} ({reading.Remaining:N0} left)")
            : string.Create(CultureInfo.InvariantCulture, $"{reading.Done:N0} {reading.Unit}");
        return text + string.Create(CultureInfo.InvariantCulture, $" ({rate:N0}/s)");
    }

    private void DrawLive()
    {
        var steps = LongSteps();
        if (steps.Count == 0)
        {
            return;
        }

        _out.Write("\u001b[36m…\u001b[0m " + string.Join(" | ", steps));
        _liveShown = true;
    }

    private void ClearLive()
    {
        if (_liveShown)
        {
            _out.Write("\r\u001b[K");
            _liveShown = false;
        }
    }
}
