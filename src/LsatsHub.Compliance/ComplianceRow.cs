namespace LsatsHub.Compliance;

/// <summary>One pending row of the month tab: a non-compliant computer and its owner.</summary>
/// <param name="RowNumber">The 1-based sheet row (its Ticket cell is written there).</param>
/// <param name="Owner">The owner's full name, trimmed.</param>
/// <param name="OwnerEmail">The owner's e-mail, trimmed and lower-cased: the grouping key.</param>
/// <param name="OwningDept">The owning department's TDX account name, trimmed.</param>
/// <param name="Hostname">The computer's name, trimmed.</param>
/// <param name="Serial">Its serial number, trimmed; empty when the sheet has none.</param>
/// <param name="OperatingSystem">Its operating system.</param>
/// <param name="Issues">The issue keys of the Fix cell.</param>
/// <param name="Fixes">The remediation text of each issue (the FIX tab), in the same order.</param>
public sealed record ComplianceRow(
    int RowNumber,
    string Owner,
    string OwnerEmail,
    string OwningDept,
    string Hostname,
    string Serial,
    string OperatingSystem,
    IReadOnlyList<string> Issues,
    IReadOnlyList<string> Fixes)
{
    /// <summary>The uniqname: the e-mail's local part.</summary>
    public string Uniqname => OwnerEmail.Split('@')[0];
}
