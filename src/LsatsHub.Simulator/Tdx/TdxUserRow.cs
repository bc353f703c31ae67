using System.Text.Json;
using System.Text.Json.Nodes;

namespace LsatsHub.Simulator.Tdx;

/// <summary>
/// One TDX user as the simulator keeps it: the full record as UTF-8 JSON (a JsonObject of the ~60 fields took about
/// five times the memory, 1 GB at scale 1.0) and the fields <c>people/search</c> filters and sorts on.
/// </summary>
internal sealed record TdxUserRow(byte[] Json, string? UserName, string? AlternateId, string? FullName, string? PrimaryEmail, int DefaultAccountId, bool IsActive, int ReferenceId)
{
    /// <summary>The row of <paramref name="user"/> (a full TDX user record).</summary>
    public static TdxUserRow Of(JsonObject user) => new(
        JsonSerializer.SerializeToUtf8Bytes(user),
        Text(user, "UserName"),
        Text(user, "AlternateID"),
        Text(user, "FullName"),
        Text(user, "PrimaryEmail"),
        user["DefaultAccountID"]!.GetValue<int>(),
        user["IsActive"]!.GetValue<bool>(),
        user["ReferenceID"]!.GetValue<int>());

    /// <summary>A fresh copy of the record (the caller may change it).</summary>
    public JsonObject Parse() => JsonNode.Parse(Json)!.AsObject();

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
