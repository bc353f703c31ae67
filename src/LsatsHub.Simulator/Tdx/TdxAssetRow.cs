using System.Text.Json;
using System.Text.Json.Nodes;

namespace LsatsHub.Simulator.Tdx;

/// <summary>
/// One TDX asset as the simulator keeps it: the full record (with its custom attributes) as UTF-8 JSON, about a fifth
/// of the JsonObject's 23 KB, and the fields <c>assets/search</c> filters and sorts on.
/// </summary>
internal sealed record TdxAssetRow(byte[] Json, int Id, int ConfigurationItemId, int StatusId, int FormId, string? OwningCustomerId, string?[] SearchedText)
{
    /// <summary>Index into <see cref="SearchedText"/> of SerialNumber and Tag (SerialLike).</summary>
    public const int SerialNumber = 0;

    /// <summary>As <see cref="SerialNumber"/>, of Tag.</summary>
    public const int Tag = 1;

    /// <summary>The fields SearchText looks in, SerialNumber and Tag first.</summary>
    public static readonly string[] TextFields = ["SerialNumber", "Tag", "Name", "ManufacturerName", "ProductModelName", "SupplierName"];

    /// <summary>The row of <paramref name="asset"/> (a full TDX asset record).</summary>
    public static TdxAssetRow Of(JsonObject asset) => new(
        JsonSerializer.SerializeToUtf8Bytes(asset),
        asset["ID"]!.GetValue<int>(),
        asset["ConfigurationItemID"]!.GetValue<int>(),
        asset["StatusID"]!.GetValue<int>(),
        asset["FormID"]!.GetValue<int>(),
        Text(asset, "OwningCustomerID"),
        [.. TextFields.Select(f => Text(asset, f))]);

    /// <summary>A fresh copy of the record (the caller may change it).</summary>
    public JsonObject Parse() => JsonNode.Parse(Json)!.AsObject();

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
