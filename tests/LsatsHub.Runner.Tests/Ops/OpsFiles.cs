using CliWrap;
using CliWrap.Buffered;
using LsatsHub.Testing;

namespace LsatsHub.Runner.Tests.Ops;

/// <summary>The operations files of the repository and a way to run the system tools that check them.</summary>
internal static class OpsFiles
{
    public static string SystemdFolder => RepositoryPaths.Combine("ops", "systemd");

    public static string Installer => RepositoryPaths.Combine("ops", "install.sh");

    public static IReadOnlyList<string> Units =>
        Directory.GetFiles(SystemdFolder).Where(path => path.EndsWith(".service", StringComparison.Ordinal) || path.EndsWith(".timer", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>The runner's own build output (the folder the test build produced it in), to install without a second publish.</summary>
    public static string RunnerBuildOutput
    {
        get
        {
            // …/tests/LsatsHub.Runner.Tests/bin/<Configuration>/<tfm>/
            var tfm = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = tfm.Parent!;
            var folder = RepositoryPaths.Combine("src", "LsatsHub.Runner", "bin", configuration.Name, tfm.Name);
            return File.Exists(Path.Combine(folder, "lsats-run"))
                ? folder
                : throw new InvalidOperationException($"lsats-run is not built in {folder}.");
        }
    }

    public static Task<BufferedCommandResult> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        Cli.Wrap(program)
            .WithArguments(arguments)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithWorkingDirectory(workingDirectory ?? Path.GetTempPath())
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();

    public static string Describe(BufferedCommandResult result) =>
        $"exit {result.ExitCode}\nstdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}";
}
