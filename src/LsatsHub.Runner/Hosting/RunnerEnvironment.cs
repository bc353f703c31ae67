using Microsoft.Extensions.DependencyInjection;

namespace LsatsHub.Runner.Hosting;

/// <summary>
/// What the outside world gives one invocation: environment, output streams, clock, and whether
/// standard output is a terminal. Tests build their own to run commands in-process.
/// </summary>
/// <param name="Variables">Environment variables.</param>
/// <param name="Out">Standard output: command results (plan, DOT, tables, progress).</param>
/// <param name="Error">Standard error: errors and warnings.</param>
/// <param name="Clock">The clock.</param>
/// <param name="IsTerminal">True when standard output is an interactive terminal.</param>
/// <param name="RegisterSteps">Registers the steps; null means the LSATS pipelines (tests register their own).</param>
internal sealed record RunnerEnvironment(
    IReadOnlyDictionary<string, string> Variables,
    TextWriter Out,
    TextWriter Error,
    TimeProvider Clock,
    bool IsTerminal,
    Action<IServiceCollection>? RegisterSteps = null)
{
    public static RunnerEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return new RunnerEnvironment(variables, Console.Out, Console.Error, TimeProvider.System, !Console.IsOutputRedirected);
    }
}
