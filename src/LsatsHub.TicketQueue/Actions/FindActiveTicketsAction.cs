using LsatsHub.Connectors.Tdx;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LsatsHub.Connectors;
using LsatsHub.TicketQueue.Tdx;

namespace LsatsHub.TicketQueue.Actions;

/// <summary>
/// <c>find_active_tickets</c>: lists the requestor's, the ticket's assets' and its lab's other active tickets as an HTML
/// table for the summary comment; writes nothing itself (docs/ticket-queue.md).
/// </summary>
public sealed class FindActiveTicketsAction : TicketAction
{
    /// <summary>The type.</summary>
    public const string TypeName = "find_active_tickets";

    /// <summary>The production configuration.</summary>
    public static ActionConfig Defaults { get; } = ActionConfig.Of(
        ("exclude_current_ticket", true), ("max_tickets_per_category", 10), ("active_status_ids", new[] { 115, 117, 121, 619, 620, 622 }),
        ("lab_type_id", 10132), ("show_partial_on_error", true));

    private static readonly int[] RequestorStatuses = [115, 117, 121, 619, 620, 622];

    /// <summary>Creates the action.</summary>
    /// <param name="config">Its configuration.</param>
    /// <param name="version">Its version.</param>
    public FindActiveTicketsAction(ActionConfig config, string version = "v1")
        : base(TypeName, config, version)
    {
    }

    /// <inheritdoc />
    public override async Task<ActionOutcome> ExecuteAsync(TicketContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ticket = await context.Tdx.TicketAsync(context.TicketId, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return ActionOutcome.Failed($"Ticket {context.TicketId} not found");
        }

        var active = Config.Ints("active_status_ids").ToHashSet();
        var labType = Config.Int("lab_type_id");
        var notes = new List<string>();
        var requestor = new List<JsonObject>();
        if (TdxFields.String(ticket, "RequestorUid") is { Length: > 0 } uid && uid != Guid.Empty.ToString())
        {
            requestor = await CategoryAsync(async () => (await context.Tdx.SearchTicketsAsync(
                new JsonObject { ["RequestorUids"] = new JsonArray(uid), ["StatusIDs"] = new JsonArray([.. RequestorStatuses.Select(s => (JsonNode)s)]) }, cancellationToken).ConfigureAwait(false)).OfType<JsonObject>().ToList()).ConfigureAwait(false);
        }
        else
        {
            notes.Add("⚠️ No RequestorUID found (skipped requestor tickets)");
        }

        var cis = (await context.Tdx.TicketAssetsAsync(context.TicketId, cancellationToken).ConfigureAwait(false)).OfType<JsonObject>().ToList();
        var asset = await CategoryAsync(async () =>
        {
            var found = new List<JsonObject>();
            foreach (var ci in cis.Where(ci => TdxFields.Int(ci, "TypeID") != labType && TdxFields.Int(ci, "BackingItemType") == 27))
            {
                found.AddRange((await context.Tdx.SearchTicketsAsync(new JsonObject
                {
                    ["ConfigurationItemIDs"] = new JsonArray(TdxFields.Int(ci, "ID") ?? 0),
                    ["StatusIDs"] = new JsonArray([.. active.Order().Select(s => (JsonNode)s)]),
                }, cancellationToken).ConfigureAwait(false)).OfType<JsonObject>());
            }

            return found;
        }).ConfigureAwait(false);
        var lab = await CategoryAsync(async () =>
        {
            var labCi = cis.FirstOrDefault(ci => TdxFields.Int(ci, "TypeID") == labType);
            return labCi is null
                ? []
                : (await context.Tdx.CiTicketsAsync(TdxFields.Int(labCi, "BackingItemID") ?? TdxFields.Int(labCi, "ID") ?? 0, cancellationToken).ConfigureAwait(false))
                    .OfType<JsonObject>().Where(t => TdxFields.Int(t, "StatusID") is { } s && active.Contains(s)).ToList();
        }).ConfigureAwait(false);

        var seen = new HashSet<int>();
        var categories = new[] { ("Requestor", requestor), ("Asset", asset), ("Lab", lab) }
            .Select(category => (category.Item1, Tickets: category.Item2
                .Where(t => TdxFields.Int(t, "ID") is { } id && !(Config.Bool("exclude_current_ticket") && id == context.TicketId) && seen.Add(id))
                .OrderByDescending(t => TdxFields.String(t, "ModifiedDate") ?? string.Empty, StringComparer.Ordinal)
                .Take(Config.Int("max_tickets_per_category"))
                .ToList()))
            .ToList();
        if (categories.All(category => category.Tickets.Count == 0))
        {
            return ActionOutcome.Done("no related active tickets");
        }

        var html = new StringBuilder("<b>📋 Related Active Tickets</b><br/>");
        foreach (var (name, tickets) in categories.Where(category => category.Tickets.Count > 0))
        {
            html.Append(CultureInfo.InvariantCulture, $"<h4>{name} Tickets ({tickets.Count})</h4>")
                .Append("<table border=\"1\" cellpadding=\"5\" style=\"border-collapse: collapse;\"><tr><th>ID</th><th>Title</th><th>Status</th><th>Modified</th></tr>");
            foreach (var t in tickets)
            {
                var id = TdxFields.Int(t, "ID");
                var modified = TdxFields.String(t, "ModifiedDate") ?? string.Empty;
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td><a href=\"{context.Tdx.WebRoot}/Apps/46/Tickets/TicketDet?TicketID={id}\">{id}</a></td><td>{TdxFields.String(t, "Title")}</td><td>{TdxFields.String(t, "StatusName")}</td><td>{(modified.Length > 10 ? modified[..10] : modified)}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("<p>Total Related Tickets: ")
            .Append(string.Join(", ", categories.Where(category => category.Tickets.Count > 0).Select(category => string.Create(CultureInfo.InvariantCulture, $"{category.Item1}: {category.Tickets.Count}"))))
            .Append("</p>");
        if (notes.Count > 0)
        {
            html.Append("<p>Errors encountered:<br/>").Append(string.Join("<br/>", notes)).Append("</p>");
        }

        var total = categories.Sum(category => category.Tickets.Count);
        return ActionOutcome.Done($"{total} related active ticket(s)", html.ToString(), new JsonObject { ["related"] = total });
    }

    private async Task<List<JsonObject>> CategoryAsync(Func<Task<List<JsonObject>>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (ConnectorException) when (Config.Bool("show_partial_on_error"))
        {
            // The original's rule: with show_partial_on_error a category that cannot be read is shown empty.
            return [];
        }
    }
}
