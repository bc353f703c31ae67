using System.Text.Json.Nodes;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Projections;

/// <summary>The world as the UMich API gateway returns it (docs/sources.md, UMich API).</summary>
public sealed class UmApiProjection(WorldIndex index)
{
    /// <summary>DeptData records in DeptId order.</summary>
    public IEnumerable<JsonObject> Departments() =>
        index.World.Departments.Where(d => d.InUmApi).OrderBy(d => d.DeptId, StringComparer.Ordinal).Select(Department);

    /// <summary>DeptEmpData records (one per employment) in EmplId, EmplRcd order.</summary>
    public IEnumerable<JsonObject> Employees() => Employments().Select(x => Employee(x.Person, x.Employment));

    /// <summary>The people and employments behind <see cref="Employees"/>, in the same order (each record is made when served).</summary>
    public IEnumerable<(Person Person, Employment Employment)> Employments() =>
        index.World.People.Where(p => p.InUmApi).OrderBy(p => p.EmplId, StringComparer.Ordinal)
            .SelectMany(p => p.Employments.Select(e => (p, e)));

    /// <summary>The department of an employment (DepartmentId, Dept_Description).</summary>
    public Department DepartmentOf(Employment employment)
    {
        ArgumentNullException.ThrowIfNull(employment);
        return index.Departments[employment.DeptId];
    }

    /// <summary>One DeptData record.</summary>
    public static JsonObject Department(Department department)
    {
        ArgumentNullException.ThrowIfNull(department);
        var college = department.College;
        return new JsonObject
        {
            ["DeptId"] = department.DeptId,
            ["DeptDescription"] = department.Name,
            ["DeptGroup"] = college.DeptGroup,
            ["DeptGroupDescription"] = college.DeptGroupDescription,
            ["DeptGroupVPArea"] = college.VpArea,
            ["DeptGroupVPAreaDescr"] = college.VpAreaDescription,
            ["DeptGroupCampus"] = college.Campus,
            ["DeptGroupCampusDescr"] = college.CampusDescription,
        };
    }

    /// <summary>One DeptEmpData record.</summary>
    public JsonObject Employee(Person person, Employment employment)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(employment);
        var department = index.Departments[employment.DeptId];
        return new JsonObject
        {
            ["EmplId"] = person.EmplId,
            ["EmplRcd"] = employment.EmplRcd,
            ["UniqName"] = person.Uniqname,
            ["Name"] = $"{person.LastName},{person.FirstName}{(person.MiddleName is null ? string.Empty : " " + person.MiddleName)}",
            ["FirstName"] = person.Dirt.MalformedUmApi ? null : person.FirstName,
            ["LastName"] = person.LastName,
            ["DepartmentId"] = department.DeptId,
            ["Dept_Description"] = department.Name,
            ["DepartmentJobTitle"] = employment.DepartmentJobTitle,
            ["UniversityJobTitle"] = employment.UniversityJobTitle,
            ["Jobcode"] = employment.JobCode,
            ["SupervisorId"] = employment.SupervisorEmplId ?? string.Empty,
            ["Work_Phone"] = $"734/{(person.UidNumber % 900) + 100:D3}-{person.UidNumber % 10_000:D4}",
            ["Work_Phone_Extension"] = string.Empty,
            ["Work_Address1"] = department.IsLsa ? "500 S State St" : "1000 Example Hall",
            ["Work_Address2"] = string.Empty,
            ["Work_Address3"] = string.Empty,
            ["Work_City"] = "Ann Arbor",
            ["Work_State"] = "MI",
            ["Work_Postal"] = "48109",
            ["Work_Country"] = "USA",
        };
    }
}
