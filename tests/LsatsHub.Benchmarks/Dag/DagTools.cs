using System.Text.RegularExpressions;

namespace LsatsHub.Benchmarks.Dag;

/// <summary>
/// The built tools the suite runs as child processes, <c>lsats-sim</c> and <c>lsats-run</c> of the same configuration
/// as this benchmark (Release, Debug), and the environment each gets.
/// </summary>
public sealed partial class DagTools
{
    private DagTools(string root, string configuration)
    {
        RepositoryRoot = root;
        Simulator = Path.Combine(root, "src", "LsatsHub.Simulator", "bin", configuration, "net10.0", "lsats-sim");
        Runner = Path.Combine(root, "src", "LsatsHub.Runner", "bin", configuration, "net10.0", "lsats-run");
    }

    /// <summary>The repository checkout (ops/dev/ldap.sh, the tools' build output).</summary>
    public string RepositoryRoot { get; }

    /// <summary>The built lsats-sim.</summary>
    public string Simulator { get; }

    /// <summary>The built lsats-run.</summary>
    public string Runner { get; }

    /// <summary>What lsats-sim serve needs: the repository's slapd script unless one is named already.</summary>
    public IReadOnlyDictionary<string, string?> SimulatorEnvironment => new Dictionary<string, string?>
    {
        ["LSATS_LDAP_SCRIPT"] = Environment.GetEnvironmentVariable("LSATS_LDAP_SCRIPT") ?? Path.Combine(RepositoryRoot, "ops", "dev", "ldap.sh"),
    };

    /// <summary>Finds the checkout above this program and the tools built beside it; throws naming the build command when one is missing.</summary>
    public static DagTools Locate()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = folder.Parent?.Name ?? "Release"; // bin/<configuration>/net10.0/
        for (; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LsatsHub.sln")))
            {
                var tools = new DagTools(folder.FullName, configuration);
                foreach (var tool in new[] { tools.Simulator, tools.Runner })
                {
                    if (!File.Exists(tool))
                    {
                        throw new FileNotFoundException($"{tool} is not built: dotnet build LsatsHub.sln -c {configuration}");
                    }
                }

                return tools;
            }
        }

        throw new DirectoryNotFoundException($"no LsatsHub.sln above {AppContext.BaseDirectory}: run the benchmark from its build in the checkout");
    }

    /// <summary>
    /// lsats-run's environment for a world: every variable the world's .env sets is removed from the inherited one (a
    /// set variable wins over the file, and the shared dev services' LDAP CA would), then the benchmark's database and
    /// folders are set.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> RunnerEnvironment(string envFile, string databaseUrl, string workFolder)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (Match line in EnvKey().Matches(File.ReadAllText(envFile)))
        {
            environment[line.Groups[1].Value] = null;
        }

        environment["LSATS_LDAP_CA_CERT"] = null;
        environment["LSATS_ENV_FILE"] = null;
        environment["LSATS_FULL_REFRESH"] = null;
        environment["DATABASE_URL"] = databaseUrl;
        environment["LSATS_SNAPSHOT_DIR"] = Path.Combine(workFolder, "snapshots");
        environment["LSATS_LOG_DIR"] = Path.Combine(workFolder, "logs");
        return environment;
    }

    [GeneratedRegex("^([A-Za-z_][A-Za-z0-9_]*)=", RegexOptions.Multiline)]
    private static partial Regex EnvKey();
}
