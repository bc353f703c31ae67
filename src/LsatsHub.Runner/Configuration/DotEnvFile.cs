using System.Text;

namespace LsatsHub.Runner.Configuration;

/// <summary>
/// Reads an env file in the form systemd's <c>EnvironmentFile=</c> and python-dotenv accept:
/// <c>KEY=value</c> lines, optional <c>export </c> prefix, <c>#</c> comments, single- or
/// double-quoted values (double quotes honour <c>\n</c>, <c>\"</c>, <c>\\</c>).
/// </summary>
internal static class DotEnvFile
{
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"The env file '{path}' does not exist.");
        }

        return Parse(File.ReadAllLines(path), path);
    }

    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> lines, string sourceName)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in lines)
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? line[..equals].Trim() : string.Empty;
            if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(key[0]))
            {
                // The line may hold a secret: name the place, never the content.
                throw new ConfigurationException($"{sourceName}:{lineNumber}: expected KEY=value.");
            }

            values[key] = Unquote(line[(equals + 1)..].Trim(), sourceName, lineNumber, key);
        }

        return values;
    }

    private static string Unquote(string value, string sourceName, int lineNumber, string key)
    {
        if (value.Length == 0)
        {
            return value;
        }

        var quote = value[0];
        if (quote is not ('"' or '\''))
        {
            var comment = value.IndexOf(" #", StringComparison.Ordinal);
            return comment >= 0 ? value[..comment].TrimEnd() : value;
        }

        var closing = FindClosingQuote(value, quote);
        if (closing < 0)
        {
            throw new ConfigurationException($"{sourceName}:{lineNumber}: the value of {key} has no closing {quote}.");
        }

        var inner = value[1..closing];
        return quote == '\'' ? inner : Unescape(inner);
    }

    private static int FindClosingQuote(string value, char quote)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (quote == '"' && value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == quote)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unescape(string inner)
    {
        var builder = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                i++;
                builder.Append(inner[i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    _ => inner[i],
                });
            }
            else
            {
                builder.Append(inner[i]);
            }
        }

        return builder.ToString();
    }
}
