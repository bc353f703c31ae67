using System.Globalization;
using CsvHelper;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Projections;

/// <summary>The lab awards export: one row per person named on an award, with the real column names (one contains a newline).</summary>
public static class LabAwardsCsv
{
    /// <summary>The column whose name contains a line break, as in the real export.</summary>
    public const string SponsorReferenceColumn = "Direct Sponsor Award Reference Number\n(Current Budget Period)";

    /// <summary>Columns in file order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "Award Id", "Project/Grant", "Award Title", "Award Class", "Person Role", "Person Last Name", "Person First Name", "Person Uniqname",
        "Person Appt Department Id", "Person Appt Department", "Person Appt School/College", "Award Admin Department", "Award Admin School/College",
        "Award Project Start Date", "Award Project End Date", "Pre NCE Project End Date", "Award Direct Dollars", "Award Indirect Dollars",
        "Award Total Dollars", "Facilities & Admin Rate (%)", "Direct Sponsor Name", SponsorReferenceColumn, "Direct Sponsor Category",
        "Direct Sponsor Subcategory", "Prime Sponsor Name", "Prime Sponsor Award Reference Number", "Prime Sponsor Category",
        "Prime Sponsor Subcategory", "Award Publish Date",
    ];

    /// <summary>The file name for a world's date.</summary>
    public static string FileName(DateOnly asOf) => $"lab_awards_{asOf:yyyy_MM_dd}.csv";

    /// <summary>The rows (column → value, empty string = blank cell).</summary>
    public static IEnumerable<IReadOnlyList<string>> Rows(WorldIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        foreach (var award in index.World.Awards)
        {
            var admin = index.Departments[award.AdminDeptId];
            foreach (var named in award.People)
            {
                var person = index.World.People[named.PersonId];
                var dept = index.Departments[named.DeptId];
                yield return
                [
                    award.AwardId, award.ProjectGrant, award.Title, award.AwardClass, named.Role, person.LastName, person.FirstName, person.Uniqname,
                    dept.DeptId, dept.Name, SchoolOf(dept), admin.Name, SchoolOf(admin),
                    Formats.UsDate(award.Start), Formats.UsDate(award.End), award.PreNceEnd is { } nce ? Formats.UsDate(nce) : string.Empty,
                    Formats.Dollars(award.DirectDollars), Formats.Dollars(award.IndirectDollars), Formats.Dollars(award.DirectDollars + award.IndirectDollars),
                    award.FacilitiesRate.ToString("0.0", CultureInfo.InvariantCulture), award.DirectSponsor, award.DirectSponsorReference,
                    award.DirectSponsorCategory, award.DirectSponsorSubcategory, award.PrimeSponsor ?? string.Empty,
                    award.PrimeSponsor is null ? string.Empty : "PRIME-" + award.AwardId, award.PrimeSponsor is null ? string.Empty : "Federal",
                    award.PrimeSponsor is null ? string.Empty : "Government", Formats.UsDate(award.Published),
                ];
            }
        }
    }

    /// <summary>Writes the CSV.</summary>
    public static void Write(WorldIndex index, TextWriter output)
    {
        using var csv = CsvWriter.Create(output, CsvWriterOptions.Default, true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.EndRecord();
        foreach (var row in Rows(index))
        {
            foreach (var value in row)
            {
                csv.WriteField(value);
            }

            csv.EndRecord();
        }

        csv.Flush();
    }

    private static string SchoolOf(Department department) => department.College.DeptGroup == "COLLEGE_OF_LSA" ? "LSA" : department.College.DeptGroupDescription;
}
