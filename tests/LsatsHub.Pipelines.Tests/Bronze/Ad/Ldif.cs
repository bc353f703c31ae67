using System.Text;

namespace LsatsHub.Pipelines.Tests.Bronze.Ad;

/// <summary>Reads the simulator's LDIF (no line folding) so tests know what the directory holds without asking it.</summary>
public sealed record Ldif(string Dn, IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes)
{
    public static IReadOnlyList<Ldif> Read(string path)
    {
        var entries = new List<Ldif>();
        string? dn = null;
        var attributes = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in File.ReadLines(path).Append(string.Empty))
        {
            if (line.Length == 0)
            {
                if (dn is not null)
                {
                    entries.Add(new Ldif(dn, attributes.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value, StringComparer.OrdinalIgnoreCase)));
                }

                dn = null;
                attributes = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon];
            var value = line[colon + 1] == ':' ? Convert.ToBase64String(Convert.FromBase64String(line[(colon + 2)..].Trim())) : line[(colon + 1)..].Trim();
            if (line[colon + 1] == ':' && !name.Equals("objectGUID", StringComparison.OrdinalIgnoreCase) && !name.Equals("objectSid", StringComparison.OrdinalIgnoreCase))
            {
                value = Encoding.UTF8.GetString(Convert.FromBase64String(line[(colon + 2)..].Trim()));
            }

            if (name.Equals("dn", StringComparison.OrdinalIgnoreCase))
            {
                dn = value;
            }
            else
            {
                if (!attributes.TryGetValue(name, out var values))
                {
                    attributes[name] = values = [];
                }

                values.Add(value);
            }
        }

        return entries;
    }

    public bool Under(string searchBase) =>
        Dn.Equals(searchBase, StringComparison.OrdinalIgnoreCase) || Dn.EndsWith("," + searchBase, StringComparison.OrdinalIgnoreCase);

    public bool Is(string objectClass) =>
        Attributes.TryGetValue("objectClass", out var classes) && classes.Contains(objectClass, StringComparer.OrdinalIgnoreCase);

    public string? First(string name) => Attributes.TryGetValue(name, out var values) ? values[0] : null;

    /// <summary>The values of the given attributes, order-insensitive, as one comparable string.</summary>
    public string Projection(IEnumerable<string> names) =>
        string.Join("\u0001", names.Select(name => Attributes.TryGetValue(name, out var values) ? string.Join("\u0002", values.Order(StringComparer.Ordinal)) : "\u0003"));

    /// <summary>What a full fetch changes between two LDIF snapshots of one slice, keyed as the step keys it.</summary>
    /// <remarks>Duplicate keys collapse to the last entry, as the bronze writer does.</remarks>
    public static (int New, int Changed, int Unchanged, int Deleted) Diff(
        IEnumerable<Ldif> before, IEnumerable<Ldif> after, Func<Ldif, string?> key, IEnumerable<string> hashFields)
    {
        var fields = hashFields.ToArray();
        var old = Latest(before, key, fields);
        var current = Latest(after, key, fields);
        var created = current.Keys.Count(k => !old.ContainsKey(k));
        var changed = current.Count(c => old.TryGetValue(c.Key, out var previous) && previous != c.Value);
        var unchanged = current.Count(c => old.TryGetValue(c.Key, out var previous) && previous == c.Value);
        var deleted = old.Keys.Count(k => !current.ContainsKey(k));
        return (created, changed, unchanged, deleted);
    }

    /// <summary>Entries sharing a key beyond the first (the simulator's generation 1 reuses some AD GUIDs).</summary>
    public static int Duplicates(IEnumerable<Ldif> slice, Func<Ldif, string?> key)
    {
        var keys = slice.Select(key).Where(k => k is not null).ToList();
        return keys.Count - keys.Distinct(StringComparer.Ordinal).Count();
    }

    private static Dictionary<string, string> Latest(IEnumerable<Ldif> slice, Func<Ldif, string?> key, string[] fields)
    {
        var latest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in slice)
        {
            if (key(entry) is { } id)
            {
                latest[id] = entry.Projection(fields);
            }
        }

        return latest;
    }
}
