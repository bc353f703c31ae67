using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>
/// The canonical JSON form bronze content hashes are computed from. Two inputs that differ only in key order, whitespace
/// or string escaping have the same canonical form, so re-ingesting them does not count as a change.
/// </summary>
/// <remarks>
/// <para>The form (hash parity with the Python system is deliberately not kept):</para>
/// <list type="bullet">
/// <item>UTF-8, no whitespace between tokens.</item>
/// <item>Object keys sorted ordinally (UTF-16 code units), recursively at every depth; duplicate keys cannot occur
/// (<see cref="JsonObject"/> rejects them).</item>
/// <item>Arrays keep their order.</item>
/// <item>Numbers exactly as written in the source text (<c>1.0</c> and <c>1</c> differ; a number built in code is
/// written in System.Text.Json's shortest round-trip form).</item>
/// <item>Strings are unescaped and re-escaped by <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>: non-ASCII
/// stays literal UTF-8; quote, backslash and control characters are escaped.</item>
/// <item><c>true</c>, <c>false</c>, <c>null</c> as literals.</item>
/// </list>
/// <para>
/// The content hash is the lowercase hex SHA-256 of the canonical form of an object holding only the hashed top-level
/// keys: the listed fields that are present (an absent field is left out, an explicit null is hashed as null), or every
/// top-level key not starting with an underscore. Underscore keys are metadata and never hashed at the top level;
/// nested keys are source data and always hashed.
/// </para>
/// </remarks>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>The writer options of the canonical form (also used to serialise stored raw data).</summary>
    internal static JsonWriterOptions Options => WriterOptions;

    /// <summary>Returns the canonical form of a node.</summary>
    /// <param name="node">Any JSON node; null is the JSON literal null.</param>
    /// <returns>The canonical JSON text.</returns>
    public static string Serialize(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Lowercase hex SHA-256 of the canonical form of the hashed top-level keys of <paramref name="data"/>.</summary>
    /// <param name="data">The record.</param>
    /// <param name="fields">The keys to hash; null = every key not starting with an underscore.</param>
    /// <returns>64 lowercase hex characters.</returns>
    public static string ContentHash(JsonObject data, IReadOnlyList<string>? fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        return ContentHash(data, fields, buffer);
    }

    /// <summary>As <see cref="ContentHash(JsonObject, IReadOnlyList{string})"/>, reusing a buffer (the writer's hot path).</summary>
    internal static string ContentHash(JsonObject data, IReadOnlyList<string>? fields, ArrayBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(data);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var key in HashedKeys(data, fields))
            {
                writer.WritePropertyName(key);
                Write(writer, data[key]);
            }

            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>Writes a node in canonical form.</summary>
    internal static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var key in SortedKeys(obj))
                {
                    writer.WritePropertyName(key);
                    Write(writer, obj[key]);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                // A value parsed from text writes its number as written and its string unescaped then re-escaped by
                // the writer's encoder; a value built in code writes its CLR value.
                node.WriteTo(writer);
                break;
        }
    }

    private static string[] SortedKeys(JsonObject obj)
    {
        var keys = new string[obj.Count];
        var index = 0;
        foreach (var property in obj)
        {
            keys[index++] = property.Key;
        }

        Array.Sort(keys, StringComparer.Ordinal);
        return keys;
    }

    private static IEnumerable<string> HashedKeys(JsonObject data, IReadOnlyList<string>? fields)
    {
        if (fields is null)
        {
            return SortedKeys(data).Where(key => !key.StartsWith('_'));
        }

        var present = fields.Where(data.ContainsKey).ToArray();
        Array.Sort(present, StringComparer.Ordinal);
        return present;
    }
}
