using System.Text.Json.Nodes;

namespace LsatsHub.TicketQueue.Actions;

/// <summary><c>comment</c>: posts a fixed comment on each ticket once (docs/ticket-queue.md). Not in the default chain.</summary>
public sealed class CommentAction : TicketAction
{
    /// <summary>The type.</summary>
    public const string TypeName = "comment";

    /// <summary>The original's defaults (the text has none: <c>LSATS_QUEUE_COMMENT_COMMENT_TEXT</c> must set it).</summary>
    public static ActionConfig Defaults { get; } = ActionConfig.Of(
        ("comment_text", null), ("is_private", false), ("is_rich_html", false), ("is_communication", false),
        ("notify", new[] { "null" }), ("new_status_id", 0), ("cascade_status", false));

    /// <summary>Creates the action.</summary>
    /// <param name="config">Its configuration (see <see cref="Defaults"/>).</param>
    /// <param name="version">Its version.</param>
    public CommentAction(ActionConfig config, string version = "v1")
        : base(TypeName, config, version)
    {
        if (string.IsNullOrEmpty(Config.String("comment_text")))
        {
            throw new FormatException($"The comment action needs its text: set {ActionConfig.VariableName(TypeName, "comment_text")}.");
        }
    }

    /// <inheritdoc />
    public override async Task<ActionOutcome> ExecuteAsync(TicketContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await context.Tdx.TicketAsync(context.TicketId, cancellationToken).ConfigureAwait(false) is null)
        {
            return ActionOutcome.Failed($"Ticket {context.TicketId} not found");
        }

        var entry = new JsonObject
        {
            ["NewStatusID"] = Config.Int("new_status_id"),
            ["CascadeStatus"] = Config.Bool("cascade_status"),
            ["Comments"] = Config.String("comment_text"),
            ["Notify"] = new JsonArray([.. Config.Strings("notify").Select(n => (JsonNode)n)]),
            ["IsPrivate"] = Config.Bool("is_private"),
            ["IsRichHTML"] = Config.Bool("is_rich_html"),
            ["IsCommunication"] = Config.Bool("is_communication"),
        };
        await context.Tdx.CommentAsync(context.TicketId, entry, cancellationToken).ConfigureAwait(false);
        return ActionOutcome.Done(context.DryRun ? "would post the comment (dry run)" : "comment posted");
    }
}
