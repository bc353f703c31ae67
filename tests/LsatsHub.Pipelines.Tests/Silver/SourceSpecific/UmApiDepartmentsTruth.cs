using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>What silver.umapi_departments must hold for a world: the API's departments, as PostgreSQL prints them.</summary>
public static class UmApiDepartmentsTruth
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "dept_id", "department_name", "dept_group", "dept_group_campus", "dept_group_vp_area", "college_name", "campus_name",
        "vp_area_name", "hierarchical_path", "data_quality_score", "quality_flags",
    ];

    public static Dictionary<string, string?[]> Expected(SimWorld world) =>
        new UmApiProjection(new WorldIndex(world)).Departments().ToDictionary(
            department => department["DeptId"]!.GetValue<string>(),
            department =>
            {
                string Text(string key) => department[key]!.GetValue<string>();
                return new string?[]
                {
                    Text("DeptId"), Text("DeptDescription"), Text("DeptGroup"), Text("DeptGroupCampus"), Text("DeptGroupVPArea"),
                    Text("DeptGroupDescription"), Text("DeptGroupCampusDescr"), Text("DeptGroupVPAreaDescr"),
                    $"{Text("DeptGroupCampusDescr")} -> {Text("DeptGroupVPAreaDescr")} -> {Text("DeptGroupDescription")} -> {Text("DeptDescription")}",
                    "1.00", "[]",
                };
            },
            StringComparer.Ordinal);
}
