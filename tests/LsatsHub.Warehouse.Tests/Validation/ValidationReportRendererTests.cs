using LsatsHub.Testing;
using LsatsHub.Warehouse.Validation;

namespace LsatsHub.Warehouse.Tests.Validation;

public sealed class ValidationReportRendererTests
{
    [Fact]
    public void The_report_renders_as_an_aligned_pass_fail_table_with_a_summary()
    {
        var report = new ValidationReport(
        [
            new ValidationCheck("Schemas bronze, silver, gold, meta exist", true, "all 4 present"),
            new ValidationCheck("Silver has exactly the 28 canonical tables", false, "27 of 28 present; missing: silver.labs; extra: silver.users_legacy"),
            new ValidationCheck("Gold schema exists and is empty", true, "present, no objects"),
        ]);

        var text = ValidationReportRenderer.Render(report);

        GoldenFile.AssertMatches(text, "LsatsHub.Warehouse.Tests", "validation-report.txt");
    }
}
