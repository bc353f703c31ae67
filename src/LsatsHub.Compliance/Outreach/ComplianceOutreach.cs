using System.Text.Json.Nodes;
using LsatsHub.Connectors;
using LsatsHub.Connectors.Tdx;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Compliance.Outreach;

/// <summary>
/// The second and third compliance outreach (docs/compliance.md): for every ticket of the "Unified List Mgmt - Awaiting
/// Input" report still awaiting input for Unified List Management, post one public communication, at most once per
/// <see cref="OutreachOptions.MinInterval"/>. The second re-posts the ticket's description to the requestor; the third
/// escalates with the computers table of the description, copying the chief administrators and financial owners.
/// Each post is claimed in <see cref="OutreachLog"/> first and recorded after, so a crash never posts twice. The sandbox
/// never notifies anyone; a dry run reads and writes nothing.
/// </summary>
public sealed class ComplianceOutreach
{
    private readonly TdxClient _tdx;
    private readonly OutreachLog _log;
    private readonly UnitAssignments? _assignments;
    private readonly OutreachOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Func<int, CancellationToken, Task>? _afterPost;

    /// <summary>Creates the run.</summary>
    /// <param name="tdx">TDX.</param>
    /// <param name="log">The outreach log.</param>
    /// <param name="assignments">The Unit Assignments sheet; required for the third outreach.</param>
    /// <param name="options">The options.</param>
    /// <param name="clock">The clock (the minimum interval and the log's times).</param>
    /// <param name="logger">The log.</param>
    public ComplianceOutreach(TdxClient tdx, OutreachLog log, UnitAssignments? assignments, OutreachOptions options, TimeProvider clock, ILogger logger)
        : this(tdx, log, assignments, options, clock, logger, afterPost: null)
    {
    }

