using System.Text.RegularExpressions;
using LsatsHub.Engine;
using LsatsHub.Simulator.Cli;
using LsatsHub.Simulator.Ldap;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Simulator.UmApi;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LsatsHub.Pipelines.Tests.Support;

/// <summary>
/// Every source of one simulated world on loopback, as <c>lsats-sim serve</c> runs them: the TDX and UMich API
/// simulators, a private slapd for AD and MCommunity with AD's range retrieval in front of AD (<see cref="AdRangeProxy"/>),
/// and the document drops in a data folder. <see cref="Configuration"/>
/// is the .env the simulators write, so bronze steps read them as they would the real sources.
/// </summary>
public sealed partial class SimulatedSources : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;
    private TdxSimulator? _tdx;
    private UmApiSimulator? _umapi;
    private SlapdServer? _ldap;
    private AdRangeProxy? _adProxy;
    private ServiceProvider? _services;

    private SimulatedSources(SimWorld world, DirectoryInfo folder)
    {
        World = world;
        _folder = folder;
    }

    /// <summary>The world served.</summary>
    public SimWorld World { get; }

    /// <summary>The proxy AD is served through (AD_PORT is its LDAPS port), e.g. for how many ranged parts it served.</summary>
    public AdRangeProxy AdProxy => _adProxy!;

    /// <summary>The TDX simulator (its store records every write).</summary>
    public TdxSimulator Tdx => _tdx!;

    /// <summary>The configuration that points bronze steps at these sources.</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; private set; } = new Dictionary<string, string?>();

    /// <summary>
    /// Every step of the pipelines, built through DI as the runner builds them, with this configuration as the
    /// application's (the TDX connector reads its URL and credentials from there).
    /// </summary>
    public IReadOnlyList<IStep> Steps => _services!.GetServices<IStep>().ToArray();

    /// <summary>Writes the world's files and starts every simulator.</summary>
    /// <param name="world">The world to serve.</param>
    /// <param name="adMaxValueRange">Most values of <c>member</c> AD returns at once (AD's 1,500; smaller makes a small world's groups ranged).</param>
    /// <returns>The running sources; dispose to stop them.</returns>
    public static async Task<SimulatedSources> StartAsync(SimWorld world, int adMaxValueRange = 1500)
    {
        var sources = new SimulatedSources(world, Directory.CreateTempSubdirectory("lsats-silver-sources-"));
        try
        {
            var files = new WorldFiles(sources._folder.FullName);
            files.WriteAll(new WorldIndex(world));
            sources._tdx = await TdxSimulator.StartAsync(world, new TdxSimulatorOptions { RateLimitEnabled = false });
            sources._umapi = await UmApiSimulator.StartAsync(world, new UmApiSimulatorOptions { RateLimitEnabled = false });
            sources._ldap = await SlapdServer.StartAsync(world, RepositoryPaths.Combine("ops", "dev", "ldap.sh"), Path.Combine(sources._folder.FullName, "ldap-server"));
            sources._adProxy = AdRangeProxy.InFrontOf(sources._ldap, adMaxValueRange);
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (Match line in EnvLine().Matches(EnvFile.Render(sources._tdx, sources._umapi, sources._ldap, files.DataFolder, "unused", adProxy: sources._adProxy)))
            {
                values[line.Groups[1].Value] = line.Groups[2].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }

            values.Remove("DATABASE_URL");
            values["BRONZE_MAX_BAD_RECORD_SHARE"] = "0.05";
            sources.Configuration = values;
            sources._services = new ServiceCollection()
                .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
                .AddLsatsPipelines()
                .BuildServiceProvider();
            return sources;
        }
        catch
        {
            await sources.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_adProxy is not null)
        {
            await _adProxy.DisposeAsync();
        }

        if (_ldap is not null)
        {
            await _ldap.DisposeAsync();
        }

        if (_umapi is not null)
        {
            await _umapi.DisposeAsync();
        }

        if (_tdx is not null)
        {
            await _tdx.DisposeAsync();
        }

        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // slapd may still be releasing its files; the temp folder is cleaned by the system.
        }
    }

    [GeneratedRegex("^([A-Z_]+)=\"(.*)\"$", RegexOptions.Multiline)]
    private static partial Regex EnvLine();
}
