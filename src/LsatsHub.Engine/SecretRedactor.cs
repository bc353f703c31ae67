using System.Text.RegularExpressions;

namespace LsatsHub.Engine;

/// <summary>
/// Removes secrets from text before it is logged, stored or thrown: known secret values, and the
/// two shapes in which database credentials leak by themselves (<c>password=...</c> pairs and
/// <c>scheme://user:password@</c> URLs).
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>Secrets shorter than this are not replaced: masking every "ab" would ruin the text and hide nothing.</summary>
    public const int MinimumSecretLength = 4;

    /// <summary>Replaces every listed secret (of at least <see cref="MinimumSecretLength"/> characters) and every credential pattern with <see cref="Mask"/>.</summary>
    /// <param name="text">The text; null or empty is returned as is.</param>
    /// <param name="secrets">Values that must not appear; nulls, empty and short values are ignored.</param>
    /// <returns>The text without secrets.</returns>
    public static string Redact(string text, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        // Longest first, so a secret that contains another is masked whole.
        foreach (var secret in secrets.Where(s => s is { Length: >= MinimumSecretLength }).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = PasswordPair().Replace(text, match => $"{match.Groups["key"].Value}{match.Groups["separator"].Value}{Mask}");
        return UrlCredentials().Replace(text, match => $"{match.Groups["prefix"].Value}{Mask}@");
    }

    /// <summary>Masks only the credential patterns (<c>password=...</c>, <c>://user:password@</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text without credentials.</returns>
    public static string Redact(string text) => Redact(text, []);

    // password=secret; Password = 'se cret'; PGPASSWORD=secret; pwd="x" — the value runs to ';', whitespace or the closing quote.
    [GeneratedRegex("""(?<key>[A-Za-z_]*(?:password|pwd))(?<separator>\s*[=:]\s*)(?<value>'(?:[^'\\]|\\.)*'|"[^"]*"|[^;\s,&]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordPair();

    // postgresql://user:secret@host — keeps the user, masks the password.
    [GeneratedRegex("""(?<prefix>[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]*:)(?<value>[^@/\s]+)@""", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();
}
