using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Generation;

/// <summary>The AD OU tree (spec layout: Accounts, Organizations/LSA with Users and Groups, Research and Instrumentation, Workstations), parents first.</summary>
internal static class OrganizationalUnitGenerator
{
    public static List<OrganizationalUnit> Generate(WorldOptions options, DateTimeOffset now, IReadOnlyList<Department> departments, IReadOnlyList<Lab> labs, IReadOnlyList<Person> people)
    {
        var random = RandomExtensions.Derive(options.Seed, 4);
        var units = new List<OrganizationalUnit>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        void Add(string dn, string description = "", string? managedBy = null)
        {
            if (seen.Add(dn))
            {
                var name = dn[3..dn.IndexOf(',', StringComparison.Ordinal)];
                units.Add(new OrganizationalUnit(dn, name, random.NextGuid(), description, managedBy, random.DaysBefore(now, 200, 6_000)));
            }
        }

        Add(AdLayout.Umich, "University of Michigan");
        Add("OU=Accounts," + AdLayout.Umich);
        Add(AdLayout.People);
        Add(AdLayout.ServiceAccounts);
        Add("OU=Organizations," + AdLayout.Umich);
        Add(AdLayout.Lsa, "College of Literature, Science, and the Arts");
        Add(AdLayout.UsersAndGroups);
        Add(AdLayout.McommAdSync, "Groups synchronised from MCommunity");
        Add(AdLayout.ResearchAndInstrumentation);
        Add(AdLayout.ResearchCurrent);
        Add(AdLayout.Workstations);
        foreach (var department in departments.Where(d => d.IsLsa))
        {
            Add($"OU={department.Region},{AdLayout.Workstations}");
            Add(AdLayout.DepartmentWorkstationsOu(department), department.Name);
            Add($"OU={department.Region},{AdLayout.ResearchCurrent}");
            Add($"OU={department.AdOuName},OU={department.Region},{AdLayout.ResearchCurrent}", department.Name);
            Add(AdLayout.DepartmentGroupsOu(department), department.Name);
        }

        foreach (var lab in labs)
        {
            if (lab.OuDn is not { } labOu)
            {
                continue;
            }

            Add(labOu[(labOu.IndexOf(',', StringComparison.Ordinal) + 1)..]);
            Add(labOu, $"{people[lab.PiPersonId].FullName} Lab", AdLayout.AdUserDn(lab.PiUniqname));
        }

        return units;
    }
}
