using LsatsHub.Engine;
using LsatsHub.Runner.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LsatsHub.Runner.Tests.Support;

/// <summary>Runs lsats-run in-process with test steps in place of the LSATS pipelines, capturing its output.</summary>
internal sealed class InProcessRunner
{
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal)
    {
        ["LSATS_LOG_DIR"] = Path.Combine(Path.GetTempPath(), "lsats-test-logs"),
    };

    public List<IStep> Steps { get; } = [];

    /// <summary>Run the real LSATS pipelines instead of <see cref="Steps"/>.</summary>
    public bool UseLsatsPipelines { get; set; }

    public Task<RunnerInvocation> InvokeAsync(params string[] args) => InvokeAsync(CancellationToken.None, args);

    public async Task<RunnerInvocation> InvokeAsync(CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new RunnerEnvironment(
            Variables, TextWriter.Synchronized(output), TextWriter.Synchronized(error), TimeProvider.System, IsTerminal: false,
            UseLsatsPipelines
                ? null
                : services =>
                {
                    foreach (var step in Steps)
                    {
                        services.AddSingleton(step);
                    }
                });
        var exitCode = await RunnerCli.InvokeAsync(environment, args, cancellationToken);
        return new RunnerInvocation(exitCode, output.ToString(), error.ToString());
    }
}
