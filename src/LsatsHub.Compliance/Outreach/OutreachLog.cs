using Dapper;
using Npgsql;

namespace LsatsHub.Compliance.Outreach;

/// <summary>
/// <c>meta.compliance_outreach</c>: what the second and third outreach sent (docs/compliance.md). Read once per run for
/// every ticket of the report; a comment is claimed before it is posted and marked sent afterwards; a claim a crashed
/// run left is either completed (its comment is in the ticket feed) or dropped (it is not). Sandbox and production share
/// the database, so everything is per base URL.
/// </summary>
public sealed class OutreachLog
{
    private const string ReadSql = """
        SELECT outreach_id AS OutreachId, ticket_id AS TicketId, kind AS Kind, status AS Status, claimed_at AS ClaimedAt, sent_at AS SentAt,
               comment_hash AS CommentHash, feed_id AS FeedId
        FROM meta.compliance_outreach
        WHERE ticket_id = ANY(@ticketIds) AND base_url = @baseUrl
        """;

    private const string ClaimSql = """
        INSERT INTO meta.compliance_outreach (ticket_id, kind, base_url, status, claimed_at, notify, contacts, comment_hash)
        VALUES (@ticketId, @kind, @baseUrl, 'claimed', @now, @notify, @contacts, @hash)
        ON CONFLICT (ticket_id, kind, base_url) WHERE status = 'claimed' DO NOTHING
        RETURNING outreach_id
        """;

    private const string SentSql = """
        UPDATE meta.compliance_outreach SET status = 'sent', sent_at = @sentAt, feed_id = @feedId
        WHERE outreach_id = @id AND status = 'claimed'
        """;

    private const string DropSql = "DELETE FROM meta.compliance_outreach WHERE outreach_id = @id AND status = 'claimed'";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the log.</summary>
    /// <param name="dataSource">The warehouse.</param>
    public OutreachLog(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>The state of every given ticket for one kind and tenant (one query).</summary>
    /// <param name="ticketIds">The tickets.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="baseUrl">The tenant's base URL.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>A state for every ticket (empty for unknown ones).</returns>
    public async Task<IReadOnlyDictionary<int, OutreachState>> ReadAsync(IReadOnlyCollection<int> ticketIds, OutreachKind kind, string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticketIds);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(ReadSql, new { ticketIds = ticketIds.ToArray(), baseUrl }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        var name = OutreachOptions.Name(kind);
        return ticketIds.Distinct().ToDictionary(id => id, id =>
        {
            var mine = rows.Where(r => r.TicketId == id).ToList();
            var sent = mine.Where(r => r.Kind == name && r.Status == "sent" && r.SentAt is not null).Select(r => (DateTimeOffset?)Utc(r.SentAt!.Value)).Max();
            var claim = mine.FirstOrDefault(r => r.Kind == name && r.Status == "claimed") is { } c ? new OutreachClaim(c.OutreachId, Utc(c.ClaimedAt), c.CommentHash) : null;
            return new OutreachState(id, sent, claim, mine.Where(r => r.FeedId is not null).Select(r => r.FeedId!.Value).ToHashSet());
        });
    }

    /// <summary>Claims an outreach before its comment is posted; null when another run holds a claim on it.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="baseUrl">The tenant's base URL.</param>
    /// <param name="commentHash">The comment's hash.</param>
    /// <param name="notify">The addresses TDX is asked to notify.</param>
    /// <param name="contacts">The UIDs added as contacts.</param>
    /// <param name="now">The claim time.</param>
    /// <param name="cancellationToken">Cancels the insert.</param>
    /// <returns>The claimed row's id, or null.</returns>
    public async Task<long?> ClaimAsync(
        int ticketId, OutreachKind kind, string baseUrl, string commentHash, IReadOnlyList<string> notify, IReadOnlyList<string> contacts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notify);
        ArgumentNullException.ThrowIfNull(contacts);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(ClaimSql, new
        {
            ticketId,
            kind = OutreachOptions.Name(kind),
            baseUrl,
            now,
            notify = notify.ToArray(),
            contacts = contacts.ToArray(),
            hash = commentHash,
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Marks a claimed row sent.</summary>
    /// <param name="outreachId">The row.</param>
    /// <param name="feedId">The feed entry TDX created, when known.</param>
    /// <param name="sentAt">When it was sent.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task.</returns>
    public async Task MarkSentAsync(long outreachId, int? feedId, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(SentSql, new { id = outreachId, feedId, sentAt }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Drops a claim whose comment never reached TDX, so the outreach can be claimed again.</summary>
    /// <param name="outreachId">The row.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task.</returns>
    public async Task DropClaimAsync(long outreachId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(DropSql, new { id = outreachId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Holds a session-level advisory lock for one kind of outreach while a live run works, so two runs never claim and
    /// post side by side (a claim found open by a run holding the lock was left by a run that ended). Null when another
    /// run holds it.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The lease (dispose to release), or null.</returns>
    public async Task<IAsyncDisposable?> TryLockAsync(OutreachKind kind, CancellationToken cancellationToken)
    {
        var name = "lsats compliance " + OutreachOptions.Name(kind);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var locked = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(hashtext(@name))", new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (locked)
            {
                return new OutreachLease(connection, name);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record Row(long OutreachId, int TicketId, string Kind, string Status, DateTime ClaimedAt, DateTime? SentAt, string CommentHash, int? FeedId);
}
