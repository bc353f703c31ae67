using System.Globalization;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Generation;

/// <summary>Colleges and departments with UMich DeptIds and matching TDX accounts.</summary>
internal static class DepartmentGenerator
{
    private const string Campus = "UM_ANN-ARBOR";
    private const string CampusDescription = "Univ Michigan-Ann Arbor";

    public static readonly College Lsa = new("COLLEGE_OF_LSA", "College of Lit, Science & Arts", "PRVST_EXC_VP_ACA_AFF", "Provost & Exec VP Academic Affairs", Campus, CampusDescription);

    public static readonly IReadOnlyList<College> Colleges =
    [
        Lsa,
        new("COLLEGE_OF_ENGINEERING", "College of Engineering", "PRVST_EXC_VP_ACA_AFF", "Provost & Exec VP Academic Affairs", Campus, CampusDescription),
        new("MEDICAL_SCHOOL", "Medical School", "EXEC_VP_MED_AFF", "Executive VP Medical Affairs", Campus, CampusDescription),
        new("SCHOOL_OF_INFORMATION", "School of Information", "PRVST_EXC_VP_ACA_AFF", "Provost & Exec VP Academic Affairs", Campus, CampusDescription),
        new("SCHOOL_OF_MUSIC", "School of Music, Theatre & Dance", "PRVST_EXC_VP_ACA_AFF", "Provost & Exec VP Academic Affairs", Campus, CampusDescription),
        new("BUSINESS_SCHOOL", "Stephen M. Ross School of Business", "PRVST_EXC_VP_ACA_AFF", "Provost & Exec VP Academic Affairs", Campus, CampusDescription),
        new("SCHOOL_OF_PUBLIC_HEALTH", "School of Public Health", "PRVST_EXC_VP_ACA_AFF", "Provost & Exec VP Academic Affairs", Campus, CampusDescription),
        new("INFORMATION_TECH_SERVICES", "Information & Technology Services", "VP_CIO", "VP for Information Technology & CIO", Campus, CampusDescription),
        new("UNIVERSITY_LIBRARY", "University Library", "PRVST_EXC_VP_ACA_AFF", "Provost & Exec VP Academic Affairs", Campus, CampusDescription),
        new("FLINT_CAMPUS", "UM-Flint Academic Units", "CHANC_FLINT", "Chancellor UM-Flint", "UM_FLINT", "Univ Michigan-Flint"),
    ];

    public static List<Department> Generate(WorldOptions options, WorldCounts counts)
    {
        var random = RandomExtensions.Derive(options.Seed, 1);
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        var departments = new List<Department>(counts.Departments);
        var nextAccountId = 1000;

        string NewDeptId()
        {
            while (true)
            {
                var id = random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
                if (usedIds.Add(id))
                {
                    return id;
                }
            }
        }

        int NewAccountId() => nextAccountId += random.Next(1, 9);

        var collegeRoots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var college in Colleges)
        {
            var id = NewDeptId();
            collegeRoots[college.DeptGroup] = id;
            var isLsa = ReferenceEquals(college, Lsa);
            departments.Add(new Department(id, isLsa ? "LSA Administration" : college.DeptGroupDescription + " Administration", null, college, NewAccountId(), true, true, false,
                isLsa ? "lsa" : "adm", null, null));
        }

        var lsaCount = Math.Clamp((int)Math.Round(counts.Departments * 0.02), 6, 120);
        for (var i = 0; i < lsaCount; i++)
        {
            var (name, abbreviation, ou) = NamePools.LsaDepartments[i % NamePools.LsaDepartments.Length];
            var round = i / NamePools.LsaDepartments.Length;
            if (round > 0)
            {
                name += " " + (round + 1).ToString(CultureInfo.InvariantCulture);
                abbreviation = abbreviation[..Math.Min(abbreviation.Length, 5)] + (char)('a' + round - 1);
                ou += (round + 1).ToString(CultureInfo.InvariantCulture);
            }

            departments.Add(new Department(NewDeptId(), name, collegeRoots[Lsa.DeptGroup], Lsa, NewAccountId(), true, true, false, abbreviation, ou,
                NamePools.Regions[i % NamePools.Regions.Length]));
        }

        while (departments.Count < counts.Departments)
        {
            var college = Colleges[1 + random.Next(Colleges.Count - 1)];
            var name = $"{college.DeptGroupDescription.Split(' ')[0]} {random.Pick(NamePools.Subjects)} {random.Pick(NamePools.UnitSuffixes)}";
            departments.Add(new Department(NewDeptId(), name, collegeRoots[college.DeptGroup], college, NewAccountId(), true, true, false, "dept", null, null));
        }

        // Realistic gaps: a few departments only one source knows, and TDX accounts without a Code.
        var nonLsa = departments.Where(d => !d.IsLsa && d.ParentDeptId is not null).ToList();
        var malformed = RandomExtensions.CountFor(nonLsa.Count, options.Dirt.Malformed);
        var picked = random.Sample(nonLsa, malformed * 3);
        for (var i = 0; i < picked.Count; i++)
        {
            var index = departments.IndexOf(picked[i]);
            departments[index] = (i % 3) switch
            {
                0 => picked[i] with { InTdx = false },
                1 => picked[i] with { InUmApi = false },
                _ => picked[i] with { TdxCodeMissing = true },
            };
        }

        return departments;
    }
}
