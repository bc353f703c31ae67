using LsatsHub.Engine.Graph;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Support;

/// <summary>
/// The most concise way to make a graph in a test: arrows between step names.
/// <c>Steps.Graph("a -> b -> c", "a -> d", "e")</c> makes steps a..e where each step writes
/// <see cref="TestStep.DefaultOutputOf"/> its name and reads the outputs of the steps pointing at it.
/// A name alone declares a step without edges.
/// </summary>
public static class Steps
{
    /// <summary>Builds and validates the graph the arrows describe.</summary>
    public static PipelineGraph Graph(params string[] arrows) => PipelineGraph.Build(FromArrows(arrows), []);

    /// <summary>The steps the arrows describe, ordered by name; <paramref name="run"/> (if any) runs for each step, given its name.</summary>
    public static IReadOnlyList<TestStep> FromArrows(IEnumerable<string> arrows, Func<string, StepContext, CancellationToken, Task<StepResult>>? run = null)
    {
        ArgumentNullException.ThrowIfNull(arrows);
        var parents = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var arrow in arrows)
        {
            var names = arrow.Split("->", StringSplitOptions.TrimEntries);
            if (names.Any(string.IsNullOrEmpty))
            {
                throw new ArgumentException($"'{arrow}' is not a chain of step names like 'a -> b -> c'.", nameof(arrows));
            }

            for (var index = 0; index < names.Length; index++)
            {
                var set = parents.TryGetValue(names[index], out var existing) ? existing : parents[names[index]] = new SortedSet<string>(StringComparer.Ordinal);
                if (index > 0)
                {
                    set.Add(names[index - 1]);
                }
            }
        }

        return parents
            .Select(pair => TestStep.Create(
                pair.Key,
                reads: pair.Value.Select(TestStep.DefaultOutputOf),
                run: run is null ? null : (context, token) => run(pair.Key, context, token)))
            .ToArray();
    }
}
