using LsatsHub.Engine.Graph;

namespace LsatsHub.Engine.Selection;

/// <summary>Turns selector terms into sets of step names over one graph.</summary>
internal sealed class SelectorEvaluator
{
    private readonly PipelineGraph _graph;
    private readonly IReadOnlyDictionary<SelectorMethod, IReadOnlyDictionary<string, string[]>> _stepsByValue;

    public SelectorEvaluator(PipelineGraph graph)
    {
        _graph = graph;
        _stepsByValue = new Dictionary<SelectorMethod, IReadOnlyDictionary<string, string[]>>
        {
            [SelectorMethod.Tag] = Index(graph, descriptor => descriptor.Tags.Select(tag => tag.Name)),
            [SelectorMethod.Layer] = Index(graph, descriptor => [descriptor.Layer.Name]),
            [SelectorMethod.Source] = Index(graph, descriptor => descriptor.Source is null ? [] : [descriptor.Source]),
        };
    }

    /// <summary>
    /// Evaluates one space-free term: comma-separated selectors, intersected. Problems are added to
    /// <paramref name="problems"/> (prefixed with <paramref name="option"/>) and yield null.
    /// </summary>
    public HashSet<string>? Evaluate(string term, string option, List<string> problems, bool emptyIsProblem)
    {
        var parts = term.Split(',');
        if (parts.Any(part => part.Length == 0))
        {
            problems.Add($"{option}: '{term}' has an empty selector next to a comma; join selectors as in layer:bronze,source:tdx");
            return null;
        }

        var sets = new List<(string Part, HashSet<string> Steps)>();
        foreach (var part in parts)
        {
            try
            {
                sets.Add((part, Resolve(SelectorParser.Parse(part))));
            }
            catch (SelectionException problem)
            {
                problems.Add($"{option}: {problem.Message}");
            }
        }

        if (sets.Count < parts.Length)
        {
            return null;
        }

        var result = new HashSet<string>(sets[0].Steps, StringComparer.Ordinal);
        foreach (var (_, steps) in sets.Skip(1))
        {
            result.IntersectWith(steps);
        }

        if (result.Count == 0 && emptyIsProblem)
        {
            var counts = string.Join(", ", sets.Select(set => $"{set.Part}: {Steps(set.Steps.Count)}"));
            problems.Add($"{option}: '{term}' matches no step ({counts}; none in common)");
            return null;
        }

        return result;
    }

    private static string Steps(int count) => count == 1 ? "1 step" : $"{count} steps";

    private static Dictionary<string, string[]> Index(PipelineGraph graph, Func<StepDescriptor, IEnumerable<string>> valuesOf) =>
        graph.Steps
            .SelectMany(step => valuesOf(step.Descriptor).Distinct(StringComparer.Ordinal).Select(value => (Value: value, Step: step.Descriptor.Name)))
            .GroupBy(pair => pair.Value, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(pair => pair.Step).ToArray(), StringComparer.Ordinal);

    private static string MethodNoun(SelectorMethod method) => method switch
    {
        SelectorMethod.Tag => "tag",
        SelectorMethod.Layer => "layer",
        SelectorMethod.Source => "source",
        _ => "name",
    };

    private HashSet<string> Resolve(SelectorTerm term)
    {
        IReadOnlyCollection<string> matches = term.Method == SelectorMethod.Name ? MatchNames(term.Value) : MatchValues(term.Method, term.Value);
        var result = new HashSet<string>(matches, StringComparer.Ordinal);
        if (term.Family)
        {
            foreach (var match in matches)
            {
                result.UnionWith(_graph.DescendantsOf(match));
            }

            foreach (var member in result.ToArray())
            {
                result.UnionWith(_graph.AncestorsOf(member));
            }

            return result;
        }

        foreach (var match in matches)
        {
            if (term.Ancestors)
            {
                result.UnionWith(_graph.AncestorsOf(match, term.AncestorDepth));
            }

            if (term.Descendants)
            {
                result.UnionWith(_graph.DescendantsOf(match, term.DescendantDepth));
            }
        }

        return result;
    }

    private List<string> MatchNames(string name)
    {
        if (Wildcard.IsPattern(name))
        {
            var steps = _graph.KnownNames
                .Where(known => Wildcard.IsMatch(name, known))
                .Select(known => _graph.TryResolve(known, out var step) ? step : known)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            return steps.Count > 0
                ? steps
                : throw new SelectionException($"no step or dataset matches '{name}'");
        }

        if (_graph.TryResolve(name, out var stepName))
        {
            return [stepName];
        }

        if (_graph.Externals.Any(external => external.Id.Name == name))
        {
            throw new SelectionException($"'{name}' is an external dataset that no step produces, so there is nothing to run for it; select the steps that read it instead");
        }

        var suggestions = NameSuggestions.Closest(name, _graph.KnownNames);
        throw new SelectionException(suggestions.Count == 0
            ? $"unknown step or dataset '{name}'"
            : $"unknown step or dataset '{name}'; did you mean {string.Join(", ", suggestions)}?");
    }

    private string[] MatchValues(SelectorMethod method, string value)
    {
        var index = _stepsByValue[method];
        var noun = MethodNoun(method);
        if (Wildcard.IsPattern(value))
        {
            var steps = index.Where(pair => Wildcard.IsMatch(value, pair.Key)).SelectMany(pair => pair.Value).Distinct(StringComparer.Ordinal).ToArray();
            return steps.Length > 0
                ? steps
                : throw new SelectionException($"no {noun} matches '{value}'; {KnownValues(noun, index)}");
        }

        return index.TryGetValue(value, out var matches)
            ? matches
            : throw new SelectionException($"unknown {noun} '{value}'; {KnownValues(noun, index)}");
    }

    private static string KnownValues(string noun, IReadOnlyDictionary<string, string[]> index) =>
        index.Count == 0
            ? $"no step has a {noun}"
            : $"known {noun}s: {string.Join(", ", index.Keys.Order(StringComparer.Ordinal))}";
}
