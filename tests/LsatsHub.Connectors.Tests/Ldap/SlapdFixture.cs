using System.Runtime.Versioning;
using LsatsHub.Connectors.Ldap;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Ldap;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Connectors.Tests.Ldap;

/// <summary>One private slapd loaded with a small world, shared by the tests of a class.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SlapdFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lsats-ldap-connector-" + Guid.NewGuid().ToString("N")[..12]);

    public static SimWorld World { get; } = WorldGenerator.Generate(new WorldOptions(42, 0.002));

    public SlapdServer Server { get; private set; } = null!;

    public LdapConnector Connector { get; } = new();

    public async Task InitializeAsync() =>
        Server = await SlapdServer.StartAsync(World, RepositoryPaths.Combine("ops", "dev", "ldap.sh"), _folder);

    public IConfiguration Configuration(Action<Dictionary<string, string?>>? change = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AD_SERVER"] = "127.0.0.1",
            ["AD_PORT"] = Server.TlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AD_USER"] = Server.Accounts.AdBindDn,
            ["AD_PASSWORD"] = Server.Accounts.AdPassword,
            ["MCOMMUNITY_LDAP_SERVER"] = "127.0.0.1",
            ["MCOMMUNITY_LDAP_PORT"] = Server.McommunityPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MCOMMUNITY_LDAP_USE_SSL"] = "false",
            ["MCOMMUNITY_LDAP_USER"] = Server.Accounts.McommunityBindDn,
            ["MCOMMUNITY_LDAP_PASSWORD"] = Server.Accounts.McommunityPassword,
            ["LSATS_LDAP_CA_DIR"] = Server.CaDirectory,
        };
        change?.Invoke(values);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    public Task<LdapSession> ActiveDirectoryAsync(Action<Dictionary<string, string?>>? change = null) =>
        Connector.ConnectAsync(LdapConfiguration.ForActiveDirectory(Configuration(change)), LdapConversion.ActiveDirectory, CancellationToken.None);

    public Task<LdapSession> McommunityAsync(Action<Dictionary<string, string?>>? change = null) =>
        Connector.ConnectAsync(LdapConfiguration.ForMcommunity(Configuration(change)), LdapConversion.Mcommunity, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // slapd may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
