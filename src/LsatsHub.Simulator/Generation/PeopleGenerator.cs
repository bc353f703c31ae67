using System.Globalization;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Generation;

/// <summary>People with uniqnames, EmplIds, employment, source presence and dirt.</summary>
/// <param name="randomStream">Which derived random stream to draw from: each generation of hires needs its own, or new hires repeat the first people's GUIDs.</param>
internal sealed class PeopleGenerator(WorldOptions options, DateTimeOffset now, IReadOnlyList<Department> departments, int randomStream = 2)
{
    private readonly Random _random = RandomExtensions.Derive(options.Seed, randomStream);
    private readonly HashSet<string> _emplIds = new(StringComparer.Ordinal);
    private UniqnameAllocator? _uniqnames;
    private List<Department>? _lsa;
    private int _nextUid = 100_000;
    private int _nextRid = 200_000;
    private int _nextReference = 10_000;

    public UniqnameAllocator Uniqnames => _uniqnames ??= new UniqnameAllocator(_random);

    public List<Person> Generate(int count)
    {
        var people = new List<Person>(count);
        for (var i = 0; i < count; i++)
        {
            people.Add(NewPerson(i, PickAffiliation()));
        }

        AssignSupervisors(people);
        ApplyDirt(people);
        return people;
    }

    public Person NewPerson(int id, Affiliation affiliation)
    {
        var dirt = options.Dirt;
        var first = _random.Chance(dirt.NonAsciiName) ? _random.Pick(NamePools.NonAsciiFirstNames) : _random.Pick(NamePools.FirstNames);
        var last = _random.Chance(dirt.NonAsciiName) ? _random.Pick(NamePools.NonAsciiLastNames)
            : _random.Chance(dirt.QuoteOrCommaName) ? _random.Pick(NamePools.QuotedLastNames)
            : _random.Pick(NamePools.LastNames);
        if (_random.Chance(dirt.QuoteOrCommaName))
        {
            first = $"{first} \"{first[..Math.Min(3, first.Length)]}\"";
        }

        var middle = _random.Chance(0.4) ? _random.Pick(NamePools.FirstNames)[..1] : null;
        var uniqname = Uniqnames.Allocate(first, last);
        var isEmployee = affiliation is Affiliation.Faculty or Affiliation.Staff;
        var dept = affiliation is Affiliation.Alumni ? null : PickDepartment();
        var title = affiliation switch
        {
            Affiliation.Faculty => _random.Pick(NamePools.FacultyTitles),
            Affiliation.Staff => _random.Pick(NamePools.StaffTitles),
            Affiliation.Student => "Student",
            Affiliation.Alumni => "Alumni",
            _ => "Sponsored Affiliate",
        };
        var employments = isEmployee && dept is not null ? NewEmployments(dept, title) : [];
        var inMcommunity = affiliation switch { Affiliation.Faculty or Affiliation.Staff => _random.Chance(0.99), Affiliation.Sponsored => _random.Chance(0.9), _ => true };
        var inAd = affiliation switch { Affiliation.Alumni => _random.Chance(0.7), Affiliation.Sponsored => _random.Chance(0.95), Affiliation.Student => true, _ => _random.Chance(0.99) };
        var inTdx = affiliation switch { Affiliation.Faculty or Affiliation.Staff => _random.Chance(0.97), Affiliation.Student => _random.Chance(0.1), _ => _random.Chance(0.01) };
        var adDisabled = inAd && affiliation is Affiliation.Alumni && _random.Chance(0.6);
        var presence = new SourcePresence(inMcommunity, inAd, inTdx, adDisabled, TdxActive: affiliation is not Affiliation.Alumni);

        return new Person(
            id, uniqname, first, middle, last, affiliation, NewEmplId(), title, dept?.DeptId,
            _nextUid++, _random.NextGuid(), _nextRid++, _random.NextGuid(), _nextReference++,
            _random.DaysBefore(now, 30, 7_000), presence, PersonDirt.Clean, employments);
    }

    private Affiliation PickAffiliation()
    {
        var r = _random.NextDouble();
        return r switch
        {
            < 0.035 => Affiliation.Faculty,
            < 0.112 => Affiliation.Staff,
            < 0.41 => Affiliation.Student,
            < 0.91 => Affiliation.Alumni,
            _ => Affiliation.Sponsored,
        };
    }

    private Department PickDepartment()
    {
        // LSA is over-represented: its departments own the labs and computers the tests care about.
        if (_random.Chance(0.45))
        {
            _lsa ??= [.. departments.Where(d => d.IsLsa)];
            return _random.Pick(_lsa);
        }

        return departments[_random.Next(departments.Count)];
    }

