using LsatsHub.Connectors.Tdx;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LsatsHub.Connectors;
using LsatsHub.TicketQueue.Silver;
using LsatsHub.TicketQueue.Tdx;
using Microsoft.Extensions.Logging;

namespace LsatsHub.TicketQueue.Actions;

/// <summary>
/// <c>add_asset</c>: finds the computers a ticket is about (names and serials in its title and description, then in its
/// conversation, then the requestor's only computer) and links their TDX assets to it (docs/ticket-queue.md). Computers are
/// looked up in <c>silver.computers</c> first, in TDX's asset search when silver knows none of the identifiers.
/// </summary>
public sealed partial class AddAssetAction : TicketAction
{
    /// <summary>The type.</summary>
    public const string TypeName = "add_asset";

    /// <summary>TDX asset status Active.</summary>
    public const int ActiveStatusId = 38;

    /// <summary>The production configuration.</summary>
    public static ActionConfig Defaults { get; } = ActionConfig.Of(
        ("add_summary_comment", true), ("max_assets_to_add", 10), ("skip_if_requestor_asset_exists", true), ("active_status_only", true),
        ("computer_form_id", 2448), ("has_database", true));

    private static readonly string[] SystemMarkers =
        ["system", "teamdynamix", "automated", "changed status from", "assigned to", "priority changed", "due date", "automatically took this ticket"];

    /// <summary>Creates the action.</summary>
    /// <param name="config">Its configuration.</param>
    /// <param name="version">Its version.</param>
    public AddAssetAction(ActionConfig config, string version = "v2")
        : base(TypeName, config, version)
    {
    }

