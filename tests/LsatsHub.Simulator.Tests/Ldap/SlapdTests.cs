using System.DirectoryServices.Protocols;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Tests.Ldap;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SlapdTests(SlapdFixture slapd) : IClassFixture<SlapdFixture>
{
    private static List<SearchResultEntry> Paged(LdapConnection connection, string baseDn, string filter, int pageSize, params string[] attributes)
    {
        var entries = new List<SearchResultEntry>();
        var page = new PageResultRequestControl(pageSize);
        var request = new SearchRequest(baseDn, filter, SearchScope.Subtree, attributes);
        request.Controls.Add(page);
        while (true)
        {
            var response = (SearchResponse)connection.SendRequest(request);
            entries.AddRange(response.Entries.Cast<SearchResultEntry>());
            var cookie = response.Controls.OfType<PageResultResponseControl>().Single().Cookie;
            if (cookie.Length == 0)
            {
                return entries;
            }

            page.Cookie = cookie;
        }
    }

    [Fact]
    public void A_paged_ad_user_search_returns_every_person_and_computer_exactly_once()
    {
        using var ad = slapd.Ad();

        var entries = Paged(ad, AdLayout.Umich, "(&(objectClass=person)(cn=*))", 500, "cn");

        var world = Worlds.Small;
        var expected = world.People.Count(p => p.Presence.InAd) + world.Computers.Count(c => c.InAd) + 1;
        entries.Select(e => e.DistinguishedName).Should().OnlyHaveUniqueItems().And.HaveCount(expected, "AD computers are persons too, plus the bind account");
    }

    [Fact]
    public void A_plain_ad_search_stops_at_1000_entries_like_ads_max_page_size()
    {
        using var ad = slapd.Ad();

        var act = () => ad.SendRequest(new SearchRequest(AdLayout.People, "(objectClass=user)", SearchScope.Subtree, "cn"));

        act.Should().Throw<DirectoryOperationException>().Which.Response.ResultCode.Should().Be(ResultCode.SizeLimitExceeded);
    }

    [Fact]
    public void Mcommunity_answers_at_most_350_entries_per_search_even_when_paged_so_clients_must_chunk()
    {
        using var mcom = slapd.Mcommunity();

        var plain = () => mcom.SendRequest(new SearchRequest(AdLayout.McommunityPeople, "(uid=*)", SearchScope.Subtree, "uid"));
        var paged = () => Paged(mcom, AdLayout.McommunityPeople, "(uid=*)", 1000, "uid");
        // slapd's built-in uid has no ordering rule, so chunks advance on uidNumber (entries without one are skipped by bronze anyway).
        var chunked = new SortedSet<string>(StringComparer.Ordinal);
        var last = 0L;
        for (var guard = 0; guard < 100; guard++)
        {
            var filter = $"(&(uid=*)(uidNumber>={last}))";
            var request = new SearchRequest(AdLayout.McommunityPeople, filter, SearchScope.Subtree, "uid", "uidNumber") { SizeLimit = 300 };
            SearchResponse response;
            try
            {
                response = (SearchResponse)mcom.SendRequest(request);
            }
            catch (DirectoryOperationException e) when (e.Response.ResultCode == ResultCode.SizeLimitExceeded)
            {
                response = (SearchResponse)e.Response;
            }

            var found = response.Entries.Cast<SearchResultEntry>().ToList();
            var before = chunked.Count;
            chunked.UnionWith(found.Select(e => (string)e.Attributes["uid"][0]));
            if (found.Count < 300 || chunked.Count == before)
            {
                break;
            }

            last = found.Max(e => long.Parse((string)e.Attributes["uidNumber"][0], System.Globalization.CultureInfo.InvariantCulture));
        }

        plain.Should().Throw<DirectoryOperationException>().Which.Response.ResultCode.Should().Be(ResultCode.SizeLimitExceeded);
        paged.Should().Throw<DirectoryOperationException>().Which.Response.ResultCode.Should().Be(ResultCode.SizeLimitExceeded);
        chunked.Should().HaveCount(Worlds.Small.People.Count(p => p.Presence.InMcommunity && !p.Dirt.MalformedMcommunity));
    }

    [Fact]
    public void Ldaps_serves_binary_object_guids_that_match_the_ground_truth()
    {
        using var ad = slapd.Ad(tls: true);
        var computer = Worlds.Small.Computers.First(c => c.InAd);

        var response = (SearchResponse)ad.SendRequest(new SearchRequest(AdLayout.Lsa, $"(sAMAccountName={computer.Name}$)", SearchScope.Subtree, "objectGUID", "objectSid", "whenChanged"));

        var entry = response.Entries.Cast<SearchResultEntry>().Should().ContainSingle().Subject;
        new Guid((byte[])entry.Attributes["objectGUID"][0]).Should().Be(computer.AdGuid);
        ((byte[])entry.Attributes["objectSid"][0]).Should().Equal(AdLayout.SidBytes(computer.AdRid));
    }

    [Fact]
    public void Mcommunity_groups_with_members_and_gid_numbers_are_all_found()
    {
        using var mcom = slapd.Mcommunity();

        var response = (SearchResponse)mcom.SendRequest(new SearchRequest(AdLayout.McommunityGroups, "(&(member=*)(gidNumber=*))", SearchScope.Subtree, "cn", "owner"));

        var expected = Worlds.Small.Groups.Count(g => g.Kind != GroupKind.ActiveDirectory);
        response.Entries.Count.Should().Be(Math.Min(expected, 350));
        expected.Should().BeLessThan(350, "the small world's groups fit in one search");
    }

    [Fact]
    public void An_incremental_ad_filter_on_when_changed_selects_only_recent_entries()
    {
        using var ad = slapd.Ad();

        var recent = Paged(ad, AdLayout.Umich, "(&(objectClass=person)(whenChanged>=20250215000000.0Z))", 1000, "cn");
        var all = Paged(ad, AdLayout.Umich, "(&(objectClass=person)(whenChanged>=19700101000000.0Z))", 1000, "cn");

        recent.Count.Should().BeGreaterThan(0).And.BeLessThan(all.Count);
    }
}
