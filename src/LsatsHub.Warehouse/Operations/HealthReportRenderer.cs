using System.Globalization;
using System.Text;

namespace LsatsHub.Warehouse.Operations;

/// <summary>The health report as a plain-text table (UTC times), then a one-line verdict.</summary>
public static class HealthReportRenderer
{
    private static readonly string[] Headers = ["AREA", "SUBJECT", "STATUS", "LAST OK (UTC)", "AGE", "LIMIT", "DETAIL"];

    /// <summary>Renders the report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The text.</returns>
    public static string Render(HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = report.Checks.Select(check => new[]
        {
            check.Area,
            check.Subject,
            check.Status.ToString().ToUpperInvariant(),
            check.LastAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never",
            check.Age is { } age ? DurationText.Format(age) : "-",
            check.Threshold is { } threshold ? DurationText.Format(threshold) : "-",
            check.Detail,
        }).ToList();
        var widths = Headers.Select((header, column) => rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        var text = new StringBuilder();
        AppendRow(text, Headers, widths);
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }

        var problems = report.Problems.Count();
        text.Append(problems == 0
            ? string.Create(CultureInfo.InvariantCulture, $"healthy: {report.Checks.Count} check(s) ok")
            : string.Create(CultureInfo.InvariantCulture, $"UNHEALTHY: {problems} of {report.Checks.Count} check(s) stale or failed"));
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var column = 0; column < cells.Length; column++)
        {
            text.Append(column == cells.Length - 1 ? cells[column] : cells[column].PadRight(widths[column] + 2));
        }

        text.Append('\n');
    }
}
