using System.Globalization;
using System.Text.Json.Nodes;

namespace LsatsHub.TicketQueue.Actions;

/// <summary>
/// <c>summary_comment</c>: posts the summaries of the actions before it as one comment; runs on every poll and posts
/// nothing when there are none (docs/ticket-queue.md). Always last in the chain.
/// </summary>
public sealed class SummaryCommentAction : TicketAction
{
    /// <summary>The type.</summary>
    public const string TypeName = "summary_comment";

    /// <summary>The production defaults.</summary>
    public static ActionConfig Defaults { get; } = ActionConfig.Of(
        ("comment_prefix", "🤖 Automated Actions Summary"), ("is_private", true), ("is_rich_html", true), ("skip_if_empty", true), ("separator", "\n"));

    /// <summary>Creates the action.</summary>
    /// <param name="config">Its configuration.</param>
    /// <param name="version">Its version.</param>
    public SummaryCommentAction(ActionConfig config, string version = "v1")
        : base(TypeName, config, version)
    {
    }

    /// <inheritdoc />
    public override bool RunsEveryPoll => true;

    /// <inheritdoc />
    public override async Task<ActionOutcome> ExecuteAsync(TicketContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var prefix = Config.String("comment_prefix") ?? string.Empty;
        string text;
        if (context.Summaries.Count == 0)
        {
            if (Config.Bool("skip_if_empty"))
            {
                return ActionOutcome.Done("No summaries to post (skipped)");
            }

            text = prefix + "\n\nNo actions were executed.";
        }
        else
        {
            text = prefix + "\n\n" + string.Join(Config.String("separator"), context.Summaries.Select((summary, i) => string.Create(CultureInfo.InvariantCulture, $"<br>{i + 1}. {summary}")));
        }

        if (await context.Tdx.TicketAsync(context.TicketId, cancellationToken).ConfigureAwait(false) is null)
        {
            return ActionOutcome.Failed($"Ticket {context.TicketId} not found");
        }

        await context.Tdx.CommentAsync(context.TicketId, new JsonObject
        {
            ["NewStatusID"] = 0,
            ["CascadeStatus"] = false,
            ["Comments"] = text,
            ["Notify"] = new JsonArray("null"),
            ["IsPrivate"] = Config.Bool("is_private"),
            ["IsRichHTML"] = Config.Bool("is_rich_html"),
            ["IsCommunication"] = false,
        }, cancellationToken).ConfigureAwait(false);
        return ActionOutcome.Done($"posted {context.Summaries.Count} summary line(s)", details: new JsonObject { ["summaries"] = context.Summaries.Count });
    }
}
