using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LsatsHub.TicketQueue.Actions;

/// <summary>
/// An action's identity in <c>meta.daemon_action_log</c>: <c>{type}:{first 12 hex of hash}:{version}</c>, the hash being
/// SHA-256 of the configuration rendered exactly as the original daemon rendered it (Python's <c>str()</c> of the items
/// sorted by key), so rows the original wrote keep blocking re-execution (docs/ticket-queue.md, action identity).
/// </summary>
/// <param name="ActionId">The id, e.g. <c>comment:054200481667:v1</c>.</param>
/// <param name="ActionHash">The full lower-case hex hash.</param>
public sealed record ActionIdentity(string ActionId, string ActionHash)
{
    /// <summary>The identity of an action type, version and configuration.</summary>
    /// <param name="actionType">E.g. <c>add_asset</c>.</param>
    /// <param name="version">E.g. <c>v2</c>.</param>
    /// <param name="config">The behaviour-defining parameters.</param>
    /// <returns>The identity.</returns>
    public static ActionIdentity Of(string actionType, string version, ActionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Render(config))));
        return new ActionIdentity($"{actionType}:{hash[..12]}:{version}", hash);
    }

    /// <summary>The configuration as Python renders <c>sorted(config.items())</c>: <c>[('key', value), ...]</c>.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The text that is hashed.</returns>
    public static string Render(ActionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return "[" + string.Join(", ", config.Items.Select(item => $"({Repr(item.Key)}, {Repr(item.Value)})")) + "]";
    }

    private static string Repr(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        int i => i.ToString(CultureInfo.InvariantCulture),
        string s => StringRepr(s),
        IEnumerable<int> ints => "[" + string.Join(", ", ints.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]",
        IEnumerable<string> strings => "[" + string.Join(", ", strings.Select(StringRepr)) + "]",
        _ => throw new ArgumentException($"Cannot render {value.GetType().Name} as Python does."),
    };

    /// <summary>Python's <c>repr(str)</c>: single quotes unless the text holds <c>'</c> and no <c>"</c>; printable non-ASCII kept.</summary>
    private static string StringRepr(string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var rune in text.EnumerateRunes())
        {
            var code = rune.Value;
            switch (code)
            {
                case '\\':
                    builder.Append(@"\\");
                    break;
                case '\n':
                    builder.Append(@"\n");
                    break;
                case '\r':
                    builder.Append(@"\r");
                    break;
                case '\t':
                    builder.Append(@"\t");
                    break;
                default:
                    if (code == quote)
                    {
                        builder.Append('\\').Append(quote);
                    }
                    else if (code < 0x20 || code == 0x7f)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{code:x2}");
                    }
                    else if (code is >= 0x80 and < 0xa0)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{code:x2}");
                    }
                    else
                    {
                        builder.Append(rune.ToString());
                    }

                    break;
            }
        }

        return builder.Append(quote).ToString();
    }
}
