using System.Diagnostics;
using System.Globalization;
using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Ad;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Ldap;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Pipelines.Tests.Bronze.Ad;

/// <summary>A private slapd loaded with a small world, which a test can move to the next generation or edit.</summary>
public class LdapWorld : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lsats-ldap-steps-" + Guid.NewGuid().ToString("N")[..12]);
    private int _loads;

    public LdapWorld()
        : this(0.002)
    {
    }

    /// <summary>A world of <paramref name="scale"/> (1.0 = the real university).</summary>
    protected LdapWorld(double scale) => World = WorldGenerator.Generate(new WorldOptions(42, scale));

    public SimWorld World { get; private set; }

    public SlapdServer Server { get; private set; } = null!;

    public string AdLdif { get; private set; } = string.Empty;

    public string McommunityLdif { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Server = await SlapdServer.StartAsync(World, RepositoryPaths.Combine("ops", "dev", "ldap.sh"), _folder);
        AdLdif = Path.Combine(_folder, "ad.ldif");
        McommunityLdif = Path.Combine(_folder, "mcommunity.ldif");
    }

    public IConfiguration Configuration(Action<Dictionary<string, string?>>? change = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AD_SERVER"] = "127.0.0.1",
            ["AD_PORT"] = Server.TlsPort.ToString(CultureInfo.InvariantCulture),
            ["AD_USER"] = Server.Accounts.AdBindDn,
            ["AD_PASSWORD"] = Server.Accounts.AdPassword,
            ["LSATS_LDAP_CA_DIR"] = Server.CaDirectory,
            ["MCOMMUNITY_LDAP_SERVER"] = "127.0.0.1",
            ["MCOMMUNITY_LDAP_PORT"] = Server.McommunityTlsPort.ToString(CultureInfo.InvariantCulture),
            ["MCOMMUNITY_LDAP_USER"] = Server.Accounts.McommunityBindDn,
            ["MCOMMUNITY_LDAP_PASSWORD"] = Server.Accounts.McommunityPassword,

            // Every run a full fetch unless a test says otherwise (AdIncrementalTests): these tests predict full fetches.
            [AdUsnSync.FullSyncDaysVariable] = "0",
            [LsatsHub.Pipelines.Bronze.MCommunity.McommunityChangeSync.FullSyncDaysVariable] = "0",
        };
        change?.Invoke(values);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    public StepContext Context(BronzeDatabase bronze, string stepName, bool dryRun = false, IConfiguration? configuration = null) => new()
    {
        DataSource = bronze.Database.DataSource,
        Logger = bronze.Logger,
        RunId = Guid.NewGuid(),
        StepName = stepName,
        Clock = TimeProvider.System,
        DryRun = dryRun,
        Configuration = configuration ?? Configuration(),
    };

    /// <summary>
    /// Moves the world one generation on (WorldMutator.Apply) and reloads slapd with its LDIF; <paramref name="environment"/>
    /// adds ops/dev/ldap.sh settings for this load (e.g. LSATS_LDAP_AD_DEBUG).
    /// </summary>
    public async Task MutateAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        World = WorldMutator.Apply(World);
        var index = new WorldIndex(World);
        var accounts = LdapAccounts.For(World.Options.Seed);
        await WriteAsync(writer => new AdLdifProjection(index, accounts).Write(writer), writer => new McommunityLdifProjection(index, accounts).Write(writer), environment);
    }

    /// <summary>Reloads slapd with the current LDIF plus extra AD and MCommunity entries (LDIF text).</summary>
    public async Task AppendAsync(string adEntries, string mcommunityEntries)
    {
        var ad = await File.ReadAllTextAsync(AdLdif);
        var mcom = await File.ReadAllTextAsync(McommunityLdif);
        await WriteAsync(writer => writer.Write(ad + "\n" + adEntries), writer => writer.Write(mcom + "\n" + mcommunityEntries));
    }

    private async Task WriteAsync(Action<TextWriter> ad, Action<TextWriter> mcom, IReadOnlyDictionary<string, string>? environment = null)
    {
        _loads++;
        var adPath = Path.Combine(_folder, $"ad-{_loads}.ldif");
        var mcomPath = Path.Combine(_folder, $"mcommunity-{_loads}.ldif");
        await using (var writer = new StreamWriter(adPath))
        {
            ad(writer);
        }

        await using (var writer = new StreamWriter(mcomPath))
        {
            mcom(writer);
        }

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { RepositoryPaths.Combine("ops", "dev", "ldap.sh"), "load", adPath, mcomPath })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in Server.Environment.Concat(environment ?? new Dictionary<string, string>()))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, await stderr);
        AdLdif = adPath;
        McommunityLdif = mcomPath;
    }

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
