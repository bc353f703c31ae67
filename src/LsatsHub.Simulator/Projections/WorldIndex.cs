using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Projections;

/// <summary>Lookups over a world that every projection needs.</summary>
public sealed class WorldIndex
{
    /// <summary>Indexes <paramref name="world"/>.</summary>
    public WorldIndex(SimWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        World = world;
        Departments = world.Departments.ToDictionary(d => d.DeptId, StringComparer.Ordinal);
        Computers = world.Computers.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var personGroups = new Dictionary<int, List<Group>>();
        var computerGroups = new Dictionary<string, List<Group>>(StringComparer.Ordinal);
        foreach (var group in world.Groups.Where(g => g.Kind != GroupKind.Mcommunity))
        {
            foreach (var member in group.MemberIds)
            {
                (personGroups.TryGetValue(member, out var list) ? list : personGroups[member] = []).Add(group);
            }

            foreach (var name in group.MemberComputerNames)
            {
                (computerGroups.TryGetValue(name, out var list) ? list : computerGroups[name] = []).Add(group);
            }
        }

        AdGroupsOfPerson = personGroups;
        AdGroupsOfComputer = computerGroups;
        PiIds = world.Labs.Select(l => l.PiPersonId).ToHashSet();
    }

    /// <summary>The indexed world.</summary>
    public SimWorld World { get; }

    /// <summary>Departments by DeptId.</summary>
    public IReadOnlyDictionary<string, Department> Departments { get; }

    /// <summary>Computers by canonical name.</summary>
    public IReadOnlyDictionary<string, Computer> Computers { get; }

    /// <summary>AD groups a person is a member of.</summary>
    public IReadOnlyDictionary<int, List<Group>> AdGroupsOfPerson { get; }

    /// <summary>AD groups a computer is a member of.</summary>
    public IReadOnlyDictionary<string, List<Group>> AdGroupsOfComputer { get; }

    /// <summary>People who lead a lab.</summary>
    public IReadOnlySet<int> PiIds { get; }

    /// <summary>The AD DN of a group.</summary>
    public static string AdGroupDn(Group group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return $"CN={group.Name},{(group.Kind == GroupKind.Synced ? AdLayout.McommAdSync : group.AdParentDn)}";
    }

    /// <summary>The AD DN of a computer.</summary>
    public static string AdComputerDn(Computer computer)
    {
        ArgumentNullException.ThrowIfNull(computer);
        return $"CN={computer.Name},{computer.OuDn}";
    }
}
