using System.Text.Json.Nodes;

namespace LsatsHub.TicketQueue.Actions;

/// <summary>What an action did to one ticket.</summary>
/// <param name="Success">False records the action <c>failed</c>, to be retried on a later poll.</param>
/// <param name="Message">For the log and the log row's error text.</param>
/// <param name="Summary">A line for the ticket's summary comment, or null.</param>
/// <param name="Details">Kept in the log row's metadata.</param>
public sealed record ActionOutcome(bool Success, string Message, string? Summary = null, JsonObject? Details = null)
{
    /// <summary>A success.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="summary">A summary line, if any.</param>
    /// <param name="details">Details, if any.</param>
    /// <returns>The outcome.</returns>
    public static ActionOutcome Done(string message, string? summary = null, JsonObject? details = null) => new(true, message, summary, details);

    /// <summary>A failure.</summary>
    /// <param name="message">Why.</param>
    /// <param name="summary">A summary line, if any.</param>
    /// <returns>The outcome.</returns>
    public static ActionOutcome Failed(string message, string? summary = null) => new(false, message, summary);
}
