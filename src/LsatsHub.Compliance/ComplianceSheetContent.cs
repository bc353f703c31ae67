using LsatsHub.Connectors.Sheets;

namespace LsatsHub.Compliance;

/// <summary>What <see cref="ComplianceSheetReader"/> read: the month tab, its pending rows, why the others were skipped, and the departments.</summary>
/// <param name="Table">The month tab.</param>
/// <param name="Pending">Rows to act on, in sheet order.</param>
/// <param name="Skipped">Skip reason → rows.</param>
/// <param name="Departments">Distinct department names of the TDX tab (not "None"), for the one bulk people search.</param>
/// <param name="UnknownIssues">Issue keys the FIX tab has no text for (the row still goes out, with a note).</param>
public sealed record ComplianceSheetContent(
    SheetTable Table,
    IReadOnlyList<ComplianceRow> Pending,
    IReadOnlyDictionary<string, int> Skipped,
    IReadOnlyList<string> Departments,
    IReadOnlyList<string> UnknownIssues);
