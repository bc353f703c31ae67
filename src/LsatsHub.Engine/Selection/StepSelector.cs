using LsatsHub.Engine.Graph;

namespace LsatsHub.Engine.Selection;

/// <summary>
/// Chooses the steps a run executes from a <see cref="SelectionRequest"/>, in dbt's selection grammar.
/// </summary>
/// <remarks>
/// <para><c>--target X</c> selects what X selects plus every ancestor (so a plain name means <c>+X</c>); several targets unite.</para>
/// <para><c>--select</c> terms: <c>X</c> (a step, or a dataset meaning its producer; <c>*</c> is a wildcard),
/// <c>+X</c> (with ancestors), <c>X+</c> (with descendants), <c>+X+</c>, depth-limited <c>2+X</c>, <c>X+1</c>, <c>2+X+1</c>,
/// <c>@X</c> (X, its descendants and every ancestor of those), <c>tag:T</c>, <c>layer:L</c>, <c>source:S</c>.
/// Space-separated terms unite; comma-joined selectors within a term intersect.</para>
/// <para><c>--exclude</c> uses the same grammar and removes its matches. No target and no select means every step;
/// targets and selects together unite.</para>
/// <para>A selection never silently selects nothing: unknown names (with suggestions), unknown tag, layer or source
/// values (with the known ones), malformed terms, and an empty result are all <see cref="SelectionException"/>s,
/// reported together.</para>
/// </remarks>
public sealed class StepSelector
{
    private StepSelector()
    {
    }

    /// <summary>Evaluates a selection over a graph.</summary>
    /// <param name="graph">The validated graph.</param>
    /// <param name="request">What was asked for.</param>
    /// <returns>The selected step names, ordered by name; never empty.</returns>
    /// <exception cref="SelectionException">The selection is malformed, names something unknown, or selects nothing.</exception>
    public static IReadOnlySet<string> Select(PipelineGraph graph, SelectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(request);

        var evaluator = new SelectorEvaluator(graph);
        var problems = new List<string>();
        var chosen = new SortedSet<string>(StringComparer.Ordinal);

        var targets = TermsOf(request.Targets, SelectionRequest.TargetOption, problems);
        foreach (var term in targets)
        {
            var matches = evaluator.Evaluate(term, SelectionRequest.TargetOption, problems, emptyIsProblem: true);
            foreach (var match in matches ?? [])
            {
                chosen.Add(match);
                chosen.UnionWith(graph.AncestorsOf(match));
            }
        }

        var selects = TermsOf(request.Select, SelectionRequest.SelectOption, problems);
        foreach (var term in selects)
        {
            chosen.UnionWith(evaluator.Evaluate(term, SelectionRequest.SelectOption, problems, emptyIsProblem: true) ?? []);
        }

        if (targets.Count == 0 && selects.Count == 0)
        {
            chosen.UnionWith(graph.Steps.Select(step => step.Descriptor.Name));
        }

        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in TermsOf(request.Exclude, SelectionRequest.ExcludeOption, problems))
        {
            excluded.UnionWith(evaluator.Evaluate(term, SelectionRequest.ExcludeOption, problems, emptyIsProblem: false) ?? []);
        }

        if (problems.Count > 0)
        {
            throw new SelectionException(problems);
        }

        var beforeExclude = chosen.Count;
        chosen.ExceptWith(excluded);
        if (chosen.Count == 0)
        {
            throw new SelectionException(graph.Steps.Count == 0
                ? "no steps are registered, so nothing would run"
                : $"the selection '{request.Describe()}' matches no step, so nothing would run"
                    + (beforeExclude > 0 ? " (--exclude removed every selected step)" : string.Empty));
        }

        return chosen;
    }

    private static List<string> TermsOf(IReadOnlyList<string>? arguments, string option, List<string> problems)
    {
        var terms = new List<string>();
        foreach (var argument in arguments ?? [])
        {
            if (string.IsNullOrWhiteSpace(argument))
            {
                problems.Add($"{option} was given an empty selector");
                continue;
            }

            terms.AddRange(argument.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }

        return terms;
    }
}
