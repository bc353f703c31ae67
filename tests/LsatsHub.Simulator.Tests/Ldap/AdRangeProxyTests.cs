using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Net.Sockets;
using LsatsHub.Simulator.Ldap;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Tests.Ldap;

/// <summary>
/// The proxy lsats-sim serve puts in front of the AD slapd, as a client sees it: LDAPS ending at the proxy with slapd's
/// certificate, StartTLS relayed to slapd, every entry below MaxValRange exactly as slapd sends it, and nothing left
/// listening once it is disposed.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AdRangeProxyTests(SlapdFixture slapd) : IClassFixture<SlapdFixture>
{
    [Fact]
    public async Task Over_ldaps_a_paged_search_returns_what_slapd_returns_and_cuts_only_groups_above_max_value_range()
    {
        // Arrange
        await using var proxy = AdRangeProxy.InFrontOf(slapd.Server, maxValueRange: 5);
        using var direct = slapd.Ad();
        using var proxied = Connect(proxy.TlsPort!.Value, tls: true);

        // Act
        var expected = Search(direct, "(|(objectClass=person)(objectClass=group))");
        var actual = Search(proxied, "(|(objectClass=person)(objectClass=group))");

        // Assert
        actual.Keys.Should().BeEquivalentTo(expected.Keys);
        var ranged = 0;
        foreach (var (dn, attributes) in expected)
        {
            var members = attributes.GetValueOrDefault("member") ?? [];
            if (members.Count > proxy.MaxValueRange)
            {
                ranged++;
                actual[dn].Should().ContainKey("member;range=0-4", dn).And.NotContainKey("member", dn);
                actual[dn]["member;range=0-4"].Should().Equal(members.Take(5), dn);
                actual[dn].Where(a => a.Key != "member;range=0-4").Should().BeEquivalentTo(attributes.Where(a => a.Key != "member"), dn);
            }
            else
            {
                actual[dn].Should().BeEquivalentTo(attributes, o => o.WithStrictOrdering(), dn);
            }
        }

        ranged.Should().BePositive("the small world has groups of more than 5 members");
        proxy.PartsServed.Should().Be(ranged);
    }

    [Fact]
    public async Task StartTls_on_the_plain_port_is_relayed_to_slapd_and_the_connection_keeps_working()
    {
        // Arrange: OpenLDAP's own client (ldap-utils, installed with slapd), -ZZ = StartTLS required.
        await using var proxy = AdRangeProxy.InFrontOf(slapd.Server);
        var start = new ProcessStartInfo("ldapsearch") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-LLL", "-ZZ", "-H", $"ldap://127.0.0.1:{proxy.Port}", "-x", "-D", slapd.Server.Accounts.AdBindDn, "-w", slapd.Server.Accounts.AdPassword, "-b", AdLayout.Umich, "(objectClass=organizationalUnit)", "dn" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LDAPTLS_CACERT"] = slapd.Server.CaCertificate;

        // Act
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        // Assert
        process.ExitCode.Should().Be(0, error);
        using var direct = slapd.Ad();
        var expected = Search(direct, "(objectClass=organizationalUnit)").Count;
        expected.Should().BePositive();
        output.Split('\n').Count(line => line.StartsWith("dn: ", StringComparison.Ordinal)).Should().Be(expected, output);
    }

    [Fact]
    public async Task Disposing_the_proxy_closes_its_ports_and_ends_its_open_connections()
    {
        // Arrange
        var proxy = AdRangeProxy.InFrontOf(slapd.Server);
        var ports = new[] { proxy.Port, proxy.TlsPort!.Value };
        using var open = Connect(proxy.Port, tls: false);

        // Act
        await proxy.DisposeAsync();

        // Assert
        foreach (var port in ports)
        {
            using var client = new TcpClient();
            var connect = () => client.ConnectAsync(IPAddress.Loopback, port);
            await connect.Should().ThrowAsync<SocketException>($"port {port} is closed");
        }

        var search = () => open.SendRequest(new SearchRequest(AdLayout.Umich, "(objectClass=*)", SearchScope.Base));
        search.Should().Throw<LdapException>("the proxied connection was closed with the proxy");
    }

    private LdapConnection Connect(int port, bool tls)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", port))
        {
            AuthType = AuthType.Basic,
            Credential = new NetworkCredential(slapd.Server.Accounts.AdBindDn, slapd.Server.Accounts.AdPassword),
            Timeout = TimeSpan.FromSeconds(30),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        if (tls)
        {
            connection.SessionOptions.SecureSocketLayer = true;
            connection.SessionOptions.TrustedCertificatesDirectory = slapd.Server.CaDirectory;
            connection.SessionOptions.StartNewTlsSessionContext();
        }

        connection.Bind();
        return connection;
    }

    /// <summary>Every entry of a paged search below AD's root, attribute name → values as strings, in slapd's order.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> Search(LdapConnection connection, string filter)
    {
        var result = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.OrdinalIgnoreCase);
        var page = new PageResultRequestControl(100);
        var request = new SearchRequest(AdLayout.Umich, filter, SearchScope.Subtree, "cn", "member", "memberOf", "objectClass", "sAMAccountName");
        request.Controls.Add(page);
        for (var pages = 0; pages < 10_000; pages++)
        {
            var response = (SearchResponse)connection.SendRequest(request);
            foreach (SearchResultEntry entry in response.Entries)
            {
                result[entry.DistinguishedName] = entry.Attributes.AttributeNames.Cast<string>().ToDictionary(
                    name => name,
                    name => ((string[])entry.Attributes[name].GetValues(typeof(string))).ToList(),
                    StringComparer.OrdinalIgnoreCase);
            }

            var cookie = response.Controls.OfType<PageResultResponseControl>().Single().Cookie;
            if (cookie.Length == 0)
            {
                break;
            }

            page.Cookie = cookie;
        }

        return result;
    }
}
