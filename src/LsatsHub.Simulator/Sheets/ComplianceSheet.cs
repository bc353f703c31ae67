using System.Globalization;
using CsvHelper;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;
using MiniExcelLibs;

namespace LsatsHub.Simulator.Sheets;

/// <summary>
/// The monthly compliance spreadsheet of the synthetic university (docs/compliance.md): a month tab (title on row 1,
/// headers on row 2) listing non-compliant computers with their owners, the <c>FIX</c> tab (issue → remediation text)
/// and the <c>TDX</c> tab (column H: department names). Built from the world's TDX computers and owners, with the dirt
/// the original sheet has: a service-account owner, an empty owner, a row already ticketed, a row with a status, the
/// same owner's e-mail in another case with stray blanks, an owner TDX does not know, a computer without a serial and
/// one TDX does not know. <see cref="ExpectedTickets"/> is what a correct run makes of it.
/// </summary>
public sealed class ComplianceSheet
{
    /// <summary>The month tab's headers (row 2), as the original reads them.</summary>
    public static readonly IReadOnlyList<string> Headers = ["Support", "Owning Dept", "Owner", "Owner Email", "Hostname", "Serial", "TDX OS", "Fix", "Ticket", "Status"];

    /// <summary>The issue keys and their fixes (the FIX tab); texts carry a newline, a link and characters HTML must escape.</summary>
    public static readonly IReadOnlyList<(string Issue, string Fix)> Fixes =
    [
        ("Unsupported OS", "Upgrade to a supported operating system.\nSee https://its.umich.edu/computing/supported-os for versions."),
        ("Missing Patches", "Install all pending updates & reboot."),
        ("No Encryption", "Turn on disk encryption (BitLocker or FileVault) <required by policy>."),
        ("No Endpoint Protection", "Install CrowdStrike Falcon from the LSA software page."),
    ];

    /// <summary>The service-account owner the original skips.</summary>
    public const string ServiceAccountOwner = "LSA Service Account";

    private ComplianceSheet(Spreadsheet spreadsheet, string tab, IReadOnlyDictionary<string, IReadOnlyList<string>> expected, IReadOnlyList<string> unknownOwners, IReadOnlyList<string> unknownHosts)
    {
        Spreadsheet = spreadsheet;
        Tab = tab;
        ExpectedTickets = expected;
        UnknownOwners = unknownOwners;
        UnknownHosts = unknownHosts;
    }

    /// <summary>The spreadsheet (served by <see cref="SheetsSimulator"/>).</summary>
    public Spreadsheet Spreadsheet { get; }

    /// <summary>The month tab's name (the world's month, e.g. <c>March</c>).</summary>
    public string Tab { get; }

    /// <summary>Owner e-mail (trimmed, lower case) → the hostnames its one ticket lists, for every owner that should get a ticket.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ExpectedTickets { get; }

    /// <summary>Owner e-mails TDX has no user for: dropped with an error, no ticket.</summary>
    public IReadOnlyList<string> UnknownOwners { get; }

    /// <summary>Hostnames on ticketed rows that TDX has no asset for: listed in the ticket, nothing attached.</summary>
    public IReadOnlyList<string> UnknownHosts { get; }

