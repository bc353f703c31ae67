using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.TicketQueue.Actions;
using LsatsHub.TicketQueue.Tdx;
using Npgsql;

namespace LsatsHub.TicketQueue.Log;

/// <summary>
/// <c>meta.daemon_action_log</c>, the idempotency record (docs/ticket-queue.md): read once per poll for every ticket of
/// the report; an action is claimed (status <c>claimed</c>, attempts + 1) before it may write, each write is noted in the
/// claimed row before it is sent, and the row is completed or failed afterwards. Every failure to reach the database
/// throws, so the daemon never takes "cannot read the log" for "not done".
/// </summary>
public sealed class ActionLog
{
    private const string ReadSql = """
        SELECT ticket_id AS TicketId, action_id AS ActionId, status AS Status, attempts AS Attempts, coalesce(metadata -> 'intents', '[]'::jsonb)::text AS Intents
        FROM meta.daemon_action_log
        WHERE ticket_id = ANY(@ticketIds)
        """;

    // A claimed row that was never completed keeps its intents: the next attempt checks TDX for them.
    private const string ClaimSql = """
        INSERT INTO meta.daemon_action_log AS l (ticket_id, action_type, action_id, action_hash, executed_at, status, metadata, attempts, claimed_at)
        VALUES (@ticketId, @actionType, @actionId, @actionHash, @now, 'claimed', jsonb_build_object('config', @config::jsonb, 'intents', '[]'::jsonb), 1, @now)
        ON CONFLICT (ticket_id, action_id) DO UPDATE
        SET status = 'claimed',
            claimed_at = @now,
            error_message = NULL,
            attempts = CASE WHEN l.status = 'completed' THEN 1 ELSE l.attempts + 1 END,
            metadata = jsonb_build_object('config', @config::jsonb,
                                          'intents', CASE WHEN l.status = 'claimed' THEN coalesce(l.metadata -> 'intents', '[]'::jsonb) ELSE '[]'::jsonb END)
        RETURNING attempts
        """;

    private const string IntentSql = """
        UPDATE meta.daemon_action_log
        SET metadata = jsonb_set(metadata, '{intents}', coalesce(metadata -> 'intents', '[]'::jsonb) || jsonb_build_array(@intent::jsonb))
        WHERE ticket_id = @ticketId AND action_id = @actionId AND status = 'claimed'
        """;

    private const string FinishSql = """
        UPDATE meta.daemon_action_log
        SET status = @status, error_message = @error, executed_at = @now, metadata = metadata || jsonb_build_object('details', @details::jsonb)
        WHERE ticket_id = @ticketId AND action_id = @actionId AND status = 'claimed'
        """;

    private const string PollSql = """
        INSERT INTO meta.daemon_polls (report_id, started_at, finished_at, tickets_seen, actions_run, actions_skipped, actions_failed)
        VALUES (@ReportId, @StartedAt, @FinishedAt, @TicketsSeen, @Run, @Skipped, @Failed)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;

    /// <summary>Creates the log.</summary>
    /// <param name="dataSource">The warehouse.</param>
    /// <param name="clock">The clock rows are stamped with.</param>
    public ActionLog(NpgsqlDataSource dataSource, TimeProvider clock)
    {
        _dataSource = dataSource;
        _clock = clock;
    }

    /// <summary>Every row of the given tickets, keyed by ticket and action id (one query for the whole report).</summary>
    public async Task<IReadOnlyDictionary<(int TicketId, string ActionId), ActionState>> ReadAsync(IReadOnlyCollection<int> ticketIds, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(int TicketId, string ActionId, string Status, int Attempts, string Intents)>(
            new CommandDefinition(ReadSql, new { ticketIds = ticketIds.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(
            row => (row.TicketId, row.ActionId),
            row => new ActionState(row.TicketId, row.ActionId, row.Status, row.Attempts,
                [.. (JsonNode.Parse(row.Intents) as JsonArray ?? []).Select(WriteIntent.FromJson).OfType<WriteIntent>()]));
    }

    /// <summary>Claims an action on a ticket before it runs; returns the attempt number.</summary>
    public async Task<int> ClaimAsync(int ticketId, ITicketAction action, ActionIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(identity);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(ClaimSql, new
        {
            ticketId,
            actionType = action.Type,
            actionId = identity.ActionId,
            actionHash = identity.ActionHash,
            now = _clock.GetUtcNow(),
            config = action.Config.ToJson().ToJsonString(),
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Notes a write in the claimed row before it is sent.</summary>
    public async Task RecordIntentAsync(int ticketId, string actionId, WriteIntent intent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var updated = await connection.ExecuteAsync(new CommandDefinition(IntentSql, new { ticketId, actionId, intent = intent.ToJson().ToJsonString() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (updated != 1)
        {
            throw new InvalidOperationException($"The claim of {actionId} on ticket {ticketId} is gone from meta.daemon_action_log; not writing to TDX.");
        }
    }

    /// <summary>Completes or fails the claimed row.</summary>
    public async Task FinishAsync(int ticketId, string actionId, ActionOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var details = outcome.Details ?? new JsonObject();
        details["message"] = outcome.Message;
        if (outcome.Summary is { } summary)
        {
            details["summary"] = summary;
        }

        await connection.ExecuteAsync(new CommandDefinition(FinishSql, new
        {
            ticketId,
            actionId,
            status = outcome.Success ? "completed" : "failed",
            error = outcome.Success ? null : outcome.Message,
            now = _clock.GetUtcNow(),
            details = details.ToJsonString(),
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Records one finished poll (the daemon's heartbeat for <c>lsats-run health</c>).</summary>
    public async Task RecordPollAsync(PollSummary summary, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(PollSql, summary, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
