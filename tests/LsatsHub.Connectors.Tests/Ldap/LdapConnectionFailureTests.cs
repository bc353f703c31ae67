using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Simulator.World;

namespace LsatsHub.Connectors.Tests.Ldap;

[UnsupportedOSPlatform("windows")]
public sealed class LdapConnectionFailureTests(SlapdFixture slapd) : IClassFixture<SlapdFixture>
{
    [Fact]
    public async Task Ldaps_with_the_simulators_ca_folder_binds_and_searches()
    {
        using var session = await slapd.ActiveDirectoryAsync();

        var count = await session.SearchAsync(new LdapSearch(AdLayout.Umich, "(objectClass=organizationalUnit)", ["ou"]) { Scope = System.DirectoryServices.Protocols.SearchScope.OneLevel }).CountAsync();

        session.Settings.UseSsl.Should().BeTrue();
        count.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Ldaps_without_trust_in_the_servers_certificate_fails_with_a_message_naming_tls_trust()
    {
        var act = () => slapd.ActiveDirectoryAsync(values => values.Remove("LSATS_LDAP_CA_DIR"));

        var message = (await act.Should().ThrowAsync<ConnectorException>()).Which.Message;
        message.Should().Contain("TLS").And.Contain("not trusted").And.Contain("LSATS_LDAP_CA_DIR").And.Contain($"127.0.0.1:{slapd.Server.TlsPort}");
    }

    [Fact]
    public async Task A_wrong_password_fails_clearly_without_echoing_it()
    {
        const string wrong = "not-the-password-4711";

        var act = () => slapd.ActiveDirectoryAsync(values => values["AD_PASSWORD"] = wrong);

        var exception = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        exception.Message.Should().Contain("invalid credentials").And.Contain("AD_PASSWORD").And.Contain(slapd.Server.Accounts.AdBindDn);
        exception.ToString().Should().NotContain(wrong).And.NotContain(slapd.Server.Accounts.AdPassword);
    }

    [Fact]
    public async Task A_server_that_is_down_fails_naming_host_and_port()
    {
        var port = UnusedPort();

        var act = () => slapd.McommunityAsync(values => values["MCOMMUNITY_LDAP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain($"127.0.0.1:{port}").And.Contain("unreachable");
    }

    [Fact]
    public async Task Plain_ldap_is_used_when_ssl_is_switched_off()
    {
        using var session = await slapd.ActiveDirectoryAsync(values =>
        {
            values["AD_USE_SSL"] = "false";
            values["AD_PORT"] = slapd.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            values.Remove("LSATS_LDAP_CA_DIR");
        });

        (await session.SearchAsync(new LdapSearch(AdLayout.Lsa, "(objectClass=computer)", ["cn"])).CountAsync())
            .Should().Be(SlapdFixture.World.Computers.Count(c => c.InAd));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