    /// <param name="afterPost">Test seam: runs after a comment reached TDX and before it is recorded (a crash there).</param>
    internal ComplianceOutreach(
        TdxClient tdx, OutreachLog log, UnitAssignments? assignments, OutreachOptions options, TimeProvider clock, ILogger logger, Func<int, CancellationToken, Task>? afterPost)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Kind == OutreachKind.Third && assignments is null)
        {
            throw new ArgumentException("The third outreach needs the Unit Assignments sheet.", nameof(assignments));
        }

        _tdx = tdx;
        _log = log;
        _assignments = assignments;
        _options = options;
        _clock = clock;
        _logger = logger;
        _afterPost = afterPost;
    }

    /// <summary>Runs the outreach over the report.</summary>
    /// <param name="cancellationToken">Cancels the run between and during calls.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ConnectorException">The report cannot be read.</exception>
    public async Task<OutreachSummary> RunAsync(CancellationToken cancellationToken)
    {
        var target = TdxWriteTarget.Of(_tdx.Options);
        var summary = new OutreachSummary();
        var report = await _tdx.GetReportAsync(_options.ReportId, cancellationToken).ConfigureAwait(false);
        if (report["DataRows"] is not JsonArray rows)
        {
            throw new ConnectorException($"TDX report {_options.ReportId} has no DataRows: is it shared with this account, and does it list tickets?");
        }

        var tickets = rows.OfType<JsonObject>()
            .Select(r => (Id: TdxFields.Int(r, "TicketID"), Customer: TdxFields.String(r, "CustomerName") ?? string.Empty))
            .Where(r => r.Id is > 0)
            .GroupBy(r => r.Id!.Value)
            .OrderBy(g => g.Key)
            .Select(g => (Id: g.Key, g.First().Customer))
            .ToList();
        summary.Tickets = tickets.Count;
        var states = await _log.ReadAsync([.. tickets.Select(t => t.Id)], _options.Kind, target.BaseUrl, cancellationToken).ConfigureAwait(false);
        var resolver = _options.Kind == OutreachKind.Third ? new EscalationResolver(_tdx, _assignments!, _options.FinancialOwnerAttributeId) : null;
        foreach (var (ticketId, customer) in tickets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await OneAsync(ticketId, customer, states[ticketId], target, resolver, summary, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectorException exception)
            {
                summary.Failed++;
                _logger.LogError("ticket {TicketId}: {Outreach} outreach failed: {Error}", ticketId, _options.KindName, exception.Message);
            }
        }

        _logger.LogInformation("{Summary}", summary.Describe(_options.KindName, _options.DryRun));
        return summary;
    }

    private async Task OneAsync(int ticketId, string customer, OutreachState state, TdxWriteTarget target, EscalationResolver? resolver, OutreachSummary summary, CancellationToken cancellationToken)
    {
        var ticket = await _tdx.GetTicketAsync(ticketId, cancellationToken).ConfigureAwait(false);
        if (ticket is null || TdxFields.Int(ticket, "StatusID") != _options.AwaitingInputStatusId || TdxFields.Int(ticket, "ResponsibleGroupID") != _options.ResponsibleGroupId)
        {
            summary.NotAwaiting++;
            _logger.LogInformation("ticket {TicketId}: skipped: {Reason}", ticketId, ticket is null ? "not in TDX" : "no longer awaiting input for Unified List Management");
            return;
        }

        var lastSent = await SettleOpenClaimAsync(ticketId, state, summary, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        if (lastSent is { } last && now - last < _options.MinInterval)
        {
            summary.Recent++;
            _logger.LogInformation("ticket {TicketId}: skipped: {Outreach} outreach sent {Sent:u}; not again before {Next:u}", ticketId, _options.KindName, last, last + _options.MinInterval);
            return;
        }

        var description = TdxFields.String(ticket, "Description") ?? string.Empty;
        var requestor = TdxFields.String(ticket, "RequestorEmail")?.Trim() ?? string.Empty;
        string comment;
        var escalation = Escalation.None;
        if (_options.Kind == OutreachKind.Second)
        {
            if (string.IsNullOrWhiteSpace(description))
            {
                summary.NoContent++;
                _logger.LogWarning("ticket {TicketId}: skipped: the description is empty, there is nothing to re-post", ticketId);
                return;
            }

            comment = description;
        }
        else
        {
            if (CommentText.FirstTable(description) is not { } table)
            {
                summary.NoContent++;
                _logger.LogWarning("ticket {TicketId}: skipped: the description has no table of computers to escalate", ticketId);
                return;
            }

            escalation = await resolver!.ResolveAsync(ticketId, cancellationToken).ConfigureAwait(false);
            if (escalation.Assets == 0)
            {
                summary.WithoutAssets++;
                _logger.LogWarning("ticket {TicketId}: no assets are linked: escalated without chief administrators or financial owners", ticketId);
            }

            foreach (var note in escalation.Notes)
            {
                _logger.LogWarning("ticket {TicketId}: {Note}", ticketId, note);
            }

            comment = CommentText.Third(customer.Length > 0 ? customer : TdxFields.String(ticket, "RequestorName") ?? string.Empty, table, escalation.Contacts.Count > 0);
        }

        var notify = Notify(target, requestor, escalation);
        if (target.IsProduction && requestor.Length == 0)
        {
            _logger.LogWarning("ticket {TicketId}: the requestor has no email; TDX notifies only {Notify}", ticketId, notify.Count == 0 ? "nobody" : string.Join(", ", notify));
        }

        if (_options.DryRun)
        {
            summary.WouldSend++;
            _logger.LogInformation(
                "ticket {TicketId}: dry run: would {Contacts}post the {Outreach} outreach, notifying {Notify}",
                ticketId, escalation.Contacts.Count > 0 ? $"add {escalation.Contacts.Count} contacts and " : string.Empty, _options.KindName, notify.Count == 0 ? "nobody" : string.Join(", ", notify));
            return;
        }

        var hash = CommentText.Hash(comment);
        if (await _log.ClaimAsync(ticketId, _options.Kind, target.BaseUrl, hash, notify, escalation.Contacts, now, cancellationToken).ConfigureAwait(false) is not { } claim)
        {
            summary.ClaimedElsewhere++;
            _logger.LogWarning("ticket {TicketId}: skipped: another run holds a claim on its {Outreach} outreach", ticketId, _options.KindName);
            return;
        }

        foreach (var uid in escalation.Contacts)
        {
            await _tdx.AddTicketContactAsync(ticketId, uid, cancellationToken).ConfigureAwait(false);
            summary.ContactsAdded++;
        }

        var entry = new JsonObject
        {
            ["NewStatusID"] = 0,
            ["CascadeStatus"] = false,
            ["Comments"] = comment,
            ["Notify"] = new JsonArray([.. notify.Select(n => JsonValue.Create(n))]),
            ["IsPrivate"] = false,
            ["IsRichHTML"] = true,
            ["IsCommunication"] = true,
        };
        var posted = await _tdx.AddTicketFeedAsync(ticketId, entry, cancellationToken).ConfigureAwait(false);
        if (_afterPost is not null)
        {
            await _afterPost(ticketId, cancellationToken).ConfigureAwait(false);
        }

        await _log.MarkSentAsync(claim, TdxFields.Int(posted, "ID"), _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        summary.Sent++;
        _logger.LogInformation("ticket {TicketId}: posted the {Outreach} outreach, notifying {Notify}", ticketId, _options.KindName, notify.Count == 0 ? "nobody" : string.Join(", ", notify));
    }

    /// <summary>
    /// A claim left by a run that crashed or failed: its comment is in the ticket feed (an entry with the claimed hash that
    /// no recorded send accounts for) → recorded as sent now; it is not → dropped, so it is sent anew. A dry run only
    /// reads. Returns when this outreach was last sent.
    /// </summary>
    private async Task<DateTimeOffset?> SettleOpenClaimAsync(int ticketId, OutreachState state, OutreachSummary summary, CancellationToken cancellationToken)
    {
        if (state.OpenClaim is not { } claim)
        {
            return state.LastSent;
        }

        var feed = await _tdx.GetTicketFeedAsync(ticketId, cancellationToken).ConfigureAwait(false);
        var posted = feed.OfType<JsonObject>().FirstOrDefault(e =>
            TdxFields.Int(e, "ID") is { } id && !state.KnownFeedIds.Contains(id) && CommentText.Hash(TdxFields.String(e, "Body") ?? string.Empty) == claim.CommentHash);
        if (posted is null)
        {
            summary.DroppedClaims++;
            _logger.LogWarning("ticket {TicketId}: a {Outreach} outreach claimed at {Claimed:u} never reached TDX; it is sent anew", ticketId, _options.KindName, claim.ClaimedAt);
            if (!_options.DryRun)
            {
                await _log.DropClaimAsync(claim.OutreachId, cancellationToken).ConfigureAwait(false);
            }

            return state.LastSent;
        }

        summary.Recovered++;
        _logger.LogWarning("ticket {TicketId}: the {Outreach} outreach claimed at {Claimed:u} is in the ticket feed (entry {FeedId}); recorded as sent, not posted again", ticketId, _options.KindName, claim.ClaimedAt, TdxFields.Int(posted, "ID"));
        if (!_options.DryRun)
        {
            await _log.MarkSentAsync(claim.OutreachId, TdxFields.Int(posted, "ID"), claim.ClaimedAt, cancellationToken).ConfigureAwait(false);
        }

        return state.LastSent is { } last && last > claim.ClaimedAt ? last : claim.ClaimedAt;
    }

    /// <summary>Nobody in the sandbox; in production the requestor, then every CA and FO email not already listed.</summary>
    private static List<string> Notify(TdxWriteTarget target, string requestor, Escalation escalation)
    {
        var notify = new List<string>();
        if (!target.IsProduction)
        {
            return notify;
        }

        foreach (var email in new[] { requestor }.Concat(escalation.Emails))
        {
            if (email.Length > 0 && !notify.Contains(email, StringComparer.OrdinalIgnoreCase))
            {
                notify.Add(email);
            }
        }

        return notify;
    }
}