    /// <summary>Builds the sheet for a world.</summary>
    /// <param name="index">The world.</param>
    /// <returns>The sheet.</returns>
    public static ComplianceSheet Generate(WorldIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var world = index.World;
        var random = RandomExtensions.Derive(world.Options.Seed, 61);
        var tab = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(world.AsOf.Month);
        var spreadsheet = new Spreadsheet("1Sim" + Convert.ToHexStringLower(BitConverter.GetBytes(world.Options.Seed)) + "ComplianceSheet", "LSA Computer Compliance");

        // Owners TDX knows, of TDX computers in departments TDX has an account for.
        var candidates = world.Computers
            .Where(c => c.InTdx && c.OwnerPersonId is not null && index.Departments[c.DeptId].InTdx && world.People[c.OwnerPersonId.Value].Presence.InTdx)
            .GroupBy(c => c.OwnerPersonId!.Value)
            .OrderBy(g => g.Key)
            .ToList();
        var ownerCount = Math.Clamp(world.Computers.Count / 25, 6, 40);
        if (candidates.Count < ownerCount + 8)
        {
            throw new InvalidOperationException($"The world has {candidates.Count} TDX computer owners; the compliance sheet needs {ownerCount + 8}.");
        }

        var chosen = random.Sample(candidates, ownerCount + 3).OrderBy(g => g.Key).ToList();
        var ticketed = chosen.Take(ownerCount).ToList();
        var rows = new List<string[]>();
        var expected = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var fixKeys = Fixes.Select(f => f.Issue).ToArray();

        string[] Row(Computer computer, string owner, string email, string? serial = null, string ticket = "", string status = "")
        {
            var department = index.Departments[computer.DeptId];
            var issues = random.Next(4) == 0 ? $"{random.Pick(fixKeys)}, {fixKeys[^1]}" : random.Pick(fixKeys);
            return [department.Region ?? "Central", $"{department.DeptId} - {department.Name}", owner, email, computer.Name, serial ?? computer.SerialNumber, computer.OperatingSystem, issues, ticket, status];
        }

        foreach (var group in ticketed)
        {
            var person = world.People[group.Key];
            foreach (var computer in group.Take(3))
            {
                rows.Add(Row(computer, person.FullName, person.Email));
                (expected.TryGetValue(person.Email, out var list) ? list : expected[person.Email] = []).Add(computer.Name);
            }
        }

        // Dirt, each on its own row (docs/compliance.md lists what a run does with each); spare computers are owned by nobody on the sheet.
        var spare = candidates.Where(g => !chosen.Contains(g)).Select(g => g.First()).ToList();
        var first = world.People[ticketed[0].Key];
        rows.Add(Row(spare[0], first.FullName, " " + first.Uniqname.ToUpperInvariant() + "@UMich.edu "));
        expected[first.Email].Add(spare[0].Name);

        var second = world.People[ticketed[1].Key];
        rows.Add(Row(spare[1], second.FullName, second.Email, serial: string.Empty));
        expected[second.Email].Add(spare[1].Name);

        var third = world.People[ticketed[2].Key];
        var ghost = "LSA-GHOST-" + Convert.ToHexString(BitConverter.GetBytes(world.Options.Seed))[..4];
        rows.Add(Row(spare[2] with { Name = ghost, SerialNumber = "GHOST" + world.Options.Seed.ToString(CultureInfo.InvariantCulture) }, third.FullName, third.Email));
        expected[third.Email].Add(ghost);

        rows.Add(Row(spare[3], ServiceAccountOwner, "lsa-svc-compliance@umich.edu"));
        rows.Add(Row(spare[4], string.Empty, string.Empty));
        var alreadyTicketed = world.People[chosen[ownerCount].Key];
        rows.Add(Row(chosen[ownerCount].First(), alreadyTicketed.FullName, alreadyTicketed.Email,
            ticket: "=HYPERLINK(\"https://teamdynamix.umich.edu/SBTDNext/Apps/46/Tickets/TicketDet?TicketID=4999999\", 4999999)"));
        var excepted = world.People[chosen[ownerCount + 1].Key];
        rows.Add(Row(chosen[ownerCount + 1].First(), excepted.FullName, excepted.Email, status: "Exception approved"));
        var stranger = world.People.FirstOrDefault(p => !p.Presence.InTdx);
        var unknownEmail = stranger?.Email ?? "nobody" + world.Options.Seed.ToString(CultureInfo.InvariantCulture) + "@umich.edu";
        rows.Add(Row(chosen[ownerCount + 2].First(), stranger?.FullName ?? "Pat Nobody", unknownEmail));

        var shuffled = rows.OrderBy(_ => random.Next()).ToList();
        var title = new[] { $"LSA computer compliance — {tab} {world.AsOf.Year.ToString(CultureInfo.InvariantCulture)}" };
        spreadsheet.SetTab(tab, [title, Headers, .. shuffled]);
        spreadsheet.SetTab("FIX", [["Remediation per issue"], ["Issue", "Fix"], .. Fixes.Select(f => new[] { f.Issue, f.Fix })]);
        var departments = shuffled.Select(r => r[1]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        spreadsheet.SetTab("TDX", [
            ["", "", "", "", "", "", "", "Owning Dept"],
            .. departments.Append("None").Append("999999 - Not A TDX Account").Select(d => new[] { "", "", "", "", "", "", "", d }),
        ]);
        return new ComplianceSheet(
            spreadsheet, tab,
            expected.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal),
            [unknownEmail], [ghost]);
    }

    /// <summary>Writes the spreadsheet as an XLSX export, one worksheet per tab, cells as entered (formulas as text).</summary>
    /// <param name="path">The file.</param>
    public void WriteXlsx(string path)
    {
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var tab in Spreadsheet.Tabs)
        {
            sheets[tab] = Padded(tab).Select(row => row.Select((cell, i) => (Column: A1Column(i + 1), cell))
                .ToDictionary(c => c.Column, c => (object)c.cell)).ToList();
        }

        MiniExcel.SaveAs(path, sheets, printHeader: false, excelType: ExcelType.XLSX, overwriteFile: true);
    }

    /// <summary>Writes each tab as <c>{title} - {tab}.csv</c> into <paramref name="folder"/>, as Sheets names downloaded tabs; returns the month tab's file.</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The month tab's CSV.</returns>
    public string WriteCsv(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var tab in Spreadsheet.Tabs)
        {
            using var writer = new StreamWriter(Path.Combine(folder, $"{Spreadsheet.Title} - {tab}.csv"));
            using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, true);
            foreach (var row in Padded(tab))
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell);
                }

                csv.EndRecord();
            }

            csv.Flush();
        }

        return Path.Combine(folder, $"{Spreadsheet.Title} - {Tab}.csv");
    }

    // An export is rectangular: every row as wide as the widest, cells as displayed.
    private List<string[]> Padded(string tab)
    {
        var rows = Spreadsheet.Entered(tab);
        var width = rows.Max(r => r.Count);
        return [.. rows.Select(r => Enumerable.Range(0, width).Select(i => i < r.Count ? Spreadsheet.Displayed(r[i]) : string.Empty).ToArray())];
    }

    private static string A1Column(int column)
    {
        var letters = string.Empty;
        for (var n = column; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }
}
