using LsatsHub.Simulator.Sheets;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Projections;

/// <summary>
/// The "LSA Finance BA BO Unit Assignments" sheet of the world, tab "Unit Assignments", as the third compliance outreach
/// reads it (docs/compliance.md): five title rows, the header on row 6 (<c>Department</c>, <c>CA Email</c>,
/// <c>Chief Administrator / Department Manager</c> among other columns), then one row per department with a TDX account
/// and a staff member in TDX: its chief administrator is that department's first such staff member (by world id).
/// </summary>
public static class UnitAssignmentsSheet
{
    /// <summary>The tab name.</summary>
    public const string Tab = "Unit Assignments";

    /// <summary>The id lsats-run reads the sheet by when none is configured, so a served world needs no variable for it.</summary>
    public const string SpreadsheetId = "1Lb11KyJjsG_peafphDrQQIYlFbqbYP7UiS6ZwHevris";

    /// <summary>The header row's columns.</summary>
    public static readonly IReadOnlyList<string> Header = ["Department", "Dept ID", "CA Email", "Chief Administrator / Department Manager", "BA", "Notes"];

    /// <summary>The spreadsheet the Sheets simulator serves: the one tab.</summary>
    /// <param name="index">The world.</param>
    /// <returns>The spreadsheet.</returns>
    public static Spreadsheet Spreadsheet(WorldIndex index)
    {
        var spreadsheet = new Spreadsheet(SpreadsheetId, "LSA Finance BA BO Unit Assignments");
        spreadsheet.SetTab(Tab, Rows(index));
        return spreadsheet;
    }

    /// <summary>The tab's rows from row 1.</summary>
    /// <param name="index">The world.</param>
    /// <returns>Each row's cells.</returns>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(WorldIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "LSA Finance BA BO Unit Assignments" },
            Array.Empty<string>(),
            new[] { "Business administrators and chief administrators by unit" },
            Array.Empty<string>(),
            Array.Empty<string>(),
            Header,
        };
        foreach (var department in index.World.Departments.Where(d => d.InTdx).OrderBy(d => d.DeptId, StringComparer.Ordinal))
        {
            var ca = ChiefAdministrator(index, department);
            if (ca is not null)
            {
                rows.Add([department.Name, department.DeptId, ca.Email, $"{ca.LastName}, {ca.FirstName}", string.Empty, string.Empty]);
            }
        }

        return rows;
    }

    /// <summary>The chief administrator the sheet names for a department, or null when it has no staff member in TDX.</summary>
    /// <param name="index">The world.</param>
    /// <param name="department">The department.</param>
    /// <returns>The person.</returns>
    public static Person? ChiefAdministrator(WorldIndex index, Department department)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(department);
        return index.World.People
            .Where(p => p.DeptId == department.DeptId && p.Affiliation == Affiliation.Staff && p.Presence.InTdx && p.Presence.TdxActive && !p.Dirt.TdxMissingEmail)
            .OrderBy(p => p.Id)
            .FirstOrDefault();
    }
}
