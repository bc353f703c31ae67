using System.Text;

namespace LsatsHub.Warehouse.Validation;

/// <summary>Renders a validation report as a plain-text table with aligned columns, for a terminal or a log.</summary>
public static class ValidationReportRenderer
{
    /// <summary>Renders the table and a summary line; lines end with '\n'.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The text.</returns>
    public static string Render(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        const string checkHeader = "Check";
        const string resultHeader = "Result";
        var nameWidth = report.Checks.Select(check => check.Name.Length).Append(checkHeader.Length).Max();
        var resultWidth = resultHeader.Length;

        var text = new StringBuilder();
        AppendRow(text, checkHeader, resultHeader, "Detail", nameWidth, resultWidth);
        AppendRow(text, new string('-', nameWidth), new string('-', resultWidth), "------", nameWidth, resultWidth);
        foreach (var check in report.Checks)
        {
            AppendRow(text, check.Name, check.Passed ? "PASS" : "FAIL", check.Detail, nameWidth, resultWidth);
        }

        var failed = report.Checks.Count(check => !check.Passed);
        text.Append(report.Checks.Count).Append(" checks: ")
            .Append(report.Checks.Count - failed).Append(" passed, ")
            .Append(failed).Append(" failed\n");
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string name, string result, string detail, int nameWidth, int resultWidth) =>
        text.Append(name.PadRight(nameWidth)).Append("  ")
            .Append(result.PadRight(resultWidth)).Append("  ")
            .Append(detail.ReplaceLineEndings(" ")).Append('\n');
}
