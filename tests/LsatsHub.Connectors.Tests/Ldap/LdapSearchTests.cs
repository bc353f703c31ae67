using System.Runtime.Versioning;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Simulator.World;

namespace LsatsHub.Connectors.Tests.Ldap;

[UnsupportedOSPlatform("windows")]
public sealed class LdapSearchTests(SlapdFixture slapd) : IClassFixture<SlapdFixture>
{
    private static readonly SimWorld World = SlapdFixture.World;

    [Fact]
    public async Task A_paged_search_returns_every_entry_exactly_once_past_the_servers_1000_entry_page_limit()
    {
        using var session = await slapd.ActiveDirectoryAsync();
        var search = new LdapSearch(AdLayout.Umich, "(&(objectClass=person)(cn=*))", ["cn"]) { PageSize = 300 };

        var dns = await session.SearchAsync(search).Select(e => e.DistinguishedName).ToListAsync();

        var expected = World.People.Count(p => p.Presence.InAd) + World.Computers.Count(c => c.InAd) + 1;
        expected.Should().BeGreaterThan(1000, "the test must cross AD's plain-search limit");
        dns.Should().OnlyHaveUniqueItems().And.HaveCount(expected);
        session.RequestsSent.Should().Be((expected + 299) / 300, "one request per page, all on one connection");
    }

    [Fact]
    public async Task Pages_asked_for_ahead_deliver_every_entry_once_in_the_order_the_server_sends_them()
    {
        using var session = await slapd.ActiveDirectoryAsync();
        var search = new LdapSearch(AdLayout.Umich, "(&(objectClass=person)(cn=*))", ["cn"]);
        var inLargePages = await session.SearchAsync(search).Select(e => e.DistinguishedName).ToListAsync();
        var requestsBefore = session.RequestsSent;

        var inSmallPages = await session.SearchAsync(search with { PageSize = 7 }).Select(e => e.DistinguishedName).ToListAsync();

        inSmallPages.Should().Equal(inLargePages, "each page is handed on whole and in order while the next one is fetched");
        inSmallPages.Should().OnlyHaveUniqueItems();
        (session.RequestsSent - requestsBefore).Should().Be((inLargePages.Count + 6) / 7, "one request per page and none asked for twice");
    }

    [Fact]
    public async Task The_next_page_is_asked_for_while_the_caller_still_holds_the_current_one()
    {
        using var session = await slapd.ActiveDirectoryAsync();
        var search = new LdapSearch(AdLayout.Umich, "(&(objectClass=person)(cn=*))", ["cn"]) { PageSize = 5 };
        await using var entries = session.SearchAsync(search).GetAsyncEnumerator();

        (await entries.MoveNextAsync()).Should().BeTrue();
        for (var polls = 0; session.RequestsSent < 2 && polls < 1000; polls++)
        {
            await Task.Delay(10);
        }

        session.RequestsSent.Should().Be(2, "page 2 is on its way while the caller holds page 1's first entry; page 3 needs page 2's cookie");
    }

    [Fact]
    public async Task A_caller_that_stops_reading_early_leaves_the_session_usable_for_the_next_search()
    {
        using var session = await slapd.ActiveDirectoryAsync();
        var search = new LdapSearch(AdLayout.Umich, "(&(objectClass=person)(cn=*))", ["cn"]) { PageSize = 5 };

        var first = await session.SearchAsync(search).Take(12).ToListAsync();
        var all = await session.SearchAsync(search).Select(e => e.DistinguishedName).ToListAsync();

        first.Should().HaveCount(12);
        all.Should().OnlyHaveUniqueItems().And.HaveCount(World.People.Count(p => p.Presence.InAd) + World.Computers.Count(c => c.InAd) + 1);
        all.Take(12).Should().Equal(first.Select(e => e.DistinguishedName));
    }

    [Fact]
    public async Task Mcommunitys_350_cap_is_completed_by_chunking_on_uid_number_with_every_person_exactly_once()
    {
        using var session = await slapd.McommunityAsync();
        var search = new LdapSearch(AdLayout.McommunityPeople, "(uid=*)", ["uid", "uidNumber"]) { ChunkAttribute = "uidNumber" };

        var entries = await session.SearchAsync(search).ToListAsync();

        var people = World.People.Where(p => p.Presence.InMcommunity).ToList();
        people.Count.Should().BeGreaterThan(350);
        entries.Select(e => e.Text("uid")).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(people.Select(p => p.Uniqname));
        entries.Count(e => e.Find("uidNumber") is null).Should().Be(people.Count(p => p.Dirt.MalformedMcommunity), "entries without the chunk attribute are still delivered");
        session.SearchesChunked.Should().Be(1);
    }

    [Fact]
    public async Task A_capped_search_without_a_chunk_attribute_fails_instead_of_returning_part()
    {
        using var session = await slapd.McommunityAsync();
        var received = 0;

        var act = async () =>
        {
            await foreach (var unused in session.SearchAsync(new LdapSearch(AdLayout.McommunityPeople, "(uid=*)", ["uid"])))
            {
                received++;
            }
        };

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("size limit").And.Contain("partial");
        received.Should().BeLessThan(World.People.Count(p => p.Presence.InMcommunity));
    }

    [Fact]
    public async Task Several_searches_share_one_bound_connection()
    {
        using var session = await slapd.McommunityAsync();

        var groups = await session.SearchAsync(new LdapSearch(AdLayout.McommunityGroups, "(&(member=*)(gidNumber=*))", ["cn"]) { ChunkAttribute = "gidNumber" }).CountAsync();
        var applications = await session.SearchAsync(new LdapSearch(AdLayout.McommunityApplications, "(objectClass=*)", ["cn"])).CountAsync();

        groups.Should().Be(World.Groups.Count(g => g.Kind != GroupKind.ActiveDirectory));
        applications.Should().Be(2, "the Applications OU and the bind account");
    }
}
