using System.Globalization;
using System.Xml.Linq;
using LsatsHub.Engine.Dot;
using LsatsHub.Engine.Execution;

namespace LsatsHub.Engine.Records;

/// <summary>
/// Draws one recorded run as a timeline (Gantt) SVG: a bar per step from its start to its end on a shared time axis,
/// coloured by status as the DAG picture is, so parallelism shows as overlapping bars and the critical path, outlined,
/// shows which chain of steps the run's wall time waited on.
/// </summary>
public static class RunTimelineSvg
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private const double LabelWidth = 300;
    private const double ChartWidth = 860;
    private const double RightMargin = 90;
    private const double RowHeight = 18;
    private const double BarHeight = 12;
    private const double HeaderHeight = 58;
    private const double AxisHeight = 26;
    private const string CriticalStroke = "#1f3b73";

    /// <summary>Renders <paramref name="run"/> as a standalone SVG document.</summary>
    /// <param name="run">The run and its step rows.</param>
    /// <param name="parentsOf">
    /// The steps each step waits for, from the graph the run was planned on, used to trace the critical path; null
    /// draws no critical path. Parents that are not in the run are ignored.
    /// </param>
    /// <param name="now">Where a run still in progress ends for the drawing; ignored for a finished run.</param>
    /// <returns>The SVG text.</returns>
    public static string Render(PipelineRunRecord run, Func<string, IReadOnlyList<string>>? parentsOf, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var started = run.Steps
            .Where(step => step.StartedAt is not null)
            .OrderBy(step => step.StartedAt)
            .ThenBy(step => step.StepName, StringComparer.Ordinal)
            .ToList();
        var notStarted = run.Steps.Where(step => step.StartedAt is null).OrderBy(step => step.StepName, StringComparer.Ordinal).ToList();

        var origin = run.StartedAt;

        // "Now" matters only to a run still going: a finished run's axis ends where it ended, whenever it is drawn.
        var runEnd = run.FinishedAt ?? now;
        var end = Latest([runEnd, .. started.Select(step => step.FinishedAt), .. started.Select(step => step.StartedAt)]) ?? origin;
        var span = Math.Max((end - origin).TotalSeconds, 1);
        var scale = ChartWidth / span;
        var critical = parentsOf is null ? new HashSet<string>(StringComparer.Ordinal) : CriticalPath(started, parentsOf);

        var rows = started.Count + notStarted.Count;
        var chartTop = HeaderHeight + AxisHeight;
        var height = chartTop + (rows * RowHeight) + 40;
        var width = LabelWidth + ChartWidth + RightMargin;

        var root = new XElement(
            Svg + "svg",
            new XAttribute("width", Number(width)),
            new XAttribute("height", Number(height)),
            new XAttribute("viewBox", $"0 0 {Number(width)} {Number(height)}"),
            new XAttribute("font-family", "Helvetica, Arial, sans-serif"),
            new XAttribute("font-size", "11"));
        root.Add(new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "#ffffff")));
        root.Add(Text(8, 18, Title(run), ("font-size", "14"), ("font-weight", "bold")));
        root.Add(Text(8, 36, Subtitle(run, started, critical.Count), ("fill", "#444444")));
        AddLegend(root, 8, 48);
        AddAxis(root, chartTop, rows, span, scale);

        var y = chartTop;
        foreach (var step in started)
        {
            var from = (step.StartedAt!.Value - origin).TotalSeconds;
            var to = ((step.FinishedAt ?? runEnd ?? end) - origin).TotalSeconds;
            var seconds = Math.Max(to - from, 0);
            var isCritical = critical.Contains(step.StepName);
            root.Add(Text(LabelWidth - 6, y + 13, step.StepName, ("text-anchor", "end"), ("font-weight", isCritical ? "bold" : "normal")));
            var bar = new XElement(
                Svg + "rect",
                new XAttribute("x", Number(LabelWidth + (from * scale))),
                new XAttribute("y", Number(y + ((RowHeight - BarHeight) / 2))),
                new XAttribute("width", Number(Math.Max(seconds * scale, 1.5))),
                new XAttribute("height", Number(BarHeight)),
                new XAttribute("fill", DotExporter.FillColour(step.Status)),
                new XAttribute("stroke", isCritical ? CriticalStroke : "#777777"),
                new XAttribute("stroke-width", isCritical ? "2" : "0.6"),
                new XElement(Svg + "title", Tooltip(step, seconds)));
            root.Add(bar);
            root.Add(Text(LabelWidth + (to * scale) + 4, y + 13, Duration(seconds), ("fill", "#444444"), ("font-size", "10")));
            y += RowHeight;
        }

        foreach (var step in notStarted)
        {
            root.Add(Text(LabelWidth - 6, y + 13, step.StepName, ("text-anchor", "end"), ("fill", "#888888")));
            root.Add(Text(LabelWidth + 4, y + 13, $"{Word(step.Status)}: never started", ("fill", "#888888"), ("font-style", "italic")));
            y += RowHeight;
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root.ToString(SaveOptions.None) + "\n";
    }

    /// <summary>
    /// Walks back from the step that finished last, each time to the parent that finished last: the chain the run's
    /// end waited on. A step that started later than all its parents finished (waiting for a slot or a resource) ends
    /// the walk there, since nothing upstream delayed it.
    /// </summary>
    private static HashSet<string> CriticalPath(IReadOnlyList<StepRunRecord> started, Func<string, IReadOnlyList<string>> parentsOf)
    {
        var byName = started.Where(step => step.FinishedAt is not null).ToDictionary(step => step.StepName, StringComparer.Ordinal);
        var path = new HashSet<string>(StringComparer.Ordinal);
        var current = byName.Values.OrderByDescending(step => step.FinishedAt).ThenBy(step => step.StepName, StringComparer.Ordinal).FirstOrDefault();
        while (current is not null && path.Add(current.StepName))
        {
            current = parentsOf(current.StepName)
                .Where(byName.ContainsKey)
                .Select(name => byName[name])
                .OrderByDescending(step => step.FinishedAt)
                .ThenBy(step => step.StepName, StringComparer.Ordinal)
                .FirstOrDefault();
        }

        return path;
    }

    private static void AddAxis(XElement root, double top, int rows, double span, double scale)
    {
        var tick = NiceTick(span / 8);
        var bottom = top + (rows * RowHeight);
        root.Add(new XElement(
            Svg + "line",
            new XAttribute("x1", Number(LabelWidth)),
            new XAttribute("y1", Number(top)),
            new XAttribute("x2", Number(LabelWidth + ChartWidth)),
            new XAttribute("y2", Number(top)),
            new XAttribute("stroke", "#555555")));
        for (var seconds = 0.0; seconds <= span + (tick / 1000); seconds += tick)
        {
            var x = LabelWidth + (seconds * scale);
            root.Add(new XElement(
                Svg + "line",
                new XAttribute("x1", Number(x)),
                new XAttribute("y1", Number(top - 4)),
                new XAttribute("x2", Number(x)),
                new XAttribute("y2", Number(bottom)),
                new XAttribute("stroke", "#e2e2e2")));
            root.Add(Text(x, top - 8, Duration(seconds), ("text-anchor", "middle"), ("fill", "#444444"), ("font-size", "10")));
        }
    }

    private static void AddLegend(XElement root, double x, double y)
    {
        StepStatus[] statuses = [StepStatus.Succeeded, StepStatus.Failed, StepStatus.Skipped, StepStatus.Cancelled, StepStatus.Running];
        foreach (var status in statuses)
        {
            root.Add(new XElement(
                Svg + "rect",
                new XAttribute("x", Number(x)),
                new XAttribute("y", Number(y - 9)),
                new XAttribute("width", "10"),
                new XAttribute("height", "10"),
                new XAttribute("fill", DotExporter.FillColour(status)),
                new XAttribute("stroke", "#777777"),
                new XAttribute("stroke-width", "0.6")));
            root.Add(Text(x + 14, y, Word(status), ("font-size", "10")));
            x += 80;
        }

        root.Add(new XElement(
            Svg + "rect",
            new XAttribute("x", Number(x)),
            new XAttribute("y", Number(y - 9)),
            new XAttribute("width", "10"),
            new XAttribute("height", "10"),
            new XAttribute("fill", "#ffffff"),
            new XAttribute("stroke", CriticalStroke),
            new XAttribute("stroke-width", "2")));
        root.Add(Text(x + 14, y, "critical path", ("font-size", "10")));
    }

    private static string Title(PipelineRunRecord run) =>
        $"Run {run.RunId} ({run.Selection}): {run.Status.ToString().ToLowerInvariant()}, " +
        $"{(run.Duration is { } duration ? Duration(duration.TotalSeconds) : "still running")}";

    private static string Subtitle(PipelineRunRecord run, IReadOnlyList<StepRunRecord> started, int criticalSteps) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"started {run.StartedAt:yyyy-MM-dd HH:mm:ss zzz} on {run.Host}; {started.Count} of {run.Steps.Count} steps started; " +
            $"at most {PeakParallelism(started)} at once; critical path {criticalSteps} steps")
        .TrimEnd();

    private static int PeakParallelism(IReadOnlyList<StepRunRecord> started)
    {
        // Ends sort before starts at the same instant: a step that starts as another ends did not overlap it.
        var events = started
            .SelectMany(step => new[] { (At: step.StartedAt!.Value, Delta: 1), (At: step.FinishedAt ?? DateTimeOffset.MaxValue, Delta: -1) })
            .OrderBy(change => change.At)
            .ThenBy(change => change.Delta);
        int running = 0, peak = 0;
        foreach (var change in events)
        {
            running += change.Delta;
            peak = Math.Max(peak, running);
        }

        return peak;
    }

    private static string Tooltip(StepRunRecord step, double seconds)
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{step.StepName}: {Word(step.Status)} in {Duration(seconds)}, {step.Attempts} attempt(s), {step.RowsRead:N0} rows read, {step.RowsWritten:N0} written");
        return step.Error is null ? text : text + "\n" + step.Error;
    }

    private static XElement Text(double x, double y, string content, params (string Name, string Value)[] attributes)
    {
        var element = new XElement(Svg + "text", new XAttribute("x", Number(x)), new XAttribute("y", Number(y)), content);
        foreach (var (name, value) in attributes)
        {
            element.Add(new XAttribute(name, value));
        }

        return element;
    }

    private static DateTimeOffset? Latest(IEnumerable<DateTimeOffset?> times) => times.Where(time => time is not null).Max();

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="rough"/>: ticks people read without arithmetic.</summary>
    private static double NiceTick(double rough)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(rough, 0.001))));
        foreach (var factor in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (factor * power >= rough)
            {
                return factor * power;
            }
        }

        return 10 * power;
    }

    private static string Duration(double seconds) => seconds switch
    {
        < 10 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s"),
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Round(seconds) / 60}m{(long)Math.Round(seconds) % 60:00}s"),
    };

    private static string Word(StepStatus status) => status.ToString().ToLowerInvariant();

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
