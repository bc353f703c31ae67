using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Ldap;

/// <summary>
/// Two private slapd servers (through ops/dev/ldap.sh), one for AD and one for MCommunity as in reality, loaded with a
/// world's LDIF; stopped on dispose.
/// </summary>
public sealed class SlapdServer : IAsyncDisposable
{
    private readonly string _script;
    private readonly Dictionary<string, string> _environment;

    private SlapdServer(string script, string folder, int port, int tlsPort, int mcommunityPort, int mcommunityTlsPort, LdapAccounts accounts)
    {
        _script = script;
        Folder = folder;
        Port = port;
        TlsPort = tlsPort;
        McommunityPort = mcommunityPort;
        McommunityTlsPort = mcommunityTlsPort;
        Accounts = accounts;
        _environment = new Dictionary<string, string>
        {
            ["LSATS_LDAP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LSATS_LDAPS_PORT"] = tlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LSATS_MCOMMUNITY_LDAP_PORT"] = mcommunityPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LSATS_MCOMMUNITY_LDAPS_PORT"] = mcommunityTlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LSATS_LDAP_DIR"] = folder,
        };
    }

    /// <summary>The data folder (databases, certificate, configuration).</summary>
    public string Folder { get; }

    /// <summary>The simulated AD's plain LDAP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The simulated AD's LDAPS port on 127.0.0.1.</summary>
    public int TlsPort { get; }

    /// <summary>The simulated MCommunity's plain LDAP port on 127.0.0.1 (a server of its own).</summary>
    public int McommunityPort { get; }

    /// <summary>The simulated MCommunity's LDAPS port on 127.0.0.1.</summary>
    public int McommunityTlsPort { get; }

    /// <summary>The environment ops/dev/ldap.sh needs to address these servers (ports and data folder).</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>Bind accounts present in the loaded data.</summary>
    public LdapAccounts Accounts { get; }

    /// <summary>Folder with the self-signed certificate, rehashed (for TrustedCertificatesDirectory).</summary>
    public string CaDirectory => Path.Combine(Folder, "tls", "ca");

    /// <summary>The certificate PEM (for LDAPTLS_CACERT).</summary>
    public string CaCertificate => Path.Combine(CaDirectory, "lsats-ldap.pem");

    /// <summary>slapd's server certificate (PEM), e.g. for a proxy that serves LDAPS in front of it.</summary>
    public string ServerCertificate => Path.Combine(Folder, "tls", "server.crt");

    /// <summary>The private key of <see cref="ServerCertificate"/> (PEM).</summary>
    public string ServerKey => Path.Combine(Folder, "tls", "server.key");

    /// <summary>The running servers' process ids, AD's then MCommunity's (from the pid files ldap.sh keeps), e.g. to freeze them in a test.</summary>
    /// <returns>The process ids.</returns>
    public int[] ReadProcessIds() =>
    [
        .. new[] { "ad.pid", "mcommunity.pid" }.Select(file =>
            int.Parse(File.ReadAllText(Path.Combine(Folder, file)).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture)),
    ];

    /// <summary>Finds ops/dev/ldap.sh above <paramref name="start"/> (the repository checkout).</summary>
    public static string FindScript(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "ops", "dev", "ldap.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"ops/dev/ldap.sh not found above {start}; run from the repository checkout.");
    }

    /// <summary>Writes the world's LDIF under <paramref name="folder"/> and starts the two servers on free loopback ports.</summary>
    public static Task<SlapdServer> StartAsync(SimWorld world, string script, string folder, CancellationToken cancellationToken = default) =>
        StartAsync(world, script, folder, mcommunitySizeLimit: null, cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(SimWorld, string, string, CancellationToken)"/>, with MCommunity stopping every search at
    /// <paramref name="mcommunitySizeLimit"/> entries instead of about 350 (a small world then behaves like a large one).
    /// </summary>
    public static async Task<SlapdServer> StartAsync(SimWorld world, string script, string folder, int? mcommunitySizeLimit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(world);
        Directory.CreateDirectory(folder);
        var index = new WorldIndex(world);
        var accounts = LdapAccounts.For(world.Options.Seed);
        var ad = Path.Combine(folder, "ad.ldif");
        var mcom = Path.Combine(folder, "mcommunity.ldif");
        await using (var writer = new StreamWriter(ad))
        {
            new AdLdifProjection(index, accounts).Write(writer);
        }

        await using (var writer = new StreamWriter(mcom))
        {
            new McommunityLdifProjection(index, accounts).Write(writer);
        }

        var ports = FreePorts(4, reserved: null);
        var server = new SlapdServer(script, Path.Combine(folder, "slapd"), ports[0], ports[1], ports[2], ports[3], accounts);
        if (mcommunitySizeLimit is { } limit)
        {
            server._environment["LSATS_MCOMMUNITY_SIZE_LIMIT"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await server.LoadAsync(ad, mcom, cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>
    /// Starts the AD and MCommunity servers on free loopback ports, bulk-loaded (slapadd) from LDIF files already written;
    /// MCommunity's LDAPS on <paramref name="mcommunityTlsPort"/> when given (a port known to be free).
    /// </summary>
    public static async Task<SlapdServer> StartAsync(LdapAccounts accounts, string adLdif, string mcommunityLdif, string script, string folder, CancellationToken cancellationToken = default, int? mcommunityTlsPort = null)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        Directory.CreateDirectory(folder);
        var ports = FreePorts(4, mcommunityTlsPort);
        var server = new SlapdServer(script, Path.Combine(folder, "slapd"), ports[0], ports[1], ports[2], mcommunityTlsPort ?? ports[3], accounts);
        await server.LoadAsync(adLdif, mcommunityLdif, cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>Stops both servers (SIGTERM, then SIGKILL after <c>LSATS_LDAP_STOP_TIMEOUT</c>) and returns once neither runs.</summary>
    public async ValueTask DisposeAsync() => await RunAsync(["stop"], CancellationToken.None).ConfigureAwait(false);

    /// <summary>
    /// Stops any slapd still running on the data of <paramref name="folder"/> (as given to StartAsync): a serve killed
    /// with SIGKILL leaves its servers running, daemons the kill does not reach, on the ports a new start would take again.
    /// </summary>
    public static Task StopLeftoverAsync(string script, string folder, CancellationToken cancellationToken = default) =>
        RunScriptAsync(script, new Dictionary<string, string> { ["LSATS_LDAP_DIR"] = Path.Combine(folder, "slapd") }, ["stop"], cancellationToken);

    /// <summary>
    /// Loads and starts both servers. A load that fails or is cancelled (SIGTERM during a long slapadd) may have started
    /// AD and not MCommunity, or ldap.sh may still be about to start them: the script is killed and whatever it started
    /// is stopped before the exception leaves, so no caller is left with a slapd it has no handle on.
    /// </summary>
    private async Task LoadAsync(string adLdif, string mcommunityLdif, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(["load", adLdif, mcommunityLdif], cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await RunAsync(["stop"], CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private Task RunAsync(string[] arguments, CancellationToken cancellationToken) =>
        RunScriptAsync(_script, _environment, arguments, cancellationToken);

    private static async Task RunScriptAsync(string script, IReadOnlyDictionary<string, string> environment, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Left running, the script would go on to start slapd after its caller gave up on it.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }
    }

    /// <summary>
    /// <paramref name="count"/> distinct free loopback ports, none equal to <paramref name="reserved"/>. Every probe stays
    /// bound until all are found: a port probed and released at once may be handed out again by the very next probe
    /// (0.2 % of four probes in a row here), and slapd then fails to start on a port it was given twice.
    /// </summary>
    private static int[] FreePorts(int count, int? reserved)
    {
        var probes = new List<TcpListener>();
        try
        {
            var ports = new List<int>(count);
            while (ports.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                probes.Add(listener);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (port != reserved)
                {
                    ports.Add(port);
                }
            }

            return [.. ports];
        }
        finally
        {
            foreach (var probe in probes)
            {
                probe.Dispose();
            }
        }
    }
}
