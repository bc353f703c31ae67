namespace LsatsHub.Engine.Selection;

/// <summary>
/// One parsed selector without commas, e.g. <c>2+silver.labs+1</c> or <c>@tag:enrich</c>.
/// </summary>
/// <param name="Text">The selector as typed.</param>
/// <param name="Method">What <paramref name="Value"/> names.</param>
/// <param name="Value">The name, tag, layer or source; may contain <c>*</c> wildcards.</param>
/// <param name="Family">The <c>@</c> operator: the matches, their descendants, and every ancestor of those.</param>
/// <param name="Ancestors">A leading <c>+</c>: add ancestors.</param>
/// <param name="AncestorDepth">Generations of ancestors; null for all.</param>
/// <param name="Descendants">A trailing <c>+</c>: add descendants.</param>
/// <param name="DescendantDepth">Generations of descendants; null for all.</param>
internal sealed record SelectorTerm(
    string Text,
    SelectorMethod Method,
    string Value,
    bool Family,
    bool Ancestors,
    int? AncestorDepth,
    bool Descendants,
    int? DescendantDepth);
