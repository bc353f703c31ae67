using System.Collections.Frozen;
using QuikGraph;
using QuikGraph.Algorithms;

namespace LsatsHub.Engine.Graph;

/// <summary>
/// The validated dependency graph of all registered steps: an edge A → B wherever B reads a dataset
/// that A writes. Immutable once built.
/// </summary>
public sealed class PipelineGraph
{
    private readonly FrozenDictionary<string, IStep> _steps;
    private readonly FrozenDictionary<DatasetId, string> _producers;
    private readonly FrozenDictionary<string, string[]> _parents;
    private readonly FrozenDictionary<string, string[]> _children;

    private PipelineGraph(
        IReadOnlyList<IStep> orderedSteps,
        FrozenDictionary<DatasetId, string> producers,
        IReadOnlyList<ExternalDataset> externals,
        AdjacencyGraph<string, Edge<string>> graph)
    {
        Steps = orderedSteps;
        Externals = externals;
        Edges = graph.Edges.Select(edge => (edge.Source, edge.Target))
            .OrderBy(edge => edge.Source, StringComparer.Ordinal)
            .ThenBy(edge => edge.Target, StringComparer.Ordinal)
            .ToArray();
        _steps = orderedSteps.ToFrozenDictionary(step => step.Descriptor.Name, StringComparer.Ordinal);
        _producers = producers;
        _parents = orderedSteps.ToFrozenDictionary(
            step => step.Descriptor.Name,
            step => Edges.Where(edge => edge.Target == step.Descriptor.Name).Select(edge => edge.Source).ToArray(),
            StringComparer.Ordinal);
        _children = orderedSteps.ToFrozenDictionary(
            step => step.Descriptor.Name,
            step => Edges.Where(edge => edge.Source == step.Descriptor.Name).Select(edge => edge.Target).ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>Every step, ordered by name.</summary>
    public IReadOnlyList<IStep> Steps { get; }

    /// <summary>The declared external datasets, ordered by id.</summary>
    public IReadOnlyList<ExternalDataset> Externals { get; }

    /// <summary>Every edge (producer step, consumer step), ordered.</summary>
    public IReadOnlyList<(string Source, string Target)> Edges { get; }

    /// <summary>The step with the given name.</summary>
    /// <param name="stepName">An exact step name.</param>
    /// <exception cref="KeyNotFoundException">No step has that name.</exception>
    public IStep this[string stepName] => _steps[stepName];

    /// <summary>
    /// Builds and validates the graph. Fails with every problem at once: a dataset with two
    /// producers, an input nobody produces that is not external, a duplicate step name, a cycle,
    /// a step without outputs or whose outputs lie in different layers, a tag that repeats the
    /// step's layer or source.
    /// </summary>
    /// <param name="steps">The registered steps.</param>
    /// <param name="externals">The declared external datasets.</param>
    /// <returns>The validated graph.</returns>
    /// <exception cref="PipelineGraphException">The steps do not form a valid DAG.</exception>
    public static PipelineGraph Build(IEnumerable<IStep> steps, IEnumerable<ExternalDataset> externals)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(externals);

        var orderedSteps = steps.OrderBy(step => step.Descriptor.Name, StringComparer.Ordinal).ToArray();
        var externalList = externals.DistinctBy(external => external.Id).OrderBy(external => external.Id).ToArray();
        var externalIds = externalList.Select(external => external.Id).ToHashSet();
        var problems = new List<string>();

        foreach (var duplicate in orderedSteps.GroupBy(step => step.Descriptor.Name, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            problems.Add($"step name '{duplicate.Key}' is registered {duplicate.Count()} times ({string.Join(", ", duplicate.Select(step => step.GetType().FullName))})");
        }

        foreach (var step in orderedSteps)
        {
            problems.AddRange(DescriptorProblems(step.Descriptor));
        }

        var producersByDataset = orderedSteps
            .SelectMany(step => step.Descriptor.Outputs.Distinct().Select(output => (Output: output, Step: step.Descriptor.Name)))
            .GroupBy(pair => pair.Output)
            .OrderBy(group => group.Key)
            .ToArray();
        foreach (var contested in producersByDataset.Where(group => group.Count() > 1))
        {
            problems.Add($"dataset '{contested.Key}' has {contested.Count()} producers: {string.Join(", ", contested.Select(pair => pair.Step))}");
        }

        foreach (var externalProduced in producersByDataset.Where(group => externalIds.Contains(group.Key)))
        {
            problems.Add($"dataset '{externalProduced.Key}' is declared external but step {externalProduced.First().Step} produces it");
        }

        var producers = producersByDataset.ToFrozenDictionary(group => group.Key, group => group.First().Step);

        foreach (var step in orderedSteps)
        {
            foreach (var input in step.Descriptor.Inputs.Distinct().Order())
            {
                if (!producers.ContainsKey(input) && !externalIds.Contains(input))
                {
                    problems.Add($"step {step.Descriptor.Name} reads '{input}', which no step produces and which is not declared external");
                }
            }
        }

        var graph = new AdjacencyGraph<string, Edge<string>>(allowParallelEdges: false);
        graph.AddVertexRange(orderedSteps.Select(step => step.Descriptor.Name).Distinct(StringComparer.Ordinal));
        foreach (var step in orderedSteps)
        {
            foreach (var input in step.Descriptor.Inputs.Distinct().Order())
            {
                if (producers.TryGetValue(input, out var producer) && !graph.ContainsEdge(producer, step.Descriptor.Name))
                {
                    graph.AddEdge(new Edge<string>(producer, step.Descriptor.Name));
                }
            }
        }

        problems.AddRange(FindCycles(graph));

        if (problems.Count > 0)
        {
            throw new PipelineGraphException(problems);
        }

        return new PipelineGraph(orderedSteps, producers, externalList, graph);
    }

    private static IEnumerable<string> DescriptorProblems(StepDescriptor descriptor)
    {
        var layers = descriptor.Outputs.GroupBy(output => output.Layer).OrderBy(group => group.Key.Name, StringComparer.Ordinal).ToArray();
        if (layers.Length == 0)
        {
            yield return $"step {descriptor.Name} writes no dataset; a step's layer comes from the datasets it writes";
        }
        else if (layers.Length > 1)
        {
            var outputs = string.Join(", ", layers.Select(group => $"{group.Key}: {string.Join(", ", group.Order())}"));
            yield return $"step {descriptor.Name} writes datasets of {layers.Length} layers ({outputs}); all outputs of a step must share one layer, which becomes the step's layer";
        }

        foreach (var tag in descriptor.Tags)
        {
            if (!tag.IsDefined)
            {
                yield return $"step {descriptor.Name} has an uninitialised tag";
            }
            else if (layers.Length == 1 && tag.Name == layers[0].Key.Name)
            {
                yield return $"step {descriptor.Name} has the tag '{tag}', which repeats its layer; select it with layer:{tag} instead";
            }
            else if (tag.Name == descriptor.Source)
            {
                yield return $"step {descriptor.Name} has the tag '{tag}', which repeats its source; select it with source:{tag} instead";
            }
        }

        if (descriptor.Resources.Any(resource => !resource.IsDefined))
        {
            yield return $"step {descriptor.Name} holds an uninitialised resource";
        }
    }

    /// <summary>
    /// Resolves a user-supplied name: a step name, or a dataset name (resolving to its producer).
    /// </summary>
    /// <param name="name">A step or dataset name.</param>
    /// <param name="stepName">The step's name when found.</param>
    /// <returns>True when the name denotes a step or a produced dataset.</returns>
    public bool TryResolve(string name, out string stepName)
    {
        if (_steps.ContainsKey(name))
        {
            stepName = name;
            return true;
        }

        if (DatasetId.TryParse(name, out var dataset) && _producers.TryGetValue(dataset.Value, out var producer))
        {
            stepName = producer;
            return true;
        }

        stepName = string.Empty;
        return false;
    }

    /// <summary>Every name a user may write in a selection: step names and produced dataset names.</summary>
    public IEnumerable<string> KnownNames =>
        _steps.Keys.Concat(_producers.Keys.Select(dataset => dataset.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>The step that produces a dataset, if any.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <returns>The producing step's name, or null for an external dataset.</returns>
    public string? ProducerOf(DatasetId dataset) => _producers.TryGetValue(dataset, out var producer) ? producer : null;

    /// <summary>Direct parents of a step (the producers of its inputs), ordered by name.</summary>
    /// <param name="stepName">The step.</param>
    /// <returns>Parent step names.</returns>
    public IReadOnlyList<string> ParentsOf(string stepName) => _parents[stepName];

    /// <summary>Direct children of a step (the readers of its outputs), ordered by name.</summary>
    /// <param name="stepName">The step.</param>
    /// <returns>Child step names.</returns>
    public IReadOnlyList<string> ChildrenOf(string stepName) => _children[stepName];

    /// <summary>Ancestors of a step up to <paramref name="depth"/> generations (all when null), excluding the step.</summary>
    /// <param name="stepName">The step.</param>
    /// <param name="depth">How many generations to walk; null for all.</param>
    /// <returns>Ancestor step names.</returns>
    public IReadOnlySet<string> AncestorsOf(string stepName, int? depth = null) => Walk(stepName, _parents, depth);

    /// <summary>Descendants of a step up to <paramref name="depth"/> generations (all when null), excluding the step.</summary>
    /// <param name="stepName">The step.</param>
    /// <param name="depth">How many generations to walk; null for all.</param>
    /// <returns>Descendant step names.</returns>
    public IReadOnlySet<string> DescendantsOf(string stepName, int? depth = null) => Walk(stepName, _children, depth);

    /// <summary>
    /// The nearest selected ancestors of a step: its selected parents and, through each unselected
    /// parent, that parent's nearest selected ancestors. Running a selection keeps the graph's order
    /// through the steps it leaves out (as dbt does), so a step never starts before upstream work it
    /// transitively reads has finished.
    /// </summary>
    /// <param name="stepName">The step.</param>
    /// <param name="selection">The selected step names.</param>
    /// <returns>Step names, ordered.</returns>
    public IReadOnlyList<string> SelectedParentsOf(string stepName, IReadOnlySet<string> selection) => Nearest(stepName, _parents, selection);

    /// <summary>The nearest selected descendants of a step, through unselected steps; the mirror of <see cref="SelectedParentsOf"/>.</summary>
    /// <param name="stepName">The step.</param>
    /// <param name="selection">The selected step names.</param>
    /// <returns>Step names, ordered.</returns>
    public IReadOnlyList<string> SelectedChildrenOf(string stepName, IReadOnlySet<string> selection) => Nearest(stepName, _children, selection);

    private static string[] Nearest(string start, FrozenDictionary<string, string[]> next, IReadOnlySet<string> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(next[start]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!visited.Add(current))
            {
                continue;
            }

            if (selection.Contains(current))
            {
                found.Add(current);
                continue;
            }

            foreach (var further in next[current])
            {
                pending.Push(further);
            }
        }

        return [.. found];
    }

    private static HashSet<string> Walk(string start, FrozenDictionary<string, string[]> next, int? depth)
    {
        if (!next.ContainsKey(start))
        {
            throw new KeyNotFoundException($"No step is named '{start}'.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new List<string> { start };
        for (var generation = 0; frontier.Count > 0 && (depth is null || generation < depth); generation++)
        {
            frontier = frontier.SelectMany(name => next[name]).Where(seen.Add).ToList();
        }

        return seen;
    }

    private static IEnumerable<string> FindCycles(AdjacencyGraph<string, Edge<string>> graph)
    {
        var components = new Dictionary<string, int>(StringComparer.Ordinal);
        graph.StronglyConnectedComponents(components);
        // Ordered by each component's first step name, so the same graph always reports its cycles in the same order.
        var ordered = components
            .GroupBy(pair => pair.Value, pair => pair.Key)
            .Select(component => component.Order(StringComparer.Ordinal).ToArray())
            .OrderBy(members => members[0], StringComparer.Ordinal);
        foreach (var members in ordered)
        {
            var selfLoop = members.Length == 1 && graph.ContainsEdge(members[0], members[0]);
            if (members.Length > 1 || selfLoop)
            {
                yield return "cycle: " + string.Join(" -> ", CycleThrough(graph, members.ToHashSet(StringComparer.Ordinal), members[0]));
            }
        }
    }

    /// <summary>One concrete cycle inside a strongly connected component, starting and ending at <paramref name="start"/>.</summary>
    private static List<string> CycleThrough(AdjacencyGraph<string, Edge<string>> graph, HashSet<string> component, string start)
    {
        // Breadth-first from start's successors back to start, inside the component, gives the shortest cycle.
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var target in graph.OutEdges(current).Select(edge => edge.Target).Where(component.Contains).Order(StringComparer.Ordinal))
            {
                if (target == start)
                {
                    var path = new List<string> { start };
                    for (var node = current; node != start; node = cameFrom[node])
                    {
                        path.Add(node);
                    }

                    path.Add(start);
                    path.Reverse();
                    return path;
                }

                if (cameFrom.TryAdd(target, current))
                {
                    queue.Enqueue(target);
                }
            }
        }

        return [start, start];
    }
}
