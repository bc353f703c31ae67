using System.CommandLine;

namespace LsatsHub.Runner.Hosting;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static Option<FileInfo?> EnvFile { get; } = new("--env-file")
    {
        Description = "Env file with KEY=value lines (default: $LSATS_ENV_FILE, else ./.env when present). Set variables win over the file.",
        Recursive = true,
    };

    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Also log informational messages to standard error.",
        Recursive = true,
    };
}
