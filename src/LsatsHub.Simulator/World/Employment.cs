namespace LsatsHub.Simulator.World;

/// <summary>One UMich API employment record (a person may hold several: same EmplId, other EmplRcd).</summary>
public sealed record Employment(
    int EmplRcd,
    string DeptId,
    string JobCode,
    string DepartmentJobTitle,
    string UniversityJobTitle,
    string? SupervisorEmplId);
