using System.Text.RegularExpressions;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Tests.Generation;

public sealed class WorldConsistencyTests
{
    private readonly SimWorld _world = Worlds.Small;

    [Fact]
    public void Uniqnames_are_unique_lowercase_letters_of_three_to_eight()
    {
        _world.People.Select(p => p.Uniqname).Should().OnlyHaveUniqueItems()
            .And.AllSatisfy(u => Regex.IsMatch(u, "^[a-z]{3,8}$").Should().BeTrue(u));
    }

    [Fact]
    public void Every_person_is_known_to_at_least_one_source()
    {
        _world.People.Should().AllSatisfy(p => (p.Presence.InAd || p.Presence.InMcommunity || p.Presence.InTdx || p.InUmApi).Should().BeTrue(p.Uniqname));
    }

    [Fact]
    public void Every_lab_is_discoverable_by_an_award_or_an_ou_named_after_its_pi()
    {
        foreach (var lab in _world.Labs)
        {
            var pi = _world.People[lab.PiPersonId];
            pi.Uniqname.Should().Be(lab.PiUniqname);
            pi.Affiliation.Should().Be(Affiliation.Faculty);
            (lab.HasAwards || lab.OuName is not null).Should().BeTrue();
            if (lab.HasAwards)
            {
                _world.Awards.Should().Contain(a => a.People.Any(n => n.PersonId == pi.Id && n.Role == "Principal Investigator"));
            }

            if (lab.OuName is { } ou)
            {
                ou.Should().Match(n => n == $"{pi.Uniqname}-lab" || n.EndsWith("-" + pi.Uniqname, StringComparison.Ordinal));
                _world.OrganizationalUnits.Should().Contain(u => u.Dn == lab.OuDn);
                lab.OuDn!.Split(",OU=").Length.Should().Be(8, "lab OUs sit at depth 8, where silver looks for them");
            }
        }
    }

    [Fact]
    public void Lab_computers_exist_and_carry_the_pi_in_their_name()
    {
        var byName = _world.Computers.ToDictionary(c => c.Name);
        foreach (var lab in _world.Labs)
        {
            lab.ComputerNames.Should().NotBeEmpty();
            foreach (var name in lab.ComputerNames)
            {
                byName[name].LabPi.Should().Be(lab.PiUniqname);
                name.Should().StartWith(lab.PiUniqname.ToUpperInvariant() + "-").And.Match(n => n.Length <= 15);
            }
        }
    }

    [Fact]
    public void Lab_managers_are_members_and_only_they_hold_manager_titles()
    {
        var managerTitles = NamePoolsTitles();
        foreach (var lab in _world.Labs)
        {
            lab.ManagerIds.Should().BeSubsetOf(lab.MemberIds);
            foreach (var member in lab.MemberIds.Select(id => _world.People[id]))
            {
                managerTitles.Contains(member.Title).Should().Be(lab.ManagerIds.Contains(member.Id), member.Uniqname);
            }
        }
    }

    [Fact]
    public void Every_kind_of_dirt_occurs_at_default_rates()
    {
        var people = _world.People;
        people.Should().Contain(p => p.Dirt.TdxUniqnameSpelling != null && p.Dirt.TdxUniqnameSpelling != p.Uniqname);
        people.Should().Contain(p => p.Dirt.TdxMissingEmail);
        people.Should().Contain(p => p.Dirt.McommunityMissingEmail);
        people.Should().Contain(p => p.Dirt.PreviousLastName != null);
        people.Should().Contain(p => p.Dirt.MalformedTdx);
        people.Should().Contain(p => p.Dirt.MalformedUmApi);
        people.Should().Contain(p => p.Dirt.MalformedMcommunity);
        people.Should().Contain(p => p.Employments.Count > 1, "some EmplIds have several employment records");
        people.Should().Contain(p => p.Presence.InMcommunity && !p.Presence.InAd && !p.Presence.InTdx && !p.InUmApi, "some people are in one source only");
        people.Should().Contain(p => p.FirstName.Any(c => c > '~') || p.LastName.Any(c => c > '~'));
        people.Should().Contain(p => p.LastName.Contains('\'', StringComparison.Ordinal) || p.LastName.Contains(',', StringComparison.Ordinal) || p.FirstName.Contains('"', StringComparison.Ordinal));
        _world.Computers.Should().Contain(c => c.TdxMacFormat != MacFormat.ColonUpper);
        _world.Departments.Should().Contain(d => !d.InTdx).And.Contain(d => !d.InUmApi).And.Contain(d => d.TdxCodeMissing);
    }

    [Fact]
    public void No_dirt_means_clean_records()
    {
        var clean = WorldGenerator.Generate(new WorldOptions(42, 0.002) { Dirt = DirtRates.None });

        clean.People.Should().AllSatisfy(p => p.Dirt.Should().Be(PersonDirt.Clean));
    }

    private static HashSet<string> NamePoolsTitles() => ["Lab Manager", "Laboratory Manager", "Lab Coordinator", "Research Lab Specialist Lead"];
}
