using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LsatsHub.Simulator.Tdx;

/// <summary>Records kept as UTF-8 JSON (<see cref="TdxUserRow"/>, <see cref="TdxAssetRow"/>) turned back into nodes to serve.</summary>
internal static class CompactJson
{
    /// <summary>
    /// The record without <paramref name="names"/>, as a node that stays backed by its parsed bytes until someone reads
    /// a property (a search answer of every user is then about a third of the memory of materialised JsonObjects).
    /// </summary>
    public static JsonObject ParseWithout(byte[] json, params string[] names)
    {
        var buffer = new ArrayBufferWriter<byte>(json.Length);
        using (var document = JsonDocument.Parse(json))
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (Array.IndexOf(names, property.Name) < 0)
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }
}
