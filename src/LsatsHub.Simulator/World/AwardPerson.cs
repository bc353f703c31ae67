namespace LsatsHub.Simulator.World;

/// <summary>One person named on an award (one CSV row).</summary>
public sealed record AwardPerson(int PersonId, string Role, string DeptId);
