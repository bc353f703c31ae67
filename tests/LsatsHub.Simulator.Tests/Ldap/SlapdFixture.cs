using System.DirectoryServices.Protocols;
using System.Net;
using LsatsHub.Simulator.Ldap;
using LsatsHub.Testing;

namespace LsatsHub.Simulator.Tests.Ldap;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
/// <summary>One private slapd loaded with the small world, shared by the LDAP tests.</summary>
public sealed class SlapdFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public SlapdServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await SlapdServer.StartAsync(Worlds.Small, RepositoryPaths.Combine("ops", "dev", "ldap.sh"), _folder.Path);

    public LdapConnection Ad(bool tls = false) => Connect(Server.Accounts.AdBindDn, Server.Accounts.AdPassword, tls ? Server.TlsPort : Server.Port, tls);

    public LdapConnection Mcommunity() => Connect(Server.Accounts.McommunityBindDn, Server.Accounts.McommunityPassword, Server.McommunityPort, tls: false);

    private LdapConnection Connect(string dn, string password, int port, bool tls)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", port))
        {
            AuthType = AuthType.Basic,
            Credential = new NetworkCredential(dn, password),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        if (tls)
        {
            connection.SessionOptions.SecureSocketLayer = true;
            connection.SessionOptions.TrustedCertificatesDirectory = Server.CaDirectory;
            connection.SessionOptions.StartNewTlsSessionContext();
        }

        connection.Bind();
        return connection;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}
