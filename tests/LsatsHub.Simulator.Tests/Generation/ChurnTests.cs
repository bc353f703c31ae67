using System.Globalization;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Tests.Generation;

/// <summary>One mutate is one month: each population changes at the share docs/simulator.md documents, no more.</summary>
public sealed class ChurnTests
{
    // What bronze leaves out of the AD user and computer hashes (IngestAdUsers and IngestAdComputers); everything else counts as a change.
    private static readonly string[] Volatile = ["whenChanged", "uSNChanged", "uSNCreated", "lastLogon", "lastLogonTimestamp", "dSCorePropagationData"];

    private static readonly Lazy<(SimWorld Before, SimWorld After)> Month = new(() =>
    {
        var before = WorldGenerator.Generate(new WorldOptions(42, 0.01));
        return (before, WorldMutator.Apply(before));
    });

    [Fact]
    public void A_month_changes_a_few_percent_of_AD_users_and_a_computer_only_when_it_was_in_use_or_moved()
    {
        var (before, after) = Ad(Month.Value.Before, Month.Value.After);

        var users = Share(before, after, e => e.Dn.EndsWith(AdLayout.People, StringComparison.Ordinal), Volatile);
        var signedIn = Share(before, after, e => e.Dn.EndsWith(AdLayout.People, StringComparison.Ordinal), []);
        var computers = Share(before, after, e => e.Has("objectClass", "computer"), Volatile);
        var groups = Share(before, after, e => e.Has("objectClass", "group"), []);

        users.Should().BeInRange(0.03, 0.08, "4 % new passwords plus departing and renamed employees (docs/simulator.md)");
        signedIn.Should().BeInRange(0.5, 0.7, "about 60 % of accounts sign in, moving lastLogonTimestamp, whenChanged and uSNChanged");
        computers.Should().BeInRange(0.6, 0.85, "machines switched on rotate their account and LAPS passwords every 30 days; stale objects do not");
        groups.Should().Be(0, "group membership churn is not modelled");
    }

    [Fact]
    public void A_month_edits_few_OUs_and_uSNCreated_never_changes_while_uSNChanged_moves_on_exactly_the_changed_objects()
    {
        var world = Month.Value;
        var (before, after) = Ad(world.Before, world.After);

        var units = Share(before, after, e => e.Has("objectClass", "organizationalUnit"), []);

        units.Should().BeLessThanOrEqualTo(0.05);
        var compared = 0;
        foreach (var (id, old) in before)
        {
            if (!after.TryGetValue(id, out var now) || old.Get("uSNCreated") is null)
            {
                continue;
            }

            compared++;
            now.Get("uSNCreated").Should().Be(old.Get("uSNCreated"), old.Dn);
            var changed = !old.SameAs(now, ["uSNChanged", "whenChanged"]);
            var usnBefore = long.Parse(old.Get("uSNChanged")!, CultureInfo.InvariantCulture);
            var usnAfter = long.Parse(now.Get("uSNChanged")!, CultureInfo.InvariantCulture);
            if (changed)
            {
                usnAfter.Should().BeGreaterThan(world.Before.HighestUsn, old.Dn).And.BeLessThanOrEqualTo(world.After.HighestUsn);
                now.Get("whenChanged").Should().NotBe(old.Get("whenChanged"), old.Dn);
            }
            else if (usnAfter == usnBefore)
            {
                now.Get("whenChanged").Should().Be(old.Get("whenChanged"), old.Dn);
            }
            else
            {
                // Only an OU edit touches attributes the simulator does not model (gPLink): a new USN with equal content.
                old.Has("objectClass", "organizationalUnit").Should().BeTrue(old.Dn);
                usnAfter.Should().BeGreaterThan(world.Before.HighestUsn, old.Dn);
            }
        }

        compared.Should().BeGreaterThan(6_000);
        after.Values.Where(e => !before.ContainsKey(e.Id) && e.Get("uSNCreated") is not null)
            .Should().NotBeEmpty().And.OnlyContain(e => long.Parse(e.Get("uSNCreated")!, CultureInfo.InvariantCulture) > world.Before.HighestUsn, "new hires get fresh USNs");
    }

    [Fact]
    public void A_month_changes_KeyConfigure_rows_of_machines_in_use_and_a_few_percent_of_TDX_users()
    {
        var (before, after) = Month.Value;

        var keyConfigure = ChangedShare(KeyConfigureRows(before), KeyConfigureRows(after));
        var tdxUsers = ChangedShare(TdxUsers(before), TdxUsers(after));

        keyConfigure.Should().BeInRange(0.6, 0.85, "KeyConfigure audits the machines that were switched on");
        tdxUsers.Should().BeInRange(0.003, 0.03, "departures and renames reach TDX; nothing else moves there");
    }

