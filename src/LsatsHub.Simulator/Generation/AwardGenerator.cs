using System.Globalization;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Generation;

/// <summary>Awards naming lab PIs (role Principal Investigator) and co-investigators.</summary>
internal static class AwardGenerator
{
    public static List<Award> Generate(WorldOptions options, DateOnly asOf, IReadOnlyList<Lab> labs, IReadOnlyList<Person> people)
    {
        var random = RandomExtensions.Derive(options.Seed, 7);
        var piIds = labs.Select(l => l.PiPersonId).ToHashSet();
        var coInvestigators = people.Where(p => p.Affiliation is Affiliation.Faculty && p.DeptId is not null && !piIds.Contains(p.Id)).ToList();
        var awards = new List<Award>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lab in labs.Where(l => l.HasAwards))
        {
            var count = random.Next(1, 4);
            for (var i = 0; i < count; i++)
            {
                string id;
                do
                {
                    id = "AWD" + random.Next(10_000, 99_999).ToString("D6", CultureInfo.InvariantCulture);
                }
                while (!used.Add(id));

                var start = asOf.AddDays(-random.Next(30, 1_800));
                var end = start.AddYears(random.Next(1, 6)).AddDays(-1);
                var direct = random.Next(20, 900) * 1_000L;
                var rate = random.Pick([26m, 55m, 56.5m, 0m]);
                var named = new List<AwardPerson> { new(lab.PiPersonId, "Principal Investigator", lab.DeptId) };
                if (coInvestigators.Count > 0 && random.Chance(0.4))
                {
                    var co = random.Pick(coInvestigators);
                    named.Add(new AwardPerson(co.Id, random.Chance(0.8) ? "Co-Investigator" : "Participating Investigator", co.DeptId!));
                }

                var sponsor = random.Pick(NamePools.Sponsors);
                awards.Add(new Award(
                    id, "PRJ" + random.Next(10_000, 99_999).ToString("D6", CultureInfo.InvariantCulture),
                    $"{random.Pick(NamePools.AwardTopics)} {random.Pick(NamePools.AwardSubjects)}".Replace("  ", " ", StringComparison.Ordinal).Trim(),
                    random.Chance(0.85) ? "Research" : "Training", lab.DeptId, start, end, random.Chance(0.1) ? end.AddYears(-1) : null,
                    direct, (long)(direct * rate / 100m), rate, sponsor, $"{sponsor[..3].ToUpperInvariant()}-{start.Year}-{random.Next(1, 999):D3}",
                    sponsor.Contains("Foundation", StringComparison.Ordinal) ? "Foundation" : "Federal",
                    sponsor.Contains("Foundation", StringComparison.Ordinal) ? "Private" : "Government",
                    random.Chance(0.2) ? "National Institutes of Health" : null, start.AddDays(-random.Next(5, 60)), named));
            }
        }

        return awards;
    }
}
