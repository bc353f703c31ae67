using LsatsHub.Simulator.Cli;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Ldap;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Simulator.UmApi;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;

namespace LsatsHub.Runner.Tests.Support;

/// <summary>
/// A small simulated university served over loopback for lsats-run end to end: TDX and the UMich API over HTTP, AD and
/// MCommunity by a real slapd, the document drops in a data folder, all in one temporary folder.
/// </summary>
internal sealed class SimulatedUniversity : IAsyncDisposable
{
    private SimulatedUniversity(DirectoryInfo folder, WorldFiles files, TdxSimulator tdx, UmApiSimulator umapi, SlapdServer ldap, AdRangeProxy adProxy)
    {
        AdProxy = adProxy;
        Folder = folder.FullName;
        Files = files;
        Tdx = tdx;
        UmApi = umapi;
        Ldap = ldap;
    }

    public string Folder { get; }

    public WorldFiles Files { get; }

    public TdxSimulator Tdx { get; }

    public UmApiSimulator UmApi { get; }

    public SlapdServer Ldap { get; }

    /// <summary>AD's range retrieval in front of the AD slapd, as lsats-sim serve runs it.</summary>
    public AdRangeProxy AdProxy { get; }

    /// <summary>Generates the world of <paramref name="seed"/> at scale 0.002 and starts its sources.</summary>
    public static async Task<SimulatedUniversity> StartAsync(int seed, string folderPrefix)
    {
        var folder = Directory.CreateTempSubdirectory(folderPrefix);
        var world = WorldGenerator.Generate(new WorldOptions(seed, 0.002), 0);
        var files = new WorldFiles(folder.FullName);
        files.WriteAll(new WorldIndex(world));
        var tdx = await TdxSimulator.StartAsync(world, new TdxSimulatorOptions { RateLimitEnabled = false });
        var umapi = await UmApiSimulator.StartAsync(world);
        var ldap = await SlapdServer.StartAsync(world, RepositoryPaths.Combine("ops", "dev", "ldap.sh"), Path.Combine(folder.FullName, "ldap"));
        return new SimulatedUniversity(folder, files, tdx, umapi, ldap, AdRangeProxy.InFrontOf(ldap));
    }

    /// <summary>Writes the .env that points lsats-run at these sources and <paramref name="databaseUrl"/>; returns its path.</summary>
    public async Task<string> WriteEnvFileAsync(string databaseUrl)
    {
        var path = Path.Combine(Folder, ".env");
        await File.WriteAllTextAsync(path, EnvFile.Render(Tdx, UmApi, Ldap, Files.DataFolder, databaseUrl, adProxy: AdProxy));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await AdProxy.DisposeAsync();
        await Ldap.DisposeAsync();
        await UmApi.DisposeAsync();
        await Tdx.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
