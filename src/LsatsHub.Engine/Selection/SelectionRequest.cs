namespace LsatsHub.Engine.Selection;

/// <summary>
/// What a person asked to run, as typed: each list holds raw arguments, and one argument may hold
/// several space-separated terms. <see cref="StepSelector.Select"/> evaluates it; <see cref="Describe"/>
/// and <see cref="Parse"/> turn it into and back from the canonical text stored with a run.
/// Two requests are equal when they hold the same terms in the same order.
/// </summary>
/// <param name="Targets"><c>--target</c> arguments: each term plus all its ancestors.</param>
/// <param name="Select"><c>--select</c> arguments in dbt's grammar.</param>
/// <param name="Exclude"><c>--exclude</c> arguments in the same grammar; removed from the rest.</param>
public sealed record SelectionRequest(IReadOnlyList<string> Targets, IReadOnlyList<string> Select, IReadOnlyList<string> Exclude)
{
    /// <summary>The option name of <see cref="Targets"/>.</summary>
    public const string TargetOption = "--target";

    /// <summary>The option name of <see cref="Select"/>.</summary>
    public const string SelectOption = "--select";

    /// <summary>The option name of <see cref="Exclude"/>.</summary>
    public const string ExcludeOption = "--exclude";

    /// <summary>Nothing targeted, selected or excluded: every step.</summary>
    public static SelectionRequest Everything { get; } = new([], [], []);

    /// <summary>
    /// The canonical text of the request, e.g. <c>--target silver.labs --exclude source:tdx</c>: options in the
    /// order target, select, exclude, each followed by its terms separated by single spaces; empty for
    /// <see cref="Everything"/>. <see cref="Parse"/> reads it back into an equal request.
    /// </summary>
    /// <returns>The canonical text.</returns>
    public string Describe()
    {
        var parts = new List<string>();
        AddOption(parts, TargetOption, Targets);
        AddOption(parts, SelectOption, Select);
        AddOption(parts, ExcludeOption, Exclude);
        return string.Join(' ', parts);
    }

    /// <summary>
    /// Reads selection text such as <see cref="Describe"/> writes: options <c>--target</c>, <c>--select</c>,
    /// <c>--exclude</c>, each followed by one or more space-separated terms; an option may repeat.
    /// </summary>
    /// <param name="text">The text; empty or blank means <see cref="Everything"/>.</param>
    /// <returns>The request, one list entry per term.</returns>
    /// <exception cref="SelectionException">An unknown option, a term before any option, or an option without terms.</exception>
    public static SelectionRequest Parse(string? text)
    {
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal)
        {
            [TargetOption] = [],
            [SelectOption] = [],
            [ExcludeOption] = [],
        };
        string? currentOption = null;
        var termsOfCurrent = 0;
        foreach (var token in (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.StartsWith("--", StringComparison.Ordinal))
            {
                RequireTerms(currentOption, termsOfCurrent);
                if (!lists.ContainsKey(token))
                {
                    throw new SelectionException($"unknown option '{token}' in selection text '{text}'; expected {TargetOption}, {SelectOption} or {ExcludeOption}");
                }

                currentOption = token;
                termsOfCurrent = 0;
                continue;
            }

            if (currentOption is null)
            {
                throw new SelectionException($"'{token}' in selection text '{text}' comes before any option; expected {TargetOption}, {SelectOption} or {ExcludeOption} first");
            }

            lists[currentOption].Add(token);
            termsOfCurrent++;
        }

        RequireTerms(currentOption, termsOfCurrent);
        return new SelectionRequest(lists[TargetOption], lists[SelectOption], lists[ExcludeOption]);
    }

    /// <inheritdoc />
    public bool Equals(SelectionRequest? other) =>
        other is not null
        && TermsOf(Targets).SequenceEqual(TermsOf(other.Targets), StringComparer.Ordinal)
        && TermsOf(Select).SequenceEqual(TermsOf(other.Select), StringComparer.Ordinal)
        && TermsOf(Exclude).SequenceEqual(TermsOf(other.Exclude), StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var list in new[] { Targets, Select, Exclude })
        {
            foreach (var term in TermsOf(list))
            {
                hash.Add(term, StringComparer.Ordinal);
            }

            hash.Add('|');
        }

        return hash.ToHashCode();
    }

    /// <summary>The canonical text; see <see cref="Describe"/>.</summary>
    /// <returns>The canonical text.</returns>
    public override string ToString() => Describe();

    /// <summary>Splits raw arguments into their space-separated terms.</summary>
    internal static IEnumerable<string> TermsOf(IReadOnlyList<string>? arguments) =>
        (arguments ?? []).SelectMany(argument => (argument ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static void AddOption(List<string> parts, string option, IReadOnlyList<string> arguments)
    {
        var terms = TermsOf(arguments).ToArray();
        if (terms.Length > 0)
        {
            parts.Add(option);
            parts.AddRange(terms);
        }
    }

    private static void RequireTerms(string? option, int terms)
    {
        if (option is not null && terms == 0)
        {
            throw new SelectionException($"{option} needs at least one step, dataset or selector after it");
        }
    }
}
