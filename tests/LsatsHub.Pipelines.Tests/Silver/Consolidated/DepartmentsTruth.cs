using System.Globalization;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

/// <summary>What <c>silver.departments</c> must hold for a world: one row per real department, computed from the world alone.</summary>
public static class DepartmentsTruth
{
    /// <summary>The compared columns, in the order of <see cref="Expected"/>'s values.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["department_name", "tdx_id", "source_system", "is_active", "college_name", "campus_name", "vp_area_name", "dept_group", "data_quality_score"];

    /// <summary>dept_id → values. A TDX account without a Code joins its UMich department through the DeptId its name starts with.</summary>
    public static Dictionary<string, string?[]> Expected(SimWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var d in world.Departments.Where(d => d.InUmApi || d.InTdx))
        {
            var key = d.InUmApi || !d.TdxCodeMissing ? d.DeptId : "TDX_" + d.TdxAccountId.ToString(CultureInfo.InvariantCulture);
            var college = d.InUmApi ? d.College : null;
            rows.Add(key,
            [
                d.InUmApi ? d.Name : $"{d.DeptId} - {d.Name}",
                d.InTdx ? d.TdxAccountId.ToString(CultureInfo.InvariantCulture) : null,
                d.InUmApi && d.InTdx ? "umapi+tdx" : d.InUmApi ? "umapi" : "tdx",
                "true",
                college?.DeptGroupDescription, college?.CampusDescription, college?.VpAreaDescription, college?.DeptGroup,
                d.InUmApi && d.InTdx ? "1.00" : d.InUmApi ? "0.90" : "0.65",
            ]);
        }

        return rows;
    }

    /// <summary>The dirty departments: TDX accounts without a Code (each must join its UMich department, flagged matched_by_name).</summary>
    public static IReadOnlyList<string> WithoutTdxCode(SimWorld world) =>
        [.. world.Departments.Where(d => d.TdxCodeMissing && d.InTdx && d.InUmApi).Select(d => d.DeptId)];
}
