using LsatsHub.Engine.Graph;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Engine.Runs;

/// <summary>
/// The start-up check of a run: the configuration of every external dataset a selected step reads, so that a missing
/// credential stops the run before any step starts instead of failing a step half-way through it. Datasets no
/// selected step reads are not checked: a run of one source never asks for another source's secrets.
/// </summary>
public static class RunConfigurationCheck
{
    /// <summary>The problems, one line each: the dataset's description, the selected steps that read it, the problem.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="steps">The selected steps.</param>
    /// <param name="configuration">The run's configuration.</param>
    /// <returns>The problems; empty when the run may start.</returns>
    public static IReadOnlyList<string> Problems(PipelineGraph graph, IReadOnlySet<string> steps, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        foreach (var external in graph.Externals.Where(external => external.CheckConfiguration is not null).OrderBy(external => external.Id.Name, StringComparer.Ordinal))
        {
            var readers = steps.Where(step => graph[step].Descriptor.Inputs.Contains(external.Id)).Order(StringComparer.Ordinal).ToArray();
            if (readers.Length == 0)
            {
                continue;
            }

            foreach (var problem in external.CheckConfiguration!(configuration))
            {
                problems.Add($"{external.Description} (read by {string.Join(", ", readers)}): {problem}");
            }
        }

        return problems;
    }
}
