using System.Text;

namespace LsatsHub.Simulator.Projections;

/// <summary>Streams LDIF (RFC 2849) entries; values that are binary or not safe text are base64-encoded.</summary>
public sealed class LdifWriter(TextWriter writer)
{
    /// <summary>Starts an entry.</summary>
    public void BeginEntry(string dn)
    {
        writer.Write('\n');
        Attribute("dn", dn);
    }

    /// <summary>Writes one text value (skipped when null or empty).</summary>
    public void Attribute(string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (IsSafe(value))
        {
            writer.Write(name);
            writer.Write(": ");
            writer.Write(value);
            writer.Write('\n');
        }
        else
        {
            Binary(name, Encoding.UTF8.GetBytes(value));
        }
    }

    /// <summary>Writes several text values.</summary>
    public void Attribute(string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            Attribute(name, value);
        }
    }

    /// <summary>Writes a binary value.</summary>
    public void Binary(string name, byte[] value)
    {
        writer.Write(name);
        writer.Write(":: ");
        writer.Write(Convert.ToBase64String(value));
        writer.Write('\n');
    }

    private static bool IsSafe(string value)
    {
        if (value[0] is ' ' or ':' or '<' || value[^1] == ' ')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