    private string NewEmplId()
    {
        while (true)
        {
            var id = _random.Next(10_000_000, 99_999_999).ToString("D8", CultureInfo.InvariantCulture);
            if (_emplIds.Add(id))
            {
                return id;
            }
        }
    }

    private List<Employment> NewEmployments(Department home, string title)
    {
        var list = new List<Employment> { new(0, home.DeptId, JobCodeFor(title), title, title, null) };
        if (_random.Chance(0.15))
        {
            var other = departments[_random.Next(departments.Count)];
            var secondTitle = _random.Pick(NamePools.StaffTitles);
            list.Add(new Employment(1, other.DeptId, JobCodeFor(secondTitle), secondTitle, secondTitle, null));
            if (_random.Chance(0.12))
            {
                list.Add(new Employment(2, home.DeptId, JobCodeFor("Temporary Lecturer"), "Temporary Lecturer", "Lecturer I", null));
            }
        }

        return list;
    }

    public static string JobCodeFor(string title)
    {
        foreach (var (managerTitle, code) in NamePools.ManagerTitles)
        {
            if (managerTitle == title)
            {
                return code;
            }
        }

        // Stable per title so equal titles share a job code, as in the real HR system.
        var hash = 0;
        foreach (var c in title)
        {
            hash = unchecked((hash * 31) + c);
        }

        return (200_000 + (Math.Abs(hash) % 700_000)).ToString(CultureInfo.InvariantCulture);
    }

    private void AssignSupervisors(List<Person> people)
    {
        var faculty = people.Where(p => p.Affiliation is Affiliation.Faculty && p.InUmApi).ToList();
        if (faculty.Count == 0)
        {
            return;
        }

        for (var i = 0; i < people.Count; i++)
        {
            var person = people[i];
            if (!person.InUmApi || person.Affiliation is Affiliation.Faculty)
            {
                continue;
            }

            var supervisor = _random.Pick(faculty).EmplId;
            people[i] = person with { Employments = [.. person.Employments.Select(e => e with { SupervisorEmplId = supervisor })] };
        }
    }

    private void ApplyDirt(List<Person> people)
    {
        var rates = options.Dirt;
        var inTdx = people.Where(p => p.Presence.InTdx).Select(p => p.Id).ToList();
        var inMcom = people.Where(p => p.Presence.InMcommunity).Select(p => p.Id).ToList();
        var employees = people.Where(p => p.InUmApi && p.Presence.InTdx && p.Presence.InMcommunity).Select(p => p.Id).ToList();
        var umapi = people.Where(p => p.InUmApi).Select(p => p.Id).ToList();

        void Apply(IReadOnlyList<int> ids, double rate, Func<Person, Person> change)
        {
            foreach (var id in _random.Sample(ids, RandomExtensions.CountFor(ids.Count, rate)))
            {
                people[id] = change(people[id]);
            }
        }

        Apply(inTdx, rates.UniqnameCaseOrWhitespace, p => p with { Dirt = p.Dirt with { TdxUniqnameSpelling = Misspell(p.Uniqname) } });
        Apply(employees, rates.UniqnameCaseOrWhitespace, p => p with { Dirt = p.Dirt with { KeyConfigureUniqnameSpelling = p.Uniqname.ToUpperInvariant() } });
        Apply(inTdx, rates.MissingEmail, p => p with { Dirt = p.Dirt with { TdxMissingEmail = true } });
        Apply(inMcom, rates.MissingEmail, p => p with { Dirt = p.Dirt with { McommunityMissingEmail = true } });
        Apply(employees, rates.Renamed, p => p with { Dirt = p.Dirt with { PreviousLastName = _random.Pick(NamePools.LastNames) + "-" + p.LastName } });
        Apply(inTdx, rates.Malformed, p => p with { Dirt = p.Dirt with { MalformedTdx = true } });
        Apply(umapi, rates.Malformed, p => p with { Dirt = p.Dirt with { MalformedUmApi = true } });
        Apply(inMcom, rates.Malformed, p => p with { Dirt = p.Dirt with { MalformedMcommunity = true } });
        Apply(inTdx, rates.StaleAccount, p => p with { Presence = p.Presence with { TdxActive = false } });
        var inAdEnabled = people.Where(p => p.Presence.InAd && !p.Presence.AdDisabled).Select(p => p.Id).ToList();
        Apply(inAdEnabled, rates.StaleAccount, p => p with { Presence = p.Presence with { AdDisabled = true } });
    }

    private string Misspell(string uniqname) => _random.Next(4) switch
    {
        0 => uniqname.ToUpperInvariant(),
        1 => " " + uniqname,
        2 => uniqname + " ",
        _ => char.ToUpperInvariant(uniqname[0]) + uniqname[1..],
    };
}
