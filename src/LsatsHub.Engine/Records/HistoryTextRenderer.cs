using System.Globalization;
using System.Text;

namespace LsatsHub.Engine.Records;

/// <summary>Renders run records as a plain-text report for a history command.</summary>
public static class HistoryTextRenderer
{
    private const int ErrorWidth = 100;

    /// <summary>One block per run (short id, start, duration, status, selection), each with a table of its steps.</summary>
    /// <param name="runs">The runs, in the order to show them (usually newest first).</param>
    /// <returns>The text, ending with a newline.</returns>
    public static string Render(IReadOnlyList<PipelineRunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            return "No runs recorded yet.\n";
        }

        var text = new StringBuilder();
        var runTable = new TextTable(["RUN", "STARTED", "DURATION", "STATUS", "SELECTION"], rightAligned: [2]);
        foreach (var run in runs)
        {
            runTable.Add([ShortId(run.RunId), FormatTime(run.StartedAt), FormatDuration(run.Duration), Word(run.Status.ToString()), run.Selection]);
        }

        runTable.WriteTo(text, indent: string.Empty);

        foreach (var run in runs)
        {
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"Run {ShortId(run.RunId)} ({run.RunId}), {Word(run.Status.ToString())}, trigger {run.Trigger}, host {run.Host}, version {run.Version}\n");
            if (run.Error is { } runError)
            {
                text.Append(CultureInfo.InvariantCulture, $"  error: {FirstLine(runError)}\n");
            }

            if (run.Steps.Count == 0)
            {
                text.Append("  (no steps)\n");
                continue;
            }

            var stepTable = new TextTable(["STEP", "STATUS", "ATTEMPTS", "ROWS READ", "ROWS WRITTEN", "DURATION", "ERROR"], rightAligned: [2, 3, 4, 5]);
            foreach (var step in run.Steps)
            {
                stepTable.Add([
                    step.StepName,
                    Word(step.Status.ToString()),
                    step.Attempts.ToString(CultureInfo.InvariantCulture),
                    step.RowsRead.ToString("N0", CultureInfo.InvariantCulture),
                    step.RowsWritten.ToString("N0", CultureInfo.InvariantCulture),
                    step.StartedAt is { } started && step.FinishedAt is { } finished ? FormatDuration(finished - started) : "-",
                    step.Error is null ? string.Empty : FirstLine(step.Error),
                ]);
            }

            stepTable.WriteTo(text, indent: "  ");
        }

        return text.ToString();
    }

    private static string ShortId(Guid runId) => runId.ToString("N")[..8];

    private static string Word(string enumName) => enumName.ToLowerInvariant();

    private static string FormatTime(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string FormatDuration(TimeSpan? duration)
    {
        if (duration is not { } value)
        {
            return "running";
        }

        if (value < TimeSpan.Zero)
        {
            value = TimeSpan.Zero;
        }

        return value.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)value.TotalHours}h {value.Minutes:00}m {value.Seconds:00}s")
            : value.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{value.Minutes}m {value.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.0}s");
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].TrimEnd('\r');
        return line.Length <= ErrorWidth ? line : string.Concat(line.AsSpan(0, ErrorWidth - 3), "...");
    }
}