    /// <summary>Computer names and serial numbers in a text, de-duplicated and sorted (the original's patterns, case-sensitive).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The identifiers.</returns>
    public static IReadOnlyList<string> Identifiers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Regex[] patterns = [NamePattern1(), NamePattern2(), NamePattern3(), NamePattern4(), SerialPattern1(), SerialPattern2()];
        return [.. patterns.SelectMany(pattern => pattern.Matches(text).Select(match => match.Groups[1].Value)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
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

        var existing = await context.Tdx.TicketAssetsAsync(context.TicketId, cancellationToken).ConfigureAwait(false);
        var titleIds = Identifiers($"{TdxFields.String(ticket, "Title")} {TdxFields.String(ticket, "Description")}");
        if (titleIds.Count > 0 && await TryAddAsync(context, titleIds, existing, "ticket title/description", cancellationToken).ConfigureAwait(false) is { } fromTitle)
        {
            return fromTitle;
        }

        IReadOnlyList<string> conversationIds = [];
        try
        {
            conversationIds = Identifiers(await ConversationAsync(context, cancellationToken).ConfigureAwait(false));
        }
        catch (ConnectorException exception)
        {
            context.Logger.LogWarning("ticket {Ticket}: could not read the conversation ({Error}); trying the requestor's computer", context.TicketId, exception.Message);
        }

        if (conversationIds.Count > 0 && await TryAddAsync(context, conversationIds, existing, "ticket conversation", cancellationToken).ConfigureAwait(false) is { } fromConversation)
        {
            return fromConversation;
        }

        return await RequestorFallbackAsync(context, ticket, existing, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ActionOutcome?> TryAddAsync(TicketContext context, IReadOnlyList<string> identifiers, JsonArray existing, string where, CancellationToken cancellationToken)
    {
        var attached = AttachedAssetIds(existing);
        var candidates = (await LookupAsync(context, identifiers, cancellationToken).ConfigureAwait(false))
            .Where(asset => !attached.Contains(asset.AssetId))
            .Take(Config.Int("max_assets_to_add"))
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var added = new List<string>();
        var failed = 0;
        var retryable = false;
        foreach (var asset in candidates)
        {
            switch (await AddOneAsync(context, asset.AssetId, cancellationToken).ConfigureAwait(false))
            {
                case AddResult.Added:
                    added.Add(asset.Name);
                    break;
                case AddResult.Retryable:
                    failed++;
                    retryable = true;
                    break;
                default:
                    failed++;
                    break;
            }
        }

        var shown = string.Join(", ", identifiers.Take(3)) + (identifiers.Count > 3 ? $" (and {identifiers.Count - 3} more)" : string.Empty);
        var summary = $"Added {added.Count} asset(s): {string.Join(", ", added)}. Reason: Computer identifier(s) found in {where} ({shown})"
            + (failed > 0 ? $" (Failed to add {failed} asset(s))" : string.Empty);
        var details = new JsonObject { ["added"] = new JsonArray([.. added.Select(n => (JsonNode)n)]), ["failed"] = failed };
        return retryable
            ? ActionOutcome.Failed("Retryable errors occurred, will retry next run", Summary(summary))
            : ActionOutcome.Done($"added {added.Count} asset(s) from the {where}", Summary(summary), details);
    }

    private async Task<ActionOutcome> RequestorFallbackAsync(TicketContext context, JsonObject ticket, JsonArray existing, CancellationToken cancellationToken)
    {
        if (existing.Count > 0 && Config.Bool("skip_if_requestor_asset_exists"))
        {
            return ActionOutcome.Done("no identifiers; the ticket already has assets", Summary("No assets added. Reason: No computer identifiers found and ticket already has assets"));
        }

        if (TdxFields.String(ticket, "RequestorUid") is not { Length: > 0 } uid || uid == Guid.Empty.ToString())
        {
            return ActionOutcome.Done("no identifiers and no requestor", Summary("No assets added. Reason: No computer identifiers found and no requestor UID available"));
        }

        JsonArray owned;
        try
        {
            owned = await context.Tdx.SearchAssetsAsync(new JsonObject { ["OwningCustomerIDs"] = new JsonArray(uid) }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException exception)
        {
            return ActionOutcome.Done("requestor's assets unavailable", Summary($"No assets added. Reason: Error retrieving requestor's assets ({exception.Message})"));
        }

        var computers = owned.OfType<JsonObject>().Where(asset => TdxFields.Int(asset, "FormID") == Config.Int("computer_form_id")).ToList();
        if (computers.Count != 1)
        {
            return ActionOutcome.Done("requestor does not have exactly one computer",
                Summary($"No assets added. Reason: No computer identifiers found and user has {computers.Count} assets (expected exactly 1)"));
        }

        var only = computers[0];
        var assetId = TdxFields.Int(only, "ID") ?? 0;
        if (AttachedAssetIds(existing).Contains(assetId))
        {
            return ActionOutcome.Done("requestor's only computer already on the ticket", Summary("No assets added. Reason: Requestor's only asset already on ticket"));
        }

        return await AddOneAsync(context, assetId, cancellationToken).ConfigureAwait(false) == AddResult.Added
            ? ActionOutcome.Done("added the requestor's only computer", Summary($"Added 1 asset: {TdxFields.String(only, "Name")}. Reason: User only has one computer"))
            : ActionOutcome.Failed($"could not add the requestor's only computer (asset {assetId})");
    }

    private async Task<AddResult> AddOneAsync(TicketContext context, int assetId, CancellationToken cancellationToken)
    {
        try
        {
            await context.Tdx.AddAssetAsync(context.TicketId, assetId, cancellationToken).ConfigureAwait(false);
            if (context.DryRun)
            {
                return AddResult.Added;
            }

            var after = await context.Tdx.TicketAssetsAsync(context.TicketId, cancellationToken).ConfigureAwait(false);
            return AttachedAssetIds(after).Contains(assetId) ? AddResult.Added : AddResult.Failed;
        }
        catch (ConnectorException exception)
        {
            context.Logger.LogWarning("ticket {Ticket}: adding asset {Asset} failed: {Error}", context.TicketId, assetId, exception.Message);
            var text = exception.Message;
            return new[] { "500", "502", "503", "504", "timed out", "timeout", "network", "failed" }.Any(marker => text.Contains(marker, StringComparison.OrdinalIgnoreCase))
                ? AddResult.Retryable
                : AddResult.Failed;
        }
    }

    private async Task<IReadOnlyList<SilverComputer>> LookupAsync(TicketContext context, IReadOnlyList<string> identifiers, CancellationToken cancellationToken)
    {
        var activeOnly = Config.Bool("active_status_only");
        var formId = Config.Int("computer_form_id");
        var fromSilver = await context.Silver.ComputersAsync(identifiers, activeOnly, ActiveStatusId, formId, cancellationToken).ConfigureAwait(false);
        if (fromSilver.Count > 0)
        {
            return fromSilver;
        }

        var found = new Dictionary<int, JsonObject>();
        foreach (var identifier in identifiers)
        {
            foreach (var search in new[] { new JsonObject { ["SerialLike"] = identifier }, new JsonObject { ["SearchText"] = identifier } })
            {
                if (activeOnly)
                {
                    search["StatusIDs"] = new JsonArray(ActiveStatusId);
                }

                search["FormIDs"] = new JsonArray(formId);
                foreach (var asset in (await context.Tdx.SearchAssetsAsync(search, cancellationToken).ConfigureAwait(false)).OfType<JsonObject>())
                {
                    if (TdxFields.Int(asset, "ID") is { } id)
                    {
                        found.TryAdd(id, asset);
                    }
                }
            }
        }

        var wanted = identifiers.Select(id => id.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        return [.. found.Values
            .Where(asset => new[] { "Name", "SerialNumber", "Tag" }.Any(field => TdxFields.String(asset, field)?.Trim().ToLowerInvariant() is { } value && wanted.Contains(value)))
            .Select(asset => new SilverComputer(TdxFields.Int(asset, "ID")!.Value, TdxFields.String(asset, "Name") ?? string.Empty, TdxFields.String(asset, "SerialNumber"), TdxFields.String(asset, "Tag")))
            .OrderBy(asset => asset.Name, StringComparer.Ordinal)];
    }

    private static async Task<string> ConversationAsync(TicketContext context, CancellationToken cancellationToken)
    {
        var messages = new List<string>();
        foreach (var entry in (await context.Tdx.TicketFeedAsync(context.TicketId, cancellationToken).ConfigureAwait(false)).OfType<JsonObject>())
        {
            var digits = new string((TdxFields.String(entry, "Uri") ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
            var full = digits.Length > 0 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? await context.Tdx.FeedEntryAsync(id, cancellationToken).ConfigureAwait(false) ?? entry
                : entry;
            messages.Add(TdxFields.String(full, "Body") ?? string.Empty);
            messages.AddRange((full["Replies"] as JsonArray ?? []).OfType<JsonObject>().Select(reply => TdxFields.String(reply, "Body") ?? string.Empty));
        }

        return string.Join(' ', messages
            .Where(body => !SystemMarkers.Any(marker => body.Contains(marker, StringComparison.OrdinalIgnoreCase)))
            .Select(body => Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(body, " ")), " ").Trim())
            .Where(body => body.Length > 0));
    }

    private static HashSet<int> AttachedAssetIds(JsonArray cis) =>
        [.. cis.OfType<JsonObject>().Where(ci => TdxFields.Int(ci, "BackingItemType") == 27).Select(ci => TdxFields.Int(ci, "BackingItemID") ?? 0)];

    private string? Summary(string text) => Config.Bool("add_summary_comment") ? text : null;

    [GeneratedRegex(@"\b([A-Za-z]{2,10}[-_][A-Za-z0-9]{4,15}[-_]?[A-Za-z0-9]{0,8})\b")]
    private static partial Regex NamePattern1();

    [GeneratedRegex(@"\b(L-[A-Z0-9]{10,15})\b")]
    private static partial Regex NamePattern2();

    [GeneratedRegex(@"\b([A-Z]{2,6}-[A-Z0-9]{5,12})\b")]
    private static partial Regex NamePattern3();

    [GeneratedRegex(@"\b([a-z]{3,10}-[a-z0-9]{4,12}-?[a-z0-9]{0,6})\b")]
    private static partial Regex NamePattern4();

    [GeneratedRegex(@"\b([A-Z0-9]{10,15})\b")]
    private static partial Regex SerialPattern1();

    [GeneratedRegex(@"\b([CR][0-9][A-Z0-9]{8,12})\b")]
    private static partial Regex SerialPattern2();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private enum AddResult
    {
        Added,
        Failed,
        Retryable,
    }
}
