using System.Globalization;
using LsatsHub.Engine.Execution;

namespace LsatsHub.Runner.Output;

/// <summary>
/// Shows a run as it happens. On a terminal: coloured lines with running/done/failed counts.
/// Elsewhere (systemd, pipes): one plain, greppable line per event, no escape codes.
/// </summary>
internal sealed class ConsoleProgress : IExecutionObserver
{
    private readonly TextWriter _out;
    private readonly bool _terminal;
    private readonly int _total;
    private readonly Lock _gate = new();
    private int _running;
    private int _done;
    private int _failed;

    public ConsoleProgress(TextWriter output, bool terminal, int totalSteps)
    {
        _out = output;
        _terminal = terminal;
        _total = totalSteps;
    }

    public Task OnStepStartedAsync(StepRunReport step, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (step.Attempts <= 1)
            {
                _running++;
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
            _out.WriteLine($"[{_done}/{_total} done, {_running} running, {_failed} failed] {symbol} {step.StepName} {what}");
        }
        else
        {
            _out.WriteLine($"step {step.StepName} {what}");
        }

        _out.Flush();
    }
}
