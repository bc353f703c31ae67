using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.TicketQueue.Actions;

/// <summary>
/// The parameters that define what an action does: bools, ints, strings and sorted lists of them. They are hashed into
/// the action's id (<see cref="ActionIdentity"/>), so changing one re-runs that action on every ticket still in the report.
/// Each can be set as <c>LSATS_QUEUE_&lt;TYPE&gt;_&lt;KEY&gt;</c> (upper case), e.g. <c>LSATS_QUEUE_ADD_ASSET_MAX_ASSETS_TO_ADD=5</c>.
/// </summary>
public sealed class ActionConfig
{
    private readonly SortedDictionary<string, object?> _values;

    private ActionConfig(SortedDictionary<string, object?> values) => _values = values;

    /// <summary>The items in ordinal key order, as they are hashed.</summary>
    public IEnumerable<KeyValuePair<string, object?>> Items => _values;

    /// <summary>Builds a configuration from defaults; list values are sorted, as the original did before hashing.</summary>
    /// <param name="values">Key and value pairs (bool, int, string, int[] or string[]).</param>
    /// <returns>The configuration.</returns>
    public static ActionConfig Of(params (string Key, object? Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var map = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            map[key] = Normalise(value);
        }

        return new ActionConfig(map);
    }

    /// <summary>A copy with every key that has a <c>LSATS_QUEUE_&lt;TYPE&gt;_&lt;KEY&gt;</c> variable replaced, parsed as its default's type.</summary>
    /// <param name="actionType">The action type, e.g. <c>add_asset</c>.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The configured copy.</returns>
    /// <exception cref="FormatException">A value does not parse as its key's type; the message names the variable.</exception>
    public ActionConfig Configure(string actionType, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var map = new SortedDictionary<string, object?>(_values, StringComparer.Ordinal);
        foreach (var (key, value) in _values)
        {
            var variable = VariableName(actionType, key);
            if (configuration[variable] is not { } text)
            {
                continue;
            }

            map[key] = value switch
            {
                bool => ParseBool(variable, text),
                int => ParseInt(variable, text),
                IReadOnlyList<int> => Normalise(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part => ParseInt(variable, part)).ToArray()),
                IReadOnlyList<string> => Normalise(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
                _ => text.Replace("\\n", "\n", StringComparison.Ordinal),
            };
        }

        return new ActionConfig(map);
    }

    /// <summary>The variable that sets <paramref name="key"/> of <paramref name="actionType"/>.</summary>
    /// <param name="actionType">The action type.</param>
    /// <param name="key">The key.</param>
    /// <returns>E.g. <c>LSATS_QUEUE_COMMENT_COMMENT_TEXT</c>.</returns>
    public static string VariableName(string actionType, string key) =>
        $"LSATS_QUEUE_{actionType.ToUpperInvariant()}_{key.ToUpperInvariant()}";

    /// <summary>A bool value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    public bool Bool(string key) => (bool)_values[key]!;

    /// <summary>An int value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    public int Int(string key) => (int)_values[key]!;

    /// <summary>A string value (null when unset).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    public string? String(string key) => (string?)_values[key];

    /// <summary>An int list value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The sorted values.</returns>
    public IReadOnlyList<int> Ints(string key) => (IReadOnlyList<int>)_values[key]!;

    /// <summary>A string list value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The sorted values.</returns>
    public IReadOnlyList<string> Strings(string key) => (IReadOnlyList<string>)_values[key]!;

    /// <summary>The configuration as JSON, for the log row's metadata.</summary>
    /// <returns>The JSON object.</returns>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (key, value) in _values)
        {
            json[key] = value switch
            {
                null => null,
                bool b => b,
                int i => i,
                string s => s,
                IReadOnlyList<int> list => new JsonArray([.. list.Select(i => (JsonNode)i)]),
                IReadOnlyList<string> list => new JsonArray([.. list.Select(s => (JsonNode)s)]),
                _ => value.ToString(),
            };
        }

        return json;
    }

    private static object? Normalise(object? value) => value switch
    {
        string => value,
        IEnumerable<int> ints => ints.Order().ToArray(),
        IEnumerable<string> strings => strings.Order(StringComparer.Ordinal).ToArray(),
        _ => value,
    };

    private static bool ParseBool(string variable, string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new FormatException($"{variable} must be true or false, not '{text}'."),
    };

    private static int ParseInt(string variable, string text) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{variable} must be a whole number, not '{text}'.");
}
