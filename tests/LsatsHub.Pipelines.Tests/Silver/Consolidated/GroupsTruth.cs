using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

/// <summary>What <c>silver.groups</c>, <c>group_members</c> and <c>group_owners</c> must hold for a world, computed from the world alone.</summary>
public static class GroupsTruth
{
    /// <summary>The compared columns of <c>silver.groups</c>, in the order of <see cref="Groups"/>' values.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["source_system", "ad_group_guid", "group_name", "group_email", "description", "is_mcomm_adsync", "is_security_group", "cn"];

    /// <summary>MCommunity serves the group (a group of names needs a member).</summary>
    public static bool InMcommunity(Group group) => group.Kind != GroupKind.ActiveDirectory && group.MemberIds.Count > 0;

    /// <summary>AD has the group.</summary>
    public static bool InAd(Group group) => group.Kind != GroupKind.Mcommunity;

    /// <summary>group_id → values.</summary>
    public static Dictionary<string, string?[]> Groups(SimWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        return world.Groups.Where(g => InAd(g) || InMcommunity(g)).ToDictionary(
            g => g.Name,
            g => new[]
            {
                SourceSystem(g),
                InAd(g) ? g.AdGuid.ToString() : null,
                g.Name,
                InMcommunity(g) || g.Kind == GroupKind.Synced ? g.Name + "@umich.edu" : null,
                string.IsNullOrWhiteSpace(g.Description) ? null : g.Description.Trim(),
                g.Kind == GroupKind.Synced ? "true" : "false",
                InAd(g) ? (g.Kind == GroupKind.Synced ? "false" : "true") : null,
                g.Name,
            },
            StringComparer.Ordinal);
    }

    /// <summary>Every membership: group_id|user|uniqname|source_system|is_direct (a person either source lists).</summary>
    public static HashSet<string> Members(SimWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in world.Groups.Where(g => InAd(g) || InMcommunity(g)))
        {
            var ids = new HashSet<int>();
            if (InAd(g))
            {
                ids.UnionWith(g.MemberIds.Where(id => world.People[id].Presence.InAd));
            }

            if (InMcommunity(g))
            {
                ids.UnionWith(g.MemberIds);
            }

            rows.UnionWith(ids.Select(id => $"{g.Name}|user|{world.People[id].Uniqname}|{SourceSystem(g)}|true"));
        }

        return rows;
    }

    /// <summary>Every ownership: group_id|user|uniqname|source_system (MCommunity's owners, AD's managedBy = the first owner AD has).</summary>
    public static HashSet<string> Owners(SimWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in world.Groups.Where(g => InAd(g) || InMcommunity(g)))
        {
            var ids = new HashSet<int>();
            if (InMcommunity(g))
            {
                ids.UnionWith(g.OwnerIds);
            }

            if (InAd(g) && g.OwnerIds.Where(id => world.People[id].Presence.InAd).Take(1).ToList() is [var managedBy])
            {
                ids.Add(managedBy);
            }

            rows.UnionWith(ids.Select(id => $"{g.Name}|user|{world.People[id].Uniqname}|{SourceSystem(g)}"));
        }

        return rows;
    }

    /// <summary>Computer members of AD groups: neither people nor groups, so skipped and counted.</summary>
    public static int ComputerMembers(SimWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var inAd = world.Computers.Where(c => c.InAd).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return world.Groups.Where(InAd).Sum(g => g.MemberComputerNames.Count(inAd.Contains));
    }

    private static string SourceSystem(Group g) => (InAd(g), InMcommunity(g)) switch
    {
        (true, true) => "ad+mcommunity",
        (true, false) => "ad",
        _ => "mcommunity",
    };
}
