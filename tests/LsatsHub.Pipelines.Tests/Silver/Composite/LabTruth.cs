using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.Composite;

/// <summary>What the simulated university says the lab tables must hold: its labs, their people, managers and machines.</summary>
public static class LabTruth
{
    /// <summary>Lab ids (the PI uniqnames).</summary>
    public static HashSet<string> Labs(SimWorld world) => world.Labs.Select(lab => lab.PiUniqname).ToHashSet(StringComparer.Ordinal);

    /// <summary>(lab, member) pairs, the PI left out (the world's members exclude the PI).</summary>
    public static HashSet<(string Lab, string Member)> Members(SimWorld world) =>
        world.Labs.SelectMany(lab => lab.MemberIds.Select(id => (lab.PiUniqname, world.People[id].Uniqname))).ToHashSet();

    /// <summary>(lab, manager) pairs.</summary>
    public static HashSet<(string Lab, string Manager)> Managers(SimWorld world) =>
        world.Labs.SelectMany(lab => lab.ManagerIds.Select(id => (lab.PiUniqname, world.People[id].Uniqname))).ToHashSet();

    /// <summary>(computer id, lab) pairs: silver's computer_id is the canonical upper-case name.</summary>
    public static HashSet<(string Computer, string Lab)> Computers(SimWorld world) =>
        world.Computers.Where(computer => computer.LabPi is not null).Select(computer => (computer.Name, computer.LabPi!)).ToHashSet();
}
