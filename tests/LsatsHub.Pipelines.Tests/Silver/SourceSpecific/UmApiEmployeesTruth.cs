using System.Globalization;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>What silver.umapi_employees must hold for a world: the API's employment records that bronze accepts.</summary>
public static class UmApiEmployeesTruth
{
    private static readonly string[] Location = ["address1", "address2", "address3", "city", "state", "postal", "country", "phone", "phone_extension"];

    public static readonly IReadOnlyList<string> Columns =
    [
        "empl_id", "empl_rcd", "uniqname", "first_name", "last_name", "full_name", "department_id", "dept_description", "supervisor_id",
        "jobcode", "department_job_title", "university_job_title",
        .. Location.Select(key => $"work_location->>'{key}'"),
        "data_quality_score", "quality_flags",
    ];

    /// <summary>Key "EmplId|EmplRcd" → values; records the API serves without a first name never reach bronze.</summary>
    public static Dictionary<string, string?[]> Expected(SimWorld world)
    {
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var record in new UmApiProjection(new WorldIndex(world)).Employees().Where(record => record["FirstName"] is not null))
        {
            string? Text(string key) => record[key]?.GetValue<string>().Trim() is { Length: > 0 } text ? text : null;
            var supervisor = Text("SupervisorId");
            var rcd = record["EmplRcd"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture);
            var location = new[] { "Work_Address1", "Work_Address2", "Work_Address3", "Work_City", "Work_State", "Work_Postal", "Work_Country", "Work_Phone", "Work_Phone_Extension" }
                .Select(Text).ToArray();
            var values = new List<string?>
            {
                Text("EmplId"), rcd, Text("UniqName")?.ToLowerInvariant(), Text("FirstName"), Text("LastName"), Text("Name"), Text("DepartmentId"),
                Text("Dept_Description"), supervisor, Text("Jobcode"), Text("DepartmentJobTitle"), Text("UniversityJobTitle"),
            };
            values.AddRange(location);
            // Every simulated record has a uniqname, phone, full address, job code and title; only the supervisor varies.
            values.Add(supervisor is null ? "0.85" : "1.00");
            values.Add(supervisor is null ? """["missing_supervisor"]""" : "[]");
            rows.Add($"{values[0]}|{rcd}", values.ToArray());
        }

        return rows;
    }
}
