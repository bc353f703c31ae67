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

    /// <summary>
    /// Labs whose members no rule can confuse: the PI owns and belongs to no group other than the lab's own (the world
    /// makes random people owners of ordinary groups, so a PI may administer and sit in, say, an alumni list).
    /// </summary>
    public static HashSet<string> LabsWithUnambiguousGroups(SimWorld world)
    {
        var pis = Labs(world);
        var ambiguous = world.Groups
            .Where(group => group.LabPi is null)
            .SelectMany(group => group.OwnerIds.Intersect(group.MemberIds).Select(id => world.People[id].Uniqname))
            .Where(pis.Contains)
            .ToHashSet(StringComparer.Ordinal);
        return pis.Where(pi => !ambiguous.Contains(pi)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Computers whose lab is unambiguous: every lab computer, and the department machines that nothing ties to a PI
    /// (not owned by a PI, the name holding no PI's uniqname). The world gives some department machines a PI as owner,
    /// which the tier-1 rule owner_is_pi rightly reads as the PI's lab.
    /// </summary>
    public static HashSet<string> UnambiguousComputers(SimWorld world)
    {
        var pis = world.Labs.Select(lab => lab.PiPersonId).ToHashSet();
        var names = world.Labs.Select(lab => lab.PiUniqname.ToUpperInvariant()).ToList();
        return world.Computers
            .Where(computer => computer.LabPi is not null
                || (!(computer.OwnerPersonId is { } owner && pis.Contains(owner)) && !names.Any(name => computer.Name.Contains(name, StringComparison.Ordinal))))
            .Select(computer => computer.Name)
            .ToHashSet(StringComparer.Ordinal);
    }
}
