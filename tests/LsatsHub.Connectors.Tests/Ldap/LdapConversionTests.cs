using System.DirectoryServices.Protocols;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Simulator.World;

namespace LsatsHub.Connectors.Tests.Ldap;

[UnsupportedOSPlatform("windows")]
public sealed class LdapConversionTests(SlapdFixture slapd) : IClassFixture<SlapdFixture>
{
    [Fact]
    public async Task Guids_sids_and_times_of_a_known_computer_come_back_in_their_text_forms()
    {
        var computer = SlapdFixture.World.Computers.First(c => c.InAd);
        using var session = await slapd.ActiveDirectoryAsync();

        var entry = await session.SearchAsync(new LdapSearch(AdLayout.Lsa, $"(sAMAccountName={computer.Name}$)", ["*"])).SingleAsync();

        entry.Text("objectGUID").Should().Be(computer.AdGuid.ToString("B"));
        entry.Text("objectSid").Should().Be(AdLayout.Sid(computer.AdRid));
        entry.Text("whenCreated").Should().Be(LdapValues.Iso(computer.Created.AddTicks(-(computer.Created.Ticks % TimeSpan.TicksPerSecond))));
        entry.Text("accountExpires").Should().Be("9999-12-31T23:59:59.999999+00:00");
        entry.Text("msDS-SupportedEncryptionTypes").Should().Be("28", "AD integers stay text");
        entry.Find("servicePrincipalName").Should().BeOfType<JsonArray>().Which.Select(v => v!.GetValue<string>()).Should().BeInAscendingOrder(StringComparer.Ordinal);
        entry.Find("cn").Should().BeAssignableTo<JsonValue>("a single value is a scalar");
    }

    [Fact]
    public async Task Mcommunity_numbers_are_json_numbers()
    {
        var person = SlapdFixture.World.People.First(p => p.Presence.InMcommunity && !p.Dirt.MalformedMcommunity);
        using var session = await slapd.McommunityAsync();

        var entry = await session.SearchAsync(new LdapSearch(AdLayout.McommunityPeople, $"(uid={person.Uniqname})", ["uid", "uidNumber", "gidNumber"])).SingleAsync();

        entry.Find("uidNumber")!.GetValue<long>().Should().Be(person.UidNumber);
        entry.Find("gidNumber")!.GetValue<long>().Should().Be(100);
    }

    [Fact]
    public async Task Mcommunity_values_keep_the_servers_order_so_the_first_cn_is_still_the_group_name()
    {
        var group = SlapdFixture.World.Groups.First(g => g.Kind != GroupKind.ActiveDirectory
            && !string.Equals(g.Name, g.DisplayName, StringComparison.OrdinalIgnoreCase)
            && string.CompareOrdinal(g.DisplayName, g.Name) < 0);
        using var session = await slapd.McommunityAsync();

        var entry = await session.SearchAsync(new LdapSearch(AdLayout.McommunityGroups, $"(cn={group.Name})", ["cn"])).SingleAsync();

        entry.Find("cn").Should().BeOfType<JsonArray>().Which.Select(v => v!.GetValue<string>()).Should().Equal(group.Name, group.DisplayName);
    }

    [Theory]
    [InlineData("0", "1601-01-01T00:00:00+00:00")]
    [InlineData("9223372036854775807", "9999-12-31T23:59:59.999999+00:00")]
    [InlineData("133853075451234567", "2025-03-01T12:59:05.123456+00:00")]
    [InlineData("-5", null)]
    [InlineData("soon", null)]
    public void File_times_become_iso_utc(string value, string? expected) =>
        LdapValues.FileTimeText(value).Should().Be(expected);

    [Theory]
    [InlineData("20120814150211.0Z", "2012-08-14T15:02:11+00:00")]
    [InlineData("20260101050000Z", "2026-01-01T05:00:00+00:00")]
    [InlineData("20240102030405.5Z", "2024-01-02T03:04:05.500000+00:00")]
    [InlineData("20240102030405-0500", "2024-01-02T08:04:05+00:00")]
    [InlineData("202401020304Z", "2024-01-02T03:04:00+00:00")]
    [InlineData("16010101000000.0Z", "1601-01-01T00:00:00+00:00")]
    [InlineData("yesterday", null)]
    public void Generalized_times_become_iso_utc(string value, string? expected) =>
        LdapValues.GeneralizedTimeText(value).Should().Be(expected);

    [Fact]
    public void A_sid_is_decoded_from_its_wire_form()
    {
        LdapValues.SidText(AdLayout.SidBytes(123456)).Should().Be("S-1-5-21-1111111111-2222222222-3333333333-123456");
        LdapValues.SidText([1, 2, 0]).Should().BeNull();
    }

    [Fact]
    public void A_guid_is_shown_with_braces_in_ads_byte_order()
    {
        var guid = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301");

        LdapValues.GuidText(guid.ToByteArray()).Should().Be("{3f2504e0-4f89-11d3-9a0c-0305e82c3301}");
        LdapValues.GuidText([1, 2, 3]).Should().BeNull();
    }

    [Fact]
    public void Several_values_are_sorted_by_their_json_text_as_before_even_where_escaping_or_a_prefix_decides()
    {
        // The order bronze has always stored: ordinal by each value's JSON text. A prefix sorts by its closing quote
        // (after a space, before a letter), and escaped characters (quote, backslash, '<', '+', non-ASCII, tab) by
        // their escapes, not by the characters themselves.
        string[] values = ["ab", "a", "a b", "a!", "a\"q", "a\\b", "a<b", "a+b", "é", "z", "A", "a\tb", "ü", "€", "a#", "", "~"];
        var converter = new LdapEntryConverter(LdapConversion.ActiveDirectory);
        var attribute = new DirectoryAttribute("proxyAddresses", values.Select(v => (object)Encoding.UTF8.GetBytes(v)).ToArray());

        var stored = converter.Convert("CN=x", [attribute]).Find("proxyAddresses").Should().BeOfType<JsonArray>().Subject;

        var expected = values.Select(v => (JsonNode?)JsonValue.Create(v.Trim())).OrderBy(v => v!.ToJsonString(), StringComparer.Ordinal).Select(v => v!.GetValue<string>());
        stored.Select(v => v!.GetValue<string>()).Should().Equal(expected);
    }
}
