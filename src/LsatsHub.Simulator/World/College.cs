namespace LsatsHub.Simulator.World;

/// <summary>A UMich department group (DeptGroup) with its VP area and campus.</summary>
public sealed record College(
    string DeptGroup,
    string DeptGroupDescription,
    string VpArea,
    string VpAreaDescription,
    string Campus,
    string CampusDescription);
