using System.Globalization;
using System.Text.RegularExpressions;
using LsatsHub.Engine;
using LsatsHub.Pipelines;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Simulator.Cli;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Ldap;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Simulator.UmApi;
using LsatsHub.Simulator.World;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LsatsHub.Benchmarks;

/// <summary>
/// A generated university served by its simulators (TDX and UMich API on loopback without rate limits, a private slapd
/// for AD and MCommunity, the document drops in a folder), and every step of the pipelines built through DI as the
/// runner builds them, configured with the simulators' .env. Bronze is loaded by the real bronze steps, so silver reads
/// exactly what a production run would store.
/// </summary>
public sealed partial class SimulatedBronze : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly List<IAsyncDisposable> _running = [];
    private ServiceProvider? _services;

    private SimulatedBronze(DirectoryInfo folder) => _folder = folder;

    /// <summary>The configuration that points the steps at the simulators.</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; private set; } = new Dictionary<string, string?>();

    /// <summary>Every step of the pipelines.</summary>
    public IReadOnlyList<IStep> Steps => _services!.GetServices<IStep>().ToArray();

    /// <summary>
    /// Generates the world and starts the simulators (<paramref name="serve"/> false: steps only, for a reused database);
    /// slapd only with <paramref name="ldap"/>, as loading a large directory takes minutes.
    /// </summary>
    public static async Task<SimulatedBronze> StartAsync(double scale, int seed, bool serve, bool ldap, CancellationToken cancellationToken)
    {
        var bronze = new SimulatedBronze(Directory.CreateTempSubdirectory("lsats-benchmark-"));
        try
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (serve)
            {
                var started = TimeProvider.System.GetTimestamp();
                var world = WorldGenerator.Generate(new WorldOptions(seed, scale));
                var files = new WorldFiles(bronze._folder.FullName);
                files.WriteAll(new WorldIndex(world));
                Progress($"generated and wrote the world (scale {scale.ToString(CultureInfo.InvariantCulture)}, seed {seed}) in {Elapsed(started)}");
                started = TimeProvider.System.GetTimestamp();
                var tdx = await TdxSimulator.StartAsync(world, new TdxSimulatorOptions { RateLimitEnabled = false }, cancellationToken: cancellationToken);
                bronze._running.Add(tdx);
                var umapi = await UmApiSimulator.StartAsync(world, new UmApiSimulatorOptions { RateLimitEnabled = false }, cancellationToken: cancellationToken);
                bronze._running.Add(umapi);
                SlapdServer? directory = null;
                if (ldap)
                {
                    directory = await SlapdServer.StartAsync(world, SlapdServer.FindScript(AppContext.BaseDirectory), Path.Combine(bronze._folder.FullName, "ldap-server"), cancellationToken);
                    bronze._running.Add(directory);
                }

                Progress($"simulators{(ldap ? " and slapd" : string.Empty)} started in {Elapsed(started)}");
                foreach (Match line in EnvLine().Matches(EnvFile.Render(tdx, umapi, directory, files.DataFolder, "unused")))
                {
                    values[line.Groups[1].Value] = line.Groups[2].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
                }

                values.Remove("DATABASE_URL");
            }

            values["BRONZE_MAX_BAD_RECORD_SHARE"] = "0.05";
            bronze.Configuration = values;
            bronze._services = new ServiceCollection()
                .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
                .AddLsatsPipelines()
                .BuildServiceProvider();
            return bronze;
        }
        catch
        {
            await bronze.DisposeAsync();
            throw;
        }
    }

    /// <summary>The bronze steps that <paramref name="silverSteps"/> read, directly or through other bronze steps.</summary>
    public IReadOnlyList<IStep> BronzeFor(IReadOnlyCollection<IStep> silverSteps)
    {
        var bronzeSteps = Steps.Where(step => step.Descriptor.Layer == Layers.Bronze).ToList();
        var needed = silverSteps.SelectMany(step => step.Descriptor.Inputs).ToHashSet();
        var chosen = new List<IStep>();
        for (var added = true; added;)
        {
            added = false;
            foreach (var step in bronzeSteps.Where(step => !chosen.Contains(step) && step.Descriptor.Outputs.Any(needed.Contains)))
            {
                chosen.Add(step);
                needed.UnionWith(step.Descriptor.Inputs);
                added = true;
            }
        }

        return InDependencyOrder(chosen);
    }

    /// <summary>Runs <paramref name="bronzeSteps"/> in the given (dependency) order.</summary>
    public async Task LoadAsync(BenchmarkDatabase database, IReadOnlyList<IStep> bronzeSteps, CancellationToken cancellationToken)
    {
        foreach (var step in bronzeSteps)
        {
            var started = TimeProvider.System.GetTimestamp();
            var result = await step.RunAsync(Context(step, database, fullRefresh: false), cancellationToken);
            Progress($"{step.Descriptor.Name}: {result.Summary} in {Elapsed(started)}");
        }
    }

    /// <summary>A context for one run of <paramref name="step"/> against <paramref name="database"/>.</summary>
    public StepContext Context(IStep step, BenchmarkDatabase database, bool fullRefresh, bool trace = false)
    {
        var values = new Dictionary<string, string?>(Configuration) { [SilverTransform.FullRefreshVariable] = fullRefresh ? "true" : "false" };
        return new StepContext
        {
            DataSource = database.DataSource,
            Logger = trace ? new ConsoleErrorLogger() : NullLogger.Instance,
            RunId = Guid.NewGuid(),
            StepName = step.Descriptor.Name,
            Clock = TimeProvider.System,
            DryRun = false,
            Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build(),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        for (var i = _running.Count - 1; i >= 0; i--)
        {
            await _running[i].DisposeAsync();
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

    internal static void Progress(string message) => Console.Error.WriteLine($"[benchmark] {message}");

    internal static string Elapsed(long started) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s");

    private static List<IStep> InDependencyOrder(List<IStep> steps)
    {
        var ordered = new List<IStep>();
        var written = new HashSet<DatasetId>();
        var producedHere = steps.SelectMany(step => step.Descriptor.Outputs).ToHashSet();
        var pending = steps.OrderBy(step => step.Descriptor.Name, StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var ready = pending.First(step => step.Descriptor.Inputs.All(input => !producedHere.Contains(input) || written.Contains(input)));
            ordered.Add(ready);
            written.UnionWith(ready.Descriptor.Outputs);
            pending.Remove(ready);
        }

        return ordered;
    }

    [GeneratedRegex("^([A-Z_]+)=\"(.*)\"$", RegexOptions.Multiline)]
    private static partial Regex EnvLine();
}
