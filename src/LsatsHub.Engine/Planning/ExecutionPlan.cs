using System.Collections.Frozen;
using LsatsHub.Engine.Graph;

namespace LsatsHub.Engine.Planning;

/// <summary>
/// The selected steps of a run laid out in tiers: tier 0 holds the selected steps with no selected parent,
/// and every other step sits one tier below its deepest selected parent (longest-path layering). Only
/// direct parents inside the selection order the run; an unselected parent's existing output is used as is.
/// The tiers are for people; the executor starts each step as soon as its <see cref="ParentsWithinSelection"/> succeed.
/// </summary>
public sealed class ExecutionPlan
{
    private readonly FrozenDictionary<string, int> _tierOf;
    private readonly FrozenDictionary<string, string[]> _parentsWithin;
    private readonly FrozenDictionary<string, string[]> _childrenWithin;

    private ExecutionPlan(PipelineGraph graph, FrozenDictionary<string, int> tierOf, FrozenDictionary<string, string[]> parentsWithin)
    {
        Graph = graph;
        _tierOf = tierOf;
        _parentsWithin = parentsWithin;
        _childrenWithin = tierOf.Keys.ToFrozenDictionary(
            step => step,
            step => graph.ChildrenOf(step).Where(tierOf.ContainsKey).ToArray(),
            StringComparer.Ordinal);
        Tiers = tierOf
            .GroupBy(pair => pair.Value, pair => pair.Key)
            .OrderBy(tier => tier.Key)
            .Select(tier => (IReadOnlyList<string>)tier.Order(StringComparer.Ordinal).ToArray())
            .ToArray();
        Steps = Tiers.SelectMany(tier => tier).ToArray();
    }

    /// <summary>The graph the plan was made from.</summary>
    public PipelineGraph Graph { get; }

    /// <summary>Every selected step, tier by tier and by name within a tier: a valid order to run them one at a time.</summary>
    public IReadOnlyList<string> Steps { get; }

    /// <summary>The steps of each tier, ordered by name; tier 0 first.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Tiers { get; }

    /// <summary>
    /// Lays out a selection.
    /// </summary>
    /// <param name="graph">The validated graph.</param>
    /// <param name="selectedSteps">The step names to run, e.g. from <see cref="Selection.StepSelector.Select"/>.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException">A selected name is not a step of the graph.</exception>
    public static ExecutionPlan Create(PipelineGraph graph, IReadOnlySet<string> selectedSteps)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(selectedSteps);

        var known = graph.Steps.Select(step => step.Descriptor.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = selectedSteps.Where(step => !known.Contains(step)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"the plan names steps the graph does not have: {string.Join(", ", unknown)}", nameof(selectedSteps));
        }

        var parentsWithin = selectedSteps.ToFrozenDictionary(
            step => step,
            step => graph.ParentsOf(step).Where(selectedSteps.Contains).ToArray(),
            StringComparer.Ordinal);

        var tierOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var step in selectedSteps.Order(StringComparer.Ordinal))
        {
            TierOf(step, parentsWithin, tierOf);
        }

        return new ExecutionPlan(graph, tierOf.ToFrozenDictionary(StringComparer.Ordinal), parentsWithin);
    }

    /// <summary>True when the step is part of the plan.</summary>
    /// <param name="stepName">A step name.</param>
    /// <returns>Whether the step was selected.</returns>
    public bool Contains(string stepName) => _tierOf.ContainsKey(stepName);

    /// <summary>The tier of a selected step (0 for steps with no selected parent).</summary>
    /// <param name="stepName">A selected step.</param>
    /// <returns>The tier.</returns>
    /// <exception cref="KeyNotFoundException">The step is not in the plan.</exception>
    public int TierOf(string stepName) => _tierOf.TryGetValue(stepName, out var tier) ? tier : throw NotInPlan(stepName);

    /// <summary>The direct parents of a selected step that are selected too: what it waits for. Ordered by name.</summary>
    /// <param name="stepName">A selected step.</param>
    /// <returns>Parent step names.</returns>
    /// <exception cref="KeyNotFoundException">The step is not in the plan.</exception>
    public IReadOnlyList<string> ParentsWithinSelection(string stepName) =>
        _parentsWithin.TryGetValue(stepName, out var parents) ? parents : throw NotInPlan(stepName);

    /// <summary>The direct parents of a selected step that are not selected: their existing output is read as is. Ordered by name.</summary>
    /// <param name="stepName">A selected step.</param>
    /// <returns>Parent step names.</returns>
    /// <exception cref="KeyNotFoundException">The step is not in the plan.</exception>
    public IReadOnlyList<string> ParentsOutsideSelection(string stepName) =>
        Contains(stepName) ? Graph.ParentsOf(stepName).Where(parent => !Contains(parent)).ToArray() : throw NotInPlan(stepName);

    /// <summary>The direct children of a selected step that are selected too: what waits for it. Ordered by name.</summary>
    /// <param name="stepName">A selected step.</param>
    /// <returns>Child step names.</returns>
    /// <exception cref="KeyNotFoundException">The step is not in the plan.</exception>
    public IReadOnlyList<string> ChildrenWithinSelection(string stepName) =>
        _childrenWithin.TryGetValue(stepName, out var children) ? children : throw NotInPlan(stepName);

    private static KeyNotFoundException NotInPlan(string stepName) => new($"step '{stepName}' is not in the plan");

    private static int TierOf(string step, FrozenDictionary<string, string[]> parentsWithin, Dictionary<string, int> tierOf)
    {
        if (tierOf.TryGetValue(step, out var known))
        {
            return known;
        }

        // The graph is acyclic, so the recursion ends; its depth is bounded by the longest chain of steps.
        var parents = parentsWithin[step];
        var tier = parents.Length == 0 ? 0 : parents.Max(parent => TierOf(parent, parentsWithin, tierOf)) + 1;
        tierOf[step] = tier;
        return tier;
    }
}
