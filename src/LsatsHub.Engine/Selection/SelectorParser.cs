using System.Globalization;

namespace LsatsHub.Engine.Selection;

/// <summary>Parses one comma-free selector such as <c>2+silver.labs+1</c>, <c>@x</c> or <c>layer:bronze</c>.</summary>
internal static class SelectorParser
{
    private const string Grammar = "write NAME, +NAME, NAME+, +NAME+, 2+NAME, NAME+1, @NAME, tag:T, layer:L or source:S";

    /// <summary>Parses a selector.</summary>
    /// <param name="text">The selector as typed.</param>
    /// <returns>The parsed selector.</returns>
    /// <exception cref="SelectionException">The selector is malformed.</exception>
    public static SelectorTerm Parse(string text)
    {
        var rest = text;
        var family = rest.StartsWith('@');
        if (family)
        {
            rest = rest[1..];
        }

        var ancestors = false;
        int? ancestorDepth = null;
        var digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
        {
            digits++;
        }

        if (digits < rest.Length && rest[digits] == '+')
        {
            ancestors = true;
            ancestorDepth = ParseDepth(rest[..digits], text);
            rest = rest[(digits + 1)..];
        }

        var descendants = false;
        int? descendantDepth = null;
        var lastPlus = rest.LastIndexOf('+');
        if (lastPlus >= 0 && rest[(lastPlus + 1)..].All(char.IsAsciiDigit))
        {
            descendants = true;
            descendantDepth = ParseDepth(rest[(lastPlus + 1)..], text);
            rest = rest[..lastPlus];
        }

        if (rest.Length == 0)
        {
            throw new SelectionException($"'{text}' is an operator without a step, dataset or selector to apply it to; {Grammar}");
        }

        if (rest.Contains('+', StringComparison.Ordinal) || rest.Contains('@', StringComparison.Ordinal))
        {
            throw new SelectionException($"'{text}' is malformed: '+' takes an optional whole-number depth and '@' may only lead; {Grammar}");
        }

        if (family && (ancestors || descendants))
        {
            throw new SelectionException($"'{text}' combines '@' with '+'; '@' already includes every descendant and their ancestors");
        }

        var (method, value) = SplitMethod(rest, text);
        return new SelectorTerm(text, method, value, family, ancestors, ancestorDepth, descendants, descendantDepth);
    }

    private static int? ParseDepth(string digits, string text)
    {
        if (digits.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) || depth < 1)
        {
            throw new SelectionException($"'{text}' has a malformed depth '{digits}': a depth is a whole number of generations from 1 up, as in 2+NAME or NAME+1");
        }

        return depth;
    }

    private static (SelectorMethod Method, string Value) SplitMethod(string selector, string text)
    {
        var colon = selector.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (SelectorMethod.Name, selector);
        }

        var methodName = selector[..colon];
        var value = selector[(colon + 1)..];
        SelectorMethod? method = methodName switch
        {
            "tag" => SelectorMethod.Tag,
            "layer" => SelectorMethod.Layer,
            "source" => SelectorMethod.Source,
            _ => null,
        };
        if (method is null)
        {
            throw new SelectionException($"'{text}' uses the unknown method '{methodName}:'; the methods are tag:, layer: and source:");
        }

        if (value.Length == 0)
        {
            throw new SelectionException($"'{text}' has no value after '{methodName}:', as in {methodName}:NAME");
        }

        return (method.Value, value);
    }
}
