using System.Globalization;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>What silver.lab_awards must hold for a world: the export's rows, typed as the spec says, every value as text.</summary>
public static class LabAwardsTruth
{
    /// <summary>The columns compared, in the order of <see cref="Expected"/>'s values.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "award_id", "person_uniqname", "person_role", "project_grant_id", "award_title", "award_class",
        "award_total_dollars", "award_direct_dollars", "award_indirect_dollars", "facilities_admin_rate",
        "award_start_date", "award_end_date", "pre_nce_end_date", "award_publish_date",
        "direct_sponsor_name", "direct_sponsor_category", "direct_sponsor_subcategory", "direct_sponsor_reference",
        "prime_sponsor_name", "prime_sponsor_category", "prime_sponsor_subcategory", "prime_sponsor_reference",
        "award_admin_department", "award_admin_school_college", "person_first_name", "person_last_name",
        "person_appt_department", "person_appt_department_id", "person_appt_school_college",
    ];

    /// <summary>Key (award|uniqname|role) → the row's values as PostgreSQL prints them (NULL = null).</summary>
    public static Dictionary<string, string?[]> Expected(SimWorld world)
    {
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var row in LabAwardsCsv.Rows(new WorldIndex(world)))
        {
            string? Cell(string column)
            {
                var value = row[LabAwardsCsv.Columns.ToList().IndexOf(column)].Trim();
                return value.Length == 0 ? null : value;
            }

            string? Date(string column) => Cell(column) is { } text
                ? DateOnly.ParseExact(text, "MM/dd/yyyy", CultureInfo.InvariantCulture).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : null;
            string? Money(string column) => Cell(column) is { } text
                ? decimal.Parse(text.Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture).ToString("0.00", CultureInfo.InvariantCulture)
                : null;

            var values = new[]
            {
                Cell("Award Id"), Cell("Person Uniqname")?.ToLowerInvariant(), Cell("Person Role"), Cell("Project/Grant"), Cell("Award Title"),
                Cell("Award Class"), Money("Award Total Dollars"), Money("Award Direct Dollars"), Money("Award Indirect Dollars"),
                Money("Facilities & Admin Rate (%)"), Date("Award Project Start Date"), Date("Award Project End Date"),
                Date("Pre NCE Project End Date"), Date("Award Publish Date"), Cell("Direct Sponsor Name"), Cell("Direct Sponsor Category"),
                Cell("Direct Sponsor Subcategory"), Cell(LabAwardsCsv.SponsorReferenceColumn), Cell("Prime Sponsor Name"),
                Cell("Prime Sponsor Category"), Cell("Prime Sponsor Subcategory"), Cell("Prime Sponsor Award Reference Number"),
                Cell("Award Admin Department"), Cell("Award Admin School/College"), Cell("Person First Name"), Cell("Person Last Name"),
                Cell("Person Appt Department"), Cell("Person Appt Department Id"), Cell("Person Appt School/College"),
            };
            rows.Add(Key(values[0]!, values[1]!, values[2]!), values);
        }

        return rows;
    }

    public static string Key(string awardId, string uniqname, string role) => $"{awardId}|{uniqname}|{role}";
}