    [Fact]
    public void A_month_moves_modifyTimestamp_and_entryCSN_exactly_on_the_changed_MCommunity_entries_to_a_time_after_the_previous_month()
    {
        var world = Month.Value;
        var before = Entry.Parse(RenderMcommunity(world.Before));
        var after = Entry.Parse(RenderMcommunity(world.After));
        var stamps = new[] { "modifyTimestamp", "entryCSN" };
        var previousMonth = Stamp(world.Before.Now);

        var changed = 0;
        foreach (var (dn, now) in after)
        {
            now.Get("modifyTimestamp").Should().NotBeNull(dn).And.Be(now.Get("entryCSN")![..14] + "Z", "slapd keeps both from one moment");
            if (!before.TryGetValue(dn, out var old))
            {
                string.CompareOrdinal(now.Get("modifyTimestamp"), previousMonth).Should().BePositive($"{dn} was created this month");
                continue;
            }

            if (old.SameAs(now, stamps))
            {
                now.Get("modifyTimestamp").Should().Be(old.Get("modifyTimestamp"), $"{dn} did not change");
                string.CompareOrdinal(now.Get("modifyTimestamp"), previousMonth).Should().BeNegative($"{dn} was last modified before the month");
            }
            else
            {
                changed++;
                string.CompareOrdinal(now.Get("modifyTimestamp"), previousMonth).Should().BePositive(
                    $"{dn} changed after a reader's mark taken at the previous month's end (its contextCSN), so its modifyTimestamp is later");
                string.CompareOrdinal(now.Get("modifyTimestamp"), Stamp(world.After.Now)).Should().BeLessThanOrEqualTo(0, dn);
            }
        }

        changed.Should().BeGreaterThan(0);
        string.CompareOrdinal(before.Values.Max(e => e.Get("entryCSN"))![..14] + "Z", previousMonth).Should().BeLessThanOrEqualTo(0, "no entry was modified after the world's date");
    }

    [Fact]
    public void The_same_seed_gives_the_same_month_byte_for_byte()
    {
        var again = WorldMutator.Apply(WorldGenerator.Generate(new WorldOptions(42, 0.01)));

        Render(again).Should().Be(Render(Month.Value.After));
        RenderMcommunity(again).Should().Be(RenderMcommunity(Month.Value.After));
        again.HighestUsn.Should().Be(Month.Value.After.HighestUsn);
    }

    private static (Dictionary<string, Entry> Before, Dictionary<string, Entry> After) Ad(SimWorld before, SimWorld after) =>
        (Entry.Parse(Render(before)), Entry.Parse(Render(after)));

    private static string Render(SimWorld world)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new AdLdifProjection(new WorldIndex(world), LdapAccounts.For(world.Options.Seed)).Write(text);
        return text.ToString();
    }

    private static string RenderMcommunity(SimWorld world)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new McommunityLdifProjection(new WorldIndex(world), LdapAccounts.For(world.Options.Seed)).Write(text);
        return text.ToString();
    }

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHHmmss'Z'", CultureInfo.InvariantCulture);

    private static double Share(Dictionary<string, Entry> before, Dictionary<string, Entry> after, Func<Entry, bool> kind, string[] ignored)
    {
        var both = before.Values.Where(kind).Where(e => after.ContainsKey(e.Id)).ToList();
        both.Should().NotBeEmpty();
        return both.Count(e => !e.SameAs(after[e.Id], ignored)) / (double)both.Count;
    }

    private static Dictionary<string, string> KeyConfigureRows(SimWorld world) =>
        KeyConfigureXlsx.Rows(new WorldIndex(world)).ToDictionary(
            row => $"{row["idnt"]}|{row["MAC"]}",
            row => string.Join('|', row.Select(p => $"{p.Key}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}")));

    private static Dictionary<string, string> TdxUsers(SimWorld world)
    {
        var tdx = new TdxProjection(new WorldIndex(world));
        return tdx.Users.ToDictionary(p => p.TdxUid.ToString(), p => tdx.User(p, full: true).ToJsonString());
    }

    private static double ChangedShare(Dictionary<string, string> before, Dictionary<string, string> after)
    {
        var both = before.Keys.Where(after.ContainsKey).ToList();
        both.Should().NotBeEmpty();
        return both.Count(k => before[k] != after[k]) / (double)both.Count;
    }

    /// <summary>One LDIF entry (the writer never folds lines), keyed by objectGUID so moved objects are still matched.</summary>
    private sealed record Entry(string Id, string Dn, IReadOnlyList<(string Name, string Value)> Lines)
    {
        public static Dictionary<string, Entry> Parse(string ldif) =>
            ldif.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(block => block.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Split).ToList())
                .Where(lines => lines.Count > 0)
                .Select(lines => new Entry(lines.FirstOrDefault(l => l.Name == "objectGUID").Value ?? lines[0].Value, lines[0].Value, lines))
                .ToDictionary(e => e.Id, StringComparer.Ordinal);

        public string? Get(string name) => Lines.FirstOrDefault(l => l.Name == name).Value;

        public bool Has(string name, string value) => Lines.Contains((name, value));

        public bool SameAs(Entry other, string[] ignored) =>
            Lines.Where(l => !ignored.Contains(l.Name)).SequenceEqual(other.Lines.Where(l => !ignored.Contains(l.Name)));

        private static (string Name, string Value) Split(string line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            return (line[..colon], line[(colon + 1)..].TrimStart(':').Trim());
        }
    }
}
