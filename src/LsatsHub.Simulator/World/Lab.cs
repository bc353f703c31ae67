namespace LsatsHub.Simulator.World;

/// <summary>A research lab: its PI, people, computers, AD OU and groups.</summary>
/// <param name="PiUniqname">The PI's uniqname, also the lab's id.</param>
/// <param name="PiPersonId">The PI.</param>
/// <param name="DeptId">The PI's department.</param>
/// <param name="OuName">Lab OU name (&lt;uniqname&gt;-lab or &lt;dept&gt;-&lt;uniqname&gt;), null when the lab has no OU.</param>
/// <param name="OuDn">Lab OU DN, null when the lab has no OU.</param>
/// <param name="MemberIds">Members (PI excluded).</param>
/// <param name="ManagerIds">Members who manage the lab.</param>
/// <param name="ComputerNames">Canonical names of the lab's computers.</param>
/// <param name="GroupName">MCommunity members group (owned by the PI).</param>
/// <param name="HasAwards">Has at least one award naming the PI as Principal Investigator.</param>
public sealed record Lab(
    string PiUniqname,
    int PiPersonId,
    string DeptId,
    string? OuName,
    string? OuDn,
    IReadOnlyList<int> MemberIds,
    IReadOnlyList<int> ManagerIds,
    IReadOnlyList<string> ComputerNames,
    string GroupName,
    bool HasAwards);
