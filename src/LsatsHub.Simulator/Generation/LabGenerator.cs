using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Generation;

/// <summary>Research labs: PIs from LSA faculty, members from their department, designated managers, OU placement.</summary>
internal static class LabGenerator
{
    public static List<Lab> Generate(WorldOptions options, int count, List<Person> people, IReadOnlyList<Department> departments)
    {
        var random = RandomExtensions.Derive(options.Seed, 3);
        var byId = departments.ToDictionary(d => d.DeptId, StringComparer.Ordinal);
        bool IsCleanEverywhere(Person p) =>
            p.InUmApi && p.Presence is { InTdx: true, InAd: true, InMcommunity: true, AdDisabled: false, TdxActive: true }
            && !p.Dirt.MalformedTdx && !p.Dirt.MalformedUmApi && !p.Dirt.MalformedMcommunity;

        var candidates = people.Where(p => p.Affiliation is Affiliation.Faculty && p.DeptId is not null && byId[p.DeptId].IsLsa && IsCleanEverywhere(p)).ToList();
        if (candidates.Count < count)
        {
            // Small worlds may lack faculty: promote clean LSA staff so every scale has labs.
            var promotable = people.Where(p => p.Affiliation is Affiliation.Staff && p.DeptId is not null && byId[p.DeptId].IsLsa && IsCleanEverywhere(p)).ToList();
            foreach (var staff in random.Sample(promotable, count - candidates.Count))
            {
                var promoted = staff with
                {
                    Affiliation = Affiliation.Faculty,
                    Title = "Associate Professor",
                    Employments = [.. staff.Employments.Select(e => e.EmplRcd == 0 ? e with { DepartmentJobTitle = "Associate Professor", UniversityJobTitle = "Associate Professor", JobCode = PeopleGenerator.JobCodeFor("Associate Professor") } : e)],
                };
                people[staff.Id] = promoted;
                candidates.Add(promoted);
            }
        }

        var pis = random.Sample(candidates, count);
        var taken = new HashSet<int>(pis.Select(p => p.Id));
        var labs = new List<Lab>(pis.Count);
        // Each department's people in id order, so a lab's member pool is not a scan of the whole university.
        var idsByDepartment = people.Where(p => p.DeptId is not null).GroupBy(p => p.DeptId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Id).ToList(), StringComparer.Ordinal);
        foreach (var pi in pis.OrderBy(p => p.Uniqname, StringComparer.Ordinal))
        {
            var department = byId[pi.DeptId!];
            var pool = idsByDepartment[department.DeptId].Select(id => people[id])
                .Where(p => !taken.Contains(p.Id) && p.Affiliation is Affiliation.Staff or Affiliation.Student && (p.Affiliation is Affiliation.Student || IsCleanEverywhere(p))).ToList();
            var members = random.Sample(pool, random.Next(3, 11));
            foreach (var member in members)
            {
                taken.Add(member.Id);
            }

            var staffMembers = members.Where(m => m.Affiliation is Affiliation.Staff).ToList();
            var managerCount = staffMembers.Count == 0 ? 0 : random.NextDouble() switch { < 0.15 => 0, < 0.85 => 1, _ => Math.Min(2, staffMembers.Count) };
            var managers = random.Sample(staffMembers, managerCount);
            foreach (var member in staffMembers)
            {
                var (title, code) = managers.Contains(member)
                    ? random.Pick(NamePools.ManagerTitles)
                    : (random.Pick(NamePools.LabMemberTitles), string.Empty);
                code = code.Length == 0 ? PeopleGenerator.JobCodeFor(title) : code;
                people[member.Id] = member with
                {
                    Title = title,
                    Employments = [.. member.Employments.Select(e => e with { DepartmentJobTitle = title, UniversityJobTitle = title, JobCode = code })],
                };
            }

            var hasOu = random.Chance(0.85);
            var hasAwards = !hasOu || random.Chance(0.85);
            string? ouName = null;
            string? ouDn = null;
            if (hasOu)
            {
                ouName = random.Chance(0.6) ? $"{pi.Uniqname}-lab" : $"{department.Abbreviation}-{pi.Uniqname}";
                ouDn = random.Chance(0.5)
                    ? $"OU={ouName},OU=Research Labs,{AdLayout.DepartmentWorkstationsOu(department)}"
                    : $"OU={ouName},OU={department.AdOuName},OU={department.Region},{AdLayout.ResearchCurrent}";
            }

            labs.Add(new Lab(pi.Uniqname, pi.Id, department.DeptId, ouName, ouDn, [.. members.Select(m => m.Id).Order()],
                [.. managers.Select(m => m.Id).Order()], [], $"{pi.Uniqname}-lab", hasAwards));
        }

        return labs;
    }
}
