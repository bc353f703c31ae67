using System.Text.Json.Nodes;
using LsatsHub.Connectors.Tdx;
using Microsoft.Extensions.Logging;

namespace LsatsHub.TicketQueue.Tdx;

/// <summary>
/// TDX as an action sees it: reads straight through the connector; writes only through <see cref="IWriteGuard"/>, which
/// logs instead of writing in a dry run, records each write in the claimed log row before sending it, and skips a
/// write a crashed earlier attempt already made.
/// </summary>
public sealed class TicketTdx
{
    private readonly TdxClient _client;
    private readonly IWriteGuard _guard;
    private readonly ILogger _logger;

    internal TicketTdx(TdxClient client, IWriteGuard guard, ILogger logger)
    {
        _client = client;
        _guard = guard;
        _logger = logger;
    }

    /// <summary>The web root for ticket links (<c>.../TDNext</c> or <c>.../SBTDNext</c>).</summary>
    public string WebRoot
    {
        get
        {
            var api = _client.Options.BaseUrl.ToString().TrimEnd('/');
            return api.Replace("/SBTDWebApi/api", "/SBTDNext", StringComparison.OrdinalIgnoreCase).Replace("/TDWebApi/api", "/TDNext", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Writes made (or, in a dry run, that would have been made) through this gateway.</summary>
    public int Writes { get; private set; }

    /// <summary>A ticket, or null when TDX does not know it.</summary>
    public Task<JsonObject?> TicketAsync(int ticketId, CancellationToken cancellationToken) => _client.GetTicketAsync(ticketId, cancellationToken);

    /// <summary>The CIs linked to a ticket.</summary>
    public Task<JsonArray> TicketAssetsAsync(int ticketId, CancellationToken cancellationToken) => _client.GetTicketAssetsAsync(ticketId, cancellationToken);

    /// <summary>A ticket's feed entries.</summary>
    public Task<JsonArray> TicketFeedAsync(int ticketId, CancellationToken cancellationToken) => _client.GetTicketFeedAsync(ticketId, cancellationToken);

    /// <summary>One feed entry with replies.</summary>
    public Task<JsonObject?> FeedEntryAsync(int id, CancellationToken cancellationToken) => _client.GetFeedEntryAsync(id, cancellationToken);

    /// <summary>An asset search.</summary>
    public Task<JsonArray> SearchAssetsAsync(JsonObject search, CancellationToken cancellationToken) => _client.SearchAssetsAsync(search, cancellationToken);

    /// <summary>A ticket search.</summary>
    public Task<JsonArray> SearchTicketsAsync(JsonObject search, CancellationToken cancellationToken) => _client.SearchTicketsAsync(search, cancellationToken);

    /// <summary>The tickets linked to a CI.</summary>
    public Task<JsonArray> CiTicketsAsync(int ciId, CancellationToken cancellationToken) => _client.GetCiTicketsAsync(ciId, cancellationToken);

    /// <summary>Posts a comment (TicketFeedEntry) unless the run is dry or TDX already has it.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="entry">The entry; <c>Comments</c> is its text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public Task CommentAsync(int ticketId, JsonObject entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = entry["Comments"]?.GetValue<string>() ?? string.Empty;
        return WriteAsync(WriteIntent.Comment(ticketId, text), $"post a comment on ticket {ticketId}: {Excerpt(text)}", token => _client.AddTicketFeedAsync(ticketId, entry, token), cancellationToken);
    }

    /// <summary>Links an asset to a ticket unless the run is dry or TDX already has it.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="assetId">The asset.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public Task AddAssetAsync(int ticketId, int assetId, CancellationToken cancellationToken) =>
        WriteAsync(WriteIntent.Asset(ticketId, assetId), $"add asset {assetId} to ticket {ticketId}", token => _client.AddTicketAssetAsync(ticketId, assetId, token), cancellationToken);

    /// <summary>Links a CI (a lab) to a ticket unless the run is dry or TDX already has it.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="ciId">The CI.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public Task AddCiAsync(int ticketId, int ciId, CancellationToken cancellationToken) =>
        WriteAsync(WriteIntent.Ci(ticketId, ciId), $"add configuration item {ciId} to ticket {ticketId}", token => _client.AddCiToTicketAsync(ciId, ticketId, token), cancellationToken);

    /// <summary>Whether TDX has an intended write (used after a crash, before anything is sent again).</summary>
    internal async Task<bool> HasAsync(WriteIntent intent, CancellationToken cancellationToken)
    {
        switch (intent.Kind)
        {
            case "comment":
                var feed = await _client.GetTicketFeedAsync(intent.TicketId, cancellationToken).ConfigureAwait(false);
                return feed.OfType<JsonObject>().Any(entry => WriteIntent.TextHash(entry["Body"]?.GetValue<string>() ?? string.Empty) == intent.Target);
            case "asset":
                var assets = await _client.GetTicketAssetsAsync(intent.TicketId, cancellationToken).ConfigureAwait(false);
                return assets.OfType<JsonObject>().Any(ci => TdxFields.Int(ci, "BackingItemType") == 27 && TdxFields.Int(ci, "BackingItemID")?.ToString(System.Globalization.CultureInfo.InvariantCulture) == intent.Target);
            case "ci":
                var cis = await _client.GetTicketAssetsAsync(intent.TicketId, cancellationToken).ConfigureAwait(false);
                return cis.OfType<JsonObject>().Any(ci => TdxFields.Int(ci, "ID")?.ToString(System.Globalization.CultureInfo.InvariantCulture) == intent.Target);
            default:
                return false;
        }
    }

    private async Task WriteAsync(WriteIntent intent, string description, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        Writes++;
        if (_guard.DryRun)
        {
            _logger.LogInformation("dry run: would {Write}", description);
            return;
        }

        if (_guard.AlreadyApplied(intent))
        {
            _logger.LogInformation("not sent again: TDX already has the write to {Write} (made before a restart)", description);
            return;
        }

        await _guard.RecordAsync(intent, cancellationToken).ConfigureAwait(false);
        await write(cancellationToken).ConfigureAwait(false);
        _logger.LogDebug("wrote: {Write}", description);
        await _guard.AfterWriteAsync(intent, cancellationToken).ConfigureAwait(false);
    }

    private static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 120 ? line : line[..117] + "...";
    }
}
