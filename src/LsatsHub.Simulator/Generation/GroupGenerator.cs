using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Generation;

/// <summary>MCommunity and AD groups: one members group per lab (owned by the PI), a computers group per lab, and ordinary groups.</summary>
internal static class GroupGenerator
{
    public static List<Group> Generate(WorldOptions options, DateTimeOffset now, WorldCounts counts, IReadOnlyList<Lab> labs, IReadOnlyList<Person> people, IReadOnlyList<Department> departments)
    {
        var random = RandomExtensions.Derive(options.Seed, 6);
        var groups = new List<Group>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var nextGid = 1_000_000;
        var nextRid = 8_000_000;
        var byId = departments.ToDictionary(d => d.DeptId, StringComparer.Ordinal);

        Group NewGroup(string name, string display, GroupKind kind, IEnumerable<int> members, IEnumerable<int> owners, IReadOnlyList<string> computers, string adParent, string description, string? labPi)
        {
            names.Add(name);
            return new Group(name, display, kind, [.. members.Distinct().Order()], [.. owners.Distinct()], computers, nextGid += random.Next(1, 50),
                random.NextGuid(), nextRid++, adParent, description, labPi, random.DaysBefore(now, 60, 5_000));
        }

        foreach (var lab in labs)
        {
            var pi = people[lab.PiPersonId];
            var department = byId[lab.DeptId];
            var synced = random.Chance(0.5);
            groups.Add(NewGroup(lab.GroupName, $"{pi.FullName} Lab", synced ? GroupKind.Synced : GroupKind.Mcommunity,
                [lab.PiPersonId, .. lab.MemberIds], [lab.PiPersonId], [], AdLayout.McommAdSync, $"Members of the {pi.LastName} lab", lab.PiUniqname));
            if (lab.ComputerNames.Count > 0)
            {
                groups.Add(NewGroup($"lsa-{lab.PiUniqname}-computers", $"{pi.FullName} Lab Computers", GroupKind.ActiveDirectory,
                    [], [lab.PiPersonId], lab.ComputerNames, AdLayout.DepartmentGroupsOu(department), "Computers of the lab", lab.PiUniqname));
            }
        }

        var mcomPeople = people.Where(p => p.Presence.InMcommunity && !p.Dirt.MalformedMcommunity).Select(p => p.Id).ToList();
        var adPeople = people.Where(p => p.Presence.InAd).Select(p => p.Id).ToList();
        var employees = people.Where(p => p.InUmApi && p.Presence.InMcommunity).Select(p => p.Id).ToList();
        var lsa = departments.Where(d => d.IsLsa).ToList();

        // Counted as groups are added (a synced group is both an MCommunity and an AD group), not recounted per draw.
        var counted = 0;
        var mcommunityGroups = 0;
        var adGroups = 0;
        int CountOf(GroupKind kind)
        {
            for (; counted < groups.Count; counted++)
            {
                var added = groups[counted].Kind;
                mcommunityGroups += added is GroupKind.Mcommunity or GroupKind.Synced ? 1 : 0;
                adGroups += added is GroupKind.ActiveDirectory or GroupKind.Synced ? 1 : 0;
            }

            return kind == GroupKind.Mcommunity ? mcommunityGroups : adGroups;
        }

        while (CountOf(GroupKind.Mcommunity) < counts.McommunityGroups)
        {
            var department = random.Pick(departments);
            var name = $"{department.Abbreviation}-{random.Pick(NamePools.GroupWords)}-{random.NextLetters(3)}";
            if (names.Contains(name))
            {
                continue;
            }

            var kind = random.Chance(0.08) && department.IsLsa ? GroupKind.Synced : GroupKind.Mcommunity;
            groups.Add(NewGroup(name, name.Replace('-', ' '), kind, random.Sample(mcomPeople, random.Next(1, 40)), random.Sample(employees, random.Next(1, 3)), [],
                AdLayout.McommAdSync, random.Chance(0.1) ? string.Empty : $"{department.Name} {name.Split('-')[1]}", null));
        }

        while (CountOf(GroupKind.ActiveDirectory) < counts.AdGroups)
        {
            var department = random.Pick(lsa);
            var name = $"lsa-{department.Abbreviation}-{random.Pick(NamePools.GroupWords)}{random.Next(1, 99)}";
            if (names.Contains(name))
            {
                continue;
            }

            groups.Add(NewGroup(name, name, GroupKind.ActiveDirectory, random.Sample(adPeople, random.Next(1, 30)), random.Sample(employees, 1), [],
                AdLayout.DepartmentGroupsOu(department), $"{department.Name} access group", null));
        }

        return groups;
    }
}
