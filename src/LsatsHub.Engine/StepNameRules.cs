using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace LsatsHub.Engine;

/// <summary>The one rule for layer, tag and resource names: lower-case letters, digits, <c>_</c> and <c>-</c>, starting with a letter.</summary>
internal static partial class StepNameRules
{
    public static string Validate(string? value, string kind, string example)
    {
        if (TryValidate(value, kind, example, out var problem))
        {
            return value;
        }

        throw new ArgumentException(problem, nameof(value));
    }

    public static bool TryValidate([NotNullWhen(true)] string? value, string kind, string example, [NotNullWhen(false)] out string? problem)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = $"A {kind} must not be empty.";
            return false;
        }

        if (!Simple().IsMatch(value))
        {
            // A colon in particular: 'layer:bronze' as a tag would repeat what layer: already selects.
            problem = $"'{value}' is not a {kind}: use lower-case letters, digits, '_' and '-', starting with a letter, such as '{example}'.";
            return false;
        }

        problem = null;
        return true;
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Simple();
}
