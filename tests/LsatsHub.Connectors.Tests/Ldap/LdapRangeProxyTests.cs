using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Ldap;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Connectors.Tests.Ldap;

/// <summary>
/// The simulated AD served with AD's range retrieval (<see cref="AdRangeProxy"/> in front of slapd, a small
/// MaxValRange so a small world has groups above it): the connector must ask for every part to see every member.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class LdapRangeProxyTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(2)]
    public async Task Groups_with_more_members_than_the_server_returns_at_once_arrive_with_every_member(int pageSize)
    {
        // Page size 2: the parts of each page's groups are asked for while the next page is already on its way.
        var world = WorldGenerator.Generate(new WorldOptions(42, 0.002));
        var folder = Path.Combine(Path.GetTempPath(), "lsats-ldap-range-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await using var server = await SlapdServer.StartAsync(world, RepositoryPaths.Combine("ops", "dev", "ldap.sh"), folder);
            await using var proxy = AdRangeProxy.Start(server.Port, maxValueRange: 5);
            var expected = MembersFromSlapd(server);
            expected.Values.Should().Contain(m => m.Count > 2 * proxy.MaxValueRange, "some groups must need three parts or more");
            using var session = await new LdapConnector().ConnectAsync(Settings(server, proxy.Port), LdapConversion.ActiveDirectory, CancellationToken.None);

            var groups = await session.SearchAsync(new LdapSearch(AdLayout.Lsa, "(objectClass=group)", ["cn", "member"]) { PageSize = pageSize }).ToListAsync();

            groups.Should().HaveCount(expected.Count);
            foreach (var group in groups)
            {
                group.Attributes.Select(a => a.Key).Should().NotContain(k => k.Contains(';', StringComparison.Ordinal), group.DistinguishedName);
                Members(group).Should().BeEquivalentTo(expected[group.DistinguishedName], group.DistinguishedName);
            }

            proxy.PartsServed.Should().BeGreaterThan(0, "the proxy served member in ranges");
            session.RangeRequestsSent.Should().BeGreaterThan(0, "the connector asked for the following parts");
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // slapd may still hold a file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }

    private static List<string> Members(LdapEntry entry) => entry.Find("member") switch
    {
        JsonArray array => array.Select(v => v!.GetValue<string>()).ToList(),
        JsonValue value when value.GetValue<string>() is { Length: > 0 } one => [one],
        _ => [],
    };

    /// <summary>Every LSA group's members, asked of slapd directly (no ranges).</summary>
    private static Dictionary<string, List<string>> MembersFromSlapd(SlapdServer server)
    {
        using var connection = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", server.Port))
        {
            AuthType = AuthType.Basic,
            Credential = new NetworkCredential(server.Accounts.AdBindDn, server.Accounts.AdPassword),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.Bind();
        var response = (SearchResponse)connection.SendRequest(new SearchRequest(AdLayout.Lsa, "(objectClass=group)", SearchScope.Subtree, "member"));
        return response.Entries.Cast<SearchResultEntry>().ToDictionary(
            e => e.DistinguishedName,
            e => e.Attributes.Contains("member") ? ((string[])e.Attributes["member"].GetValues(typeof(string))).ToList() : [],
            StringComparer.OrdinalIgnoreCase);
    }

    private static LdapSettings Settings(SlapdServer server, int port) => LdapConfiguration.ForActiveDirectory(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AD_SERVER"] = "127.0.0.1",
            ["AD_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["AD_USE_SSL"] = "false",
            ["AD_USER"] = server.Accounts.AdBindDn,
            ["AD_PASSWORD"] = server.Accounts.AdPassword,
        }).Build());
}
