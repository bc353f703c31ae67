using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LsatsHub.TicketQueue.Tdx;

/// <summary>
/// A TDX write an action is about to make, recorded in the claimed log row before it is sent, so that after a crash the
/// daemon can check TDX for it instead of sending it again (docs/ticket-queue.md, crash between write and log).
/// </summary>
/// <param name="Kind"><c>comment</c>, <c>asset</c> or <c>ci</c>.</param>
/// <param name="TicketId">The ticket written to.</param>
/// <param name="Target">The asset or CI id, or the SHA-256 of the comment text.</param>
public sealed record WriteIntent(string Kind, int TicketId, string Target)
{
    /// <summary>A comment with this text.</summary>
    public static WriteIntent Comment(int ticketId, string text) => new("comment", ticketId, TextHash(text));

    /// <summary>An asset link.</summary>
    public static WriteIntent Asset(int ticketId, int assetId) => new("asset", ticketId, assetId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A CI link.</summary>
    public static WriteIntent Ci(int ticketId, int ciId) => new("ci", ticketId, ciId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The hash a comment's text is known by.</summary>
    public static string TextHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>As stored in the log row's <c>metadata.intents</c>.</summary>
    public JsonObject ToJson() => new() { ["kind"] = Kind, ["ticket_id"] = TicketId, ["target"] = Target };

    /// <summary>Reads one stored intent; null when malformed.</summary>
    public static WriteIntent? FromJson(JsonNode? node) =>
        node is JsonObject o && o["kind"]?.GetValue<string>() is { } kind && o["ticket_id"]?.GetValue<int>() is { } ticket && o["target"]?.GetValue<string>() is { } target
            ? new WriteIntent(kind, ticket, target)
            : null;
}
