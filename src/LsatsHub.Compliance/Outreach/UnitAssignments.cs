using System.Text;

namespace LsatsHub.Compliance.Outreach;

/// <summary>
/// The "Unit Assignments" sheet (LSA Finance BA/BO unit assignments) as a department → chief administrator map. The
/// header is on row 6; columns <c>Department</c>, <c>CA Email</c> and <c>Chief Administrator / Department Manager</c>
/// are found by header text. A department is compared by <see cref="Key"/>, so TDX's "170500 - Chemistry" finds the
/// sheet's "Chemistry". A department listed twice keeps its first row (a later, different one is reported).
/// </summary>
public sealed class UnitAssignments
{
    /// <summary>The row that holds the header in the sheet.</summary>
    public const int HeaderRow = 6;

    private readonly Dictionary<string, UnitAssignment> _byKey;

    private UnitAssignments(Dictionary<string, UnitAssignment> byKey, IReadOnlyList<string> problems)
    {
        _byKey = byKey;
        Problems = problems;
    }

    /// <summary>Rows that could not be used or conflict with an earlier row, in sheet order.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The departments listed.</summary>
    public int Count => _byKey.Count;

    /// <summary>Reads the sheet from its cells, row 1 first (a CSV/XLSX export or the Sheets API values).</summary>
    /// <param name="rows">The rows of the tab, each a list of cell texts.</param>
    /// <returns>The map.</returns>
    /// <exception cref="FormatException">The header row lacks one of the three columns.</exception>
    public static UnitAssignments FromRows(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count < HeaderRow)
        {
            throw new FormatException($"The Unit Assignments sheet has {rows.Count} rows; its header is on row {HeaderRow}.");
        }

        var header = rows[HeaderRow - 1];
        int Column(string name)
        {
            for (var i = 0; i < header.Count; i++)
            {
                if (string.Equals(header[i]?.Trim(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            throw new FormatException($"The Unit Assignments sheet has no column '{name}' in its header row {HeaderRow} (found: {string.Join(", ", header.Where(h => !string.IsNullOrWhiteSpace(h)))}).");
        }

        var department = Column("Department");
        var email = Column("CA Email");
        var name = Column("Chief Administrator / Department Manager");
        var byKey = new Dictionary<string, UnitAssignment>(StringComparer.Ordinal);
        var problems = new List<string>();
        for (var r = HeaderRow; r < rows.Count; r++)
        {
            var row = rows[r];
            string Cell(int i) => i < row.Count ? (row[i] ?? string.Empty).Trim() : string.Empty;
            var assignment = new UnitAssignment(Cell(department), Cell(email), Cell(name), r + 1);
            var key = Key(assignment.Department);
            if (key.Length == 0)
            {
                continue;
            }

            if (assignment.CaEmail.Length == 0 && assignment.CaLastName.Length == 0)
            {
                problems.Add($"row {assignment.Row}: department '{assignment.Department}' has neither a CA email nor a CA name");
                continue;
            }

            if (byKey.TryGetValue(key, out var first))
            {
                if (!string.Equals(first.CaEmail, assignment.CaEmail, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"row {assignment.Row}: department '{assignment.Department}' is listed again (row {first.Row} is used)");
                }

                continue;
            }

            byKey[key] = assignment;
        }

        return new UnitAssignments(byKey, problems);
    }

    /// <summary>The assignment of a department, or null.</summary>
    /// <param name="department">A department name, e.g. TDX's <c>OwningDepartmentName</c>.</param>
    /// <returns>The assignment.</returns>
    public UnitAssignment? Find(string? department) => _byKey.GetValueOrDefault(Key(department));

    /// <summary>
    /// How departments are compared: digits removed (TDX names carry a numeric code), separators and spaces at the ends
    /// removed, inner whitespace collapsed, upper case.
    /// </summary>
    /// <param name="department">A department name.</param>
    /// <returns>The key; empty for none.</returns>
    public static string Key(string? department)
    {
        if (string.IsNullOrWhiteSpace(department))
        {
            return string.Empty;
        }

        var text = new StringBuilder(department.Length);
        var space = false;
        foreach (var c in department)
        {
            if (char.IsDigit(c))
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = text.Length > 0;
                continue;
            }

            if (space)
            {
                text.Append(' ');
                space = false;
            }

            text.Append(char.ToUpperInvariant(c));
        }

        return text.ToString().Trim(' ', '-', '–', ':', '_', '.');
    }
}
