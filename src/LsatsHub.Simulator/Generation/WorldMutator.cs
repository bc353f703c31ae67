using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Generation;

/// <summary>
/// One month of a university, deterministically: new hires, departures, renames, moved computers, and the password,
/// logon and inventory times that move on their own, each at its rate in <see cref="ChurnRates"/>.
/// </summary>
public static class WorldMutator
{
    /// <summary>Applies the month that follows <paramref name="world"/>'s generation.</summary>
    public static SimWorld Apply(SimWorld world) => Apply(world, ChurnRates.Monthly);

    /// <summary>Applies one month at the given rates.</summary>
    public static SimWorld Apply(SimWorld world, ChurnRates rates)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(rates);
        var options = world.Options;
        var random = RandomExtensions.Derive(options.Seed, 100 + world.Generation);
        var asOf = world.AsOf.AddMonths(1);
        var now = new DateTimeOffset(asOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var people = world.People.ToList();
        // At least two of each, so the smallest test worlds still see every kind of change.
        var employees = people.Count(p => p.InUmApi);
        int Batch(double rate) => Math.Max(2, (int)Math.Round(employees * rate));
        var inLabs = world.Labs.SelectMany(l => l.MemberIds.Append(l.PiPersonId)).ToHashSet();

        var departures = random.Sample(people.Where(p => p.InUmApi && !inLabs.Contains(p.Id)).Select(p => p.Id).ToList(), Batch(rates.Departures));
        foreach (var id in departures)
        {
            var p = people[id];
            people[id] = p with { Affiliation = Affiliation.Alumni, Employments = [], Presence = p.Presence with { TdxActive = false, AdDisabled = p.Presence.InAd } };
        }

        var renames = random.Sample(people.Where(p => p.InUmApi && p.Presence.InMcommunity).Select(p => p.Id).ToList(), Batch(rates.Renames));
        foreach (var id in renames)
        {
            var p = people[id];
            people[id] = p with { LastName = random.Pick(NamePools.LastNames) + "-" + p.LastName.Split('-')[^1], Dirt = p.Dirt with { PreviousLastName = null } };
        }

        var hiring = new PeopleGenerator(options with { Dirt = DirtRates.None }, now, world.Departments, randomStream: 1_000 + world.Generation);
        foreach (var existing in people)
        {
            hiring.Uniqnames.Reserve(existing.Uniqname);
        }

        var emplIds = people.Select(p => p.EmplId).ToHashSet(StringComparer.Ordinal);
        var maxUid = people.Max(p => p.UidNumber);
        var maxRid = people.Max(p => p.AdRid);
        var maxReference = people.Max(p => p.TdxReferenceId);
        // Burn draws per generation so each batch hires different people.
        for (var i = 0; i < world.Generation * 7; i++)
        {
            hiring.NewPerson(-1, Affiliation.Staff);
        }

        var hires = Batch(rates.Hires);
        for (var i = 0; i < hires; i++)
        {
            var hire = hiring.NewPerson(people.Count, random.Chance(0.2) ? Affiliation.Faculty : Affiliation.Staff);
            var emplId = hire.EmplId;
            while (!emplIds.Add(emplId))
            {
                emplId = random.Next(10_000_000, 99_999_999).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
            }

            if (hire.Employments.Count == 0)
            {
                hire = hire with { Employments = [new Employment(0, world.Departments[random.Next(world.Departments.Count)].DeptId, PeopleGenerator.JobCodeFor(hire.Title), hire.Title, hire.Title, null)] };
            }

            people.Add(hire with
            {
                EmplId = emplId,
                DeptId = hire.Employments[0].DeptId,
                UidNumber = maxUid + 1 + i,
                AdRid = maxRid + 1 + i,
                TdxReferenceId = maxReference + 1 + i,
                Created = now.AddDays(-random.Next(1, 28)),
                Presence = new SourcePresence(true, true, true, false, true),
            });
        }

        var computers = world.Computers.ToList();
        var lsa = world.Departments.Where(d => d.IsLsa).ToList();
        var movable = computers.Select((c, i) => (c, i)).Where(x => x.c.LabPi is null).Select(x => x.i).ToList();
        var staffByDepartment = people.Where(p => p.DeptId is not null && p.InUmApi).GroupBy(p => p.DeptId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Id).ToList(), StringComparer.Ordinal);
        foreach (var index in random.Sample(movable, Math.Max(1, (int)Math.Round(computers.Count * rates.ComputerMoves))))
        {
            var target = random.Pick(lsa);
            var staff = staffByDepartment.TryGetValue(target.DeptId, out var inTarget) ? inTarget : [];
            computers[index] = computers[index] with
            {
                DeptId = target.DeptId,
                OuDn = AdLayout.DepartmentWorkstationsOu(target),
                OwnerPersonId = staff.Count > 0 ? random.Pick(staff) : null,
            };
        }

        var moved = world with
        {
            Generation = world.Generation + 1,
            AsOf = asOf,
            People = people,
            Computers = computers,
            McommunityChanged = McommunityChanges(world, people, now),
        };
        return ActivityChurn.Apply(world, moved, rates, RandomExtensions.Derive(options.Seed, 200 + world.Generation));
    }

    /// <summary>
    /// The month's MCommunity modifications: every person whose record changed (a departure's affiliation, a rename) is
    /// modified at a moment strictly inside the month, after the previous generation's date, as on a real server where
    /// a change committed after a reader's high-water mark carries a later modifyTimestamp. Hires carry their creation.
    /// </summary>
    private static Dictionary<int, DateTimeOffset> McommunityChanges(SimWorld before, List<Person> people, DateTimeOffset now)
    {
        var changed = new Dictionary<int, DateTimeOffset>(before.McommunityChanged);
        var random = RandomExtensions.Derive(before.Options.Seed, 300 + before.Generation);
        var seconds = (int)(now - before.Now).TotalSeconds;
        for (var id = 0; id < before.People.Count; id++)
        {
            if (!ReferenceEquals(before.People[id], people[id]) && people[id].Presence.InMcommunity)
            {
                changed[id] = before.Now.AddSeconds(random.Next(1, seconds + 1));
            }
        }

        for (var id = before.People.Count; id < people.Count; id++)
        {
            changed[id] = people[id].Created;
        }

        return changed;
    }
}
