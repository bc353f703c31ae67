using System.Globalization;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Generation;

/// <summary>Computers in TDX, AD and KeyConfigure with overlapping names, serials and MACs.</summary>
internal sealed class ComputerGenerator(WorldOptions options, DateTimeOffset now)
{
    private readonly Random _random = RandomExtensions.Derive(options.Seed, 5);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _macs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _serials = new(StringComparer.Ordinal);
    private int _nextAsset = 100_000;
    private int _nextCi = 700_000;
    private int _nextRid = 5_000_000;
    private int _nextKc = 10_000;

    public List<Computer> Generate(int total, List<Lab> labs, IReadOnlyList<Person> people, IReadOnlyList<Department> departments)
    {
        var computers = new List<Computer>(total);
        var lsa = departments.Where(d => d.IsLsa).ToList();
        var byId = departments.ToDictionary(d => d.DeptId, StringComparer.Ordinal);
        for (var l = 0; l < labs.Count; l++)
        {
            var lab = labs[l];
            var department = byId[lab.DeptId];
            var ou = lab.OuDn ?? AdLayout.DepartmentWorkstationsOu(department);
            var names = new List<string>();
            var machines = _random.Next(1, 6);
            for (var i = 0; i < machines; i++)
            {
                var kind = _random.Pick(["WS", "LT", "IN"]);
                var name = NumberedName($"{lab.PiUniqname.ToUpperInvariant()}-{kind}");
                var owner = lab.MemberIds.Count > 0 && _random.Chance(0.3) ? _random.Pick(lab.MemberIds) : lab.PiPersonId;
                var lastUser = lab.MemberIds.Count > 0 ? _random.Pick(lab.MemberIds) : lab.PiPersonId;
                computers.Add(NewComputer(name, department, lab.PiUniqname, owner, lastUser, ou, 0.95, 0.85, 0.8));
                names.Add(name);
            }

            labs[l] = lab with { ComputerNames = names };
        }

        var staffByDept = people.Where(p => p.InUmApi && p.DeptId is not null).GroupBy(p => p.DeptId!).ToDictionary(g => g.Key, g => g.Select(p => p.Id).ToList(), StringComparer.Ordinal);
        while (computers.Count < total)
        {
            var department = _random.Pick(lsa);
            var staff = staffByDept.GetValueOrDefault(department.DeptId) ?? [];
            int? owner = staff.Count > 0 && _random.Chance(0.8) ? _random.Pick(staff) : null;
            int? lastUser = staff.Count > 0 ? _random.Pick(staff) : null;
            var name = RandomName(department.Abbreviation.ToUpperInvariant());
            computers.Add(NewComputer(name, department, null, owner, lastUser, AdLayout.DepartmentWorkstationsOu(department), 0.65, 0.35, 0.35));
        }

        return computers;
    }

    private Computer NewComputer(string name, Department department, string? labPi, int? owner, int? lastUser, string ouDn, double pTdx, double pAd, double pKc)
    {
        var dirt = options.Dirt;
        var inTdx = _random.Chance(pTdx);
        var inAd = _random.Chance(pAd);
        var inKc = _random.Chance(pKc);
        if (!inTdx && !inAd && !inKc)
        {
            inTdx = true;
        }

        var hardware = _random.Pick(NamePools.Hardware);
        var macs = new List<string> { NewMac() };
        if (_random.Chance(0.2))
        {
            macs.Add(NewMac());
        }

        MacFormat Variant(MacFormat usual, MacFormat[] others) => _random.Chance(dirt.MacFormatVariance) ? _random.Pick(others) : usual;

        return new Computer(
            name, NewSerial(hardware.Manufacturer), macs, department.DeptId, labPi, owner, lastUser, ouDn,
            _nextAsset += _random.Next(1, 40), _nextCi += _random.Next(1, 40),
            "LSA" + _random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture),
            _random.NextGuid(), _nextRid++, inTdx, inAd, inKc, inAd && _random.Chance(dirt.StaleAccount),
            _random.Chance(dirt.UniqnameCaseOrWhitespace) ? name.ToLowerInvariant() : name,
            Variant(MacFormat.ColonUpper, [MacFormat.ColonLower, MacFormat.DashUpper]),
            Variant(MacFormat.Bare, [MacFormat.DottedLower, MacFormat.ColonUpper]),
            hardware.Manufacturer, hardware.Model, hardware.Os, hardware.OsVersion,
            "K" + (_nextKc++).ToString(CultureInfo.InvariantCulture),
            _random.DaysBefore(now, 30, 2_500));
    }

    private string NumberedName(string stem)
    {
        for (var n = 1; ; n++)
        {
            var name = stem + n.ToString("D2", CultureInfo.InvariantCulture);
            if (_names.Add(name))
            {
                return name;
            }
        }
    }

    private string RandomName(string prefix)
    {
        while (true)
        {
            var name = $"{prefix}-{_random.NextAlphanumericUpper(4)}";
            if (_names.Add(name))
            {
                return name;
            }
        }
    }

    private string NewMac()
    {
        var tail = new byte[3];
        while (true)
        {
            var oui = _random.Pick(NamePools.Ouis);
            _random.NextBytes(tail);
            var mac = Convert.ToHexString([.. oui, .. tail]);
            if (_macs.Add(mac))
            {
                return mac;
            }
        }
    }

    private string NewSerial(string manufacturer)
    {
        while (true)
        {
            var serial = manufacturer == "Apple" ? "C02" + _random.NextAlphanumericUpper(9) : _random.NextAlphanumericUpper(7);
            if (_serials.Add(serial))
            {
                return serial;
            }
        }
    }
}
