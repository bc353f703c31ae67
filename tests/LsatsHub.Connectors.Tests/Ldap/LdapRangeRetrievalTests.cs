using System.DirectoryServices.Protocols;
using System.Text;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Ldap;

namespace LsatsHub.Connectors.Tests.Ldap;

/// <summary>
/// AD's range retrieval (member;range=0-1499, then member;range=1500-*): the parts are joined under member. slapd
/// cannot emit range options (';range=0-1499' is not a valid attribute option there), so these tests build the parts
/// as AD sends them instead of asking a server for them.
/// </summary>
public sealed class LdapRangeRetrievalTests
{
    private static DirectoryAttribute Part(string name, int from, int count) =>
        new(name, Enumerable.Range(from, count).Select(i => (object)Encoding.UTF8.GetBytes($"CN=u{i:D5},OU=People,DC=adsroot,DC=itcs,DC=umich,DC=edu")).ToArray());

    [Fact]
    public void A_member_list_returned_in_ranges_is_stored_whole_under_member()
    {
        var converter = new LdapEntryConverter(LdapConversion.ActiveDirectory);
        DirectoryAttribute[] attributes =
        [
            new("cn", (object)Encoding.UTF8.GetBytes("big-group")),
            Part("member;range=0-1499", 0, 1500),
            Part("member;range=1500-2999", 1500, 1500),
            Part("member;range=3000-*", 3000, 7),
        ];

        var entry = converter.Convert("CN=big-group,OU=Groups,DC=adsroot,DC=itcs,DC=umich,DC=edu", attributes);

        entry.Attributes.Select(a => a.Key).Should().BeEquivalentTo(["cn", "member"], "no key keeps its range option");
        var members = entry.Find("member").Should().BeOfType<JsonArray>().Subject.Select(v => v!.GetValue<string>()).ToList();
        members.Should().HaveCount(3007).And.OnlyHaveUniqueItems().And.BeInAscendingOrder(StringComparer.Ordinal);
        members.Should().Contain("CN=u03006,OU=People,DC=adsroot,DC=itcs,DC=umich,DC=edu");
    }

    [Theory]
    [InlineData("member;range=0-1499", "member", 0L, 1499L, "member;range=1500-*")]
    [InlineData("member;Range=1500-*", "member", 1500L, null, null)]
    public void A_range_option_is_parsed_and_names_the_next_part_to_ask_for(string name, string attribute, long low, long? high, string? next)
    {
        var range = LdapAttributeRange.Parse(name);

        range.Should().Be(new LdapAttributeRange(attribute, low, high));
        range!.NextRequest.Should().Be(next);
    }

    [Theory]
    [InlineData("member")]
    [InlineData("member;range=")]
    [InlineData("member;range=5-2")]
    [InlineData("member;range=a-*")]
    public void A_name_without_a_valid_range_is_not_a_range(string name) =>
        LdapAttributeRange.Parse(name).Should().BeNull();
}
