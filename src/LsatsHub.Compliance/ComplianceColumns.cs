namespace LsatsHub.Compliance;

/// <summary>The compliance sheet's layout (docs/compliance.md): the month tab's headers on row 2, the FIX tab, the TDX department range.</summary>
public static class ComplianceColumns
{
    /// <summary>The month tab's header row.</summary>
    public const int HeaderRow = 2;

    /// <summary>Support region (read, not sent).</summary>
    public const string Support = "Support";

    /// <summary>The TDX account name of the owning department.</summary>
    public const string OwningDept = "Owning Dept";

    /// <summary>The owner's full name.</summary>
    public const string Owner = "Owner";

    /// <summary>The owner's e-mail: one ticket per distinct address (trimmed, any case).</summary>
    public const string OwnerEmail = "Owner Email";

    /// <summary>The computer's name.</summary>
    public const string Hostname = "Hostname";

    /// <summary>The computer's serial number.</summary>
    public const string Serial = "Serial";

    /// <summary>Its operating system as TDX has it.</summary>
    public const string TdxOs = "TDX OS";

    /// <summary>The issue key(s) (the column is named "Fix").</summary>
    public const string Fix = "Fix";

    /// <summary>The ticket link, written by <c>compliance create</c>; a non-empty cell means the row is handled.</summary>
    public const string Ticket = "Ticket";

    /// <summary>A non-empty status skips the row.</summary>
    public const string Status = "Status";

    /// <summary>The tab of remediation texts (header row 2: Issue, Fix).</summary>
    public const string FixTab = "FIX";

    /// <summary>The FIX tab's issue key column.</summary>
    public const string FixIssue = "Issue";

    /// <summary>The range of department names whose people are looked up in one search.</summary>
    public const string DepartmentsRange = "TDX!H2:H";

    /// <summary>The owner the original skips (a shared service account, not a person).</summary>
    public const string ServiceAccountOwner = "LSA Service Account";

    /// <summary>Every header the month tab must have.</summary>
    public static IReadOnlyList<string> Required { get; } = [OwningDept, Owner, OwnerEmail, Hostname, Serial, TdxOs, Fix, Ticket, Status];
}
