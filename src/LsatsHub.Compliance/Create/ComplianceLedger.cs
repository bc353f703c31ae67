using System.Text.Json;
using Dapper;
using Npgsql;

namespace LsatsHub.Compliance.Create;

/// <summary>
/// <c>meta.compliance_tickets</c>, what makes <c>compliance create</c> create each owner's ticket once (docs/compliance.md):
/// the owner is claimed (committed) before the ticket is created, the ticket id recorded right after, and the owner
/// completed once its cells are written. A claim without a ticket id means a run stopped in between: the caller looks the
/// ticket up in TDX before creating another. Keyed by sheet, tab, owner e-mail and TDX base URL (a sandbox ticket says
/// nothing about production). Every database failure throws: "cannot read the ledger" is never "no ticket yet".
/// </summary>
public sealed class ComplianceLedger(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string ReadSql = """
        SELECT owner_email AS OwnerEmail, title AS Title, requestor_uid AS RequestorUid, ticket_id AS TicketId, completed_at IS NOT NULL AS Completed, claimed_at AS ClaimedAt
        FROM meta.compliance_tickets
        WHERE sheet_key = @sheetKey AND tab = @tab AND base_url = @baseUrl
        """;

    private const string ClaimSql = """
        INSERT INTO meta.compliance_tickets (sheet_key, tab, owner_email, base_url, title, requestor_uid, claimed_at)
        VALUES (@sheetKey, @tab, @ownerEmail, @baseUrl, @title, @requestorUid, @now)
        ON CONFLICT (sheet_key, tab, owner_email, base_url) DO NOTHING
        """;

    // Only the run that read this claim (same claimed_at) takes it over, and only while no ticket is recorded.
    private const string ReclaimSql = """
        UPDATE meta.compliance_tickets SET title = @title, requestor_uid = @requestorUid, claimed_at = @now
        WHERE sheet_key = @sheetKey AND tab = @tab AND owner_email = @ownerEmail AND base_url = @baseUrl
          AND ticket_id IS NULL AND claimed_at = @previous
        """;

    private const string RecordSql = """
        UPDATE meta.compliance_tickets SET ticket_id = @ticketId, recorded_at = @now, how = @how
        WHERE sheet_key = @sheetKey AND tab = @tab AND owner_email = @ownerEmail AND base_url = @baseUrl AND ticket_id IS NULL
        """;

    private const string CompleteSql = """
        UPDATE meta.compliance_tickets SET completed_at = @now, rows_written = rows_written + @rows
        WHERE sheet_key = @sheetKey AND tab = @tab AND owner_email = @ownerEmail AND base_url = @baseUrl
        """;

    private const string RunSql = """
        INSERT INTO meta.compliance_runs (command, sheet_key, tab, environment, base_url, dry_run, notify, started_at, finished_at, counts)
        VALUES (@command, @sheetKey, @tab, @environment, @baseUrl, @dryRun, @notify, @startedAt, @now, @counts::jsonb)
        """;

    /// <summary>The owners of a sheet's tab already claimed against a TDX tenant.</summary>
    /// <param name="scope">Sheet, tab and tenant.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Owner e-mail → entry.</returns>
    public async Task<IReadOnlyDictionary<string, LedgerEntry>> ReadAsync(LedgerScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<LedgerEntry>(new CommandDefinition(ReadSql, Parameters(scope, null), cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.OwnerEmail, StringComparer.Ordinal);
    }

    /// <summary>Claims an owner before its ticket is created; false when someone already holds the claim.</summary>
    /// <param name="scope">Sheet, tab and tenant.</param>
    /// <param name="ownerEmail">The owner.</param>
    /// <param name="title">The title about to be sent.</param>
    /// <param name="requestorUid">The requestor about to be sent.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when this call made the claim.</returns>
    public async Task<bool> ClaimAsync(LedgerScope scope, string ownerEmail, string title, string requestorUid, CancellationToken cancellationToken)
    {
        var parameters = Parameters(scope, ownerEmail);
        parameters.Add("title", title);
        parameters.Add("requestorUid", requestorUid);
        return await ExecuteAsync(ClaimSql, parameters, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Takes over a claim an interrupted run left without a ticket, once TDX was searched and has none: the title and
    /// requestor about to be sent replace the old ones, so a crash after this create is found by the next run too.
    /// </summary>
    /// <param name="scope">Sheet, tab and tenant.</param>
    /// <param name="entry">The claim as this run read it.</param>
    /// <param name="title">The title about to be sent.</param>
    /// <param name="requestorUid">The requestor about to be sent.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when this run now holds the claim; false when another run took it or recorded a ticket meanwhile.</returns>
    public async Task<bool> ReclaimAsync(LedgerScope scope, LedgerEntry entry, string title, string requestorUid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var parameters = Parameters(scope, entry.OwnerEmail);
        parameters.Add("title", title);
        parameters.Add("requestorUid", requestorUid);
        parameters.Add("previous", DateTime.SpecifyKind(entry.ClaimedAt, DateTimeKind.Utc));
        return await ExecuteAsync(ReclaimSql, parameters, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Records the ticket of a claimed owner.</summary>
    /// <param name="scope">Sheet, tab and tenant.</param>
    /// <param name="ownerEmail">The owner.</param>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="found">True when it was found in TDX rather than created by this run.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public async Task RecordAsync(LedgerScope scope, string ownerEmail, int ticketId, bool found, CancellationToken cancellationToken)
    {
        var parameters = Parameters(scope, ownerEmail);
        parameters.Add("ticketId", ticketId);
        parameters.Add("how", found ? "found" : "created");
        if (await ExecuteAsync(RecordSql, parameters, cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException($"compliance ledger: {ownerEmail} of {scope.SheetKey} {scope.Tab} is not claimed, or already has a ticket; ticket {ticketId} was not recorded.");
        }
    }

    /// <summary>Marks an owner's rows written.</summary>
    /// <param name="scope">Sheet, tab and tenant.</param>
    /// <param name="ownerEmail">The owner.</param>
    /// <param name="rows">Ticket cells written this run.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public async Task CompleteAsync(LedgerScope scope, string ownerEmail, int rows, CancellationToken cancellationToken)
    {
        var parameters = Parameters(scope, ownerEmail);
        parameters.Add("rows", rows);
        _ = await ExecuteAsync(CompleteSql, parameters, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a finished run and its counts (dry runs too).</summary>
    /// <param name="scope">Sheet, tab and tenant.</param>
    /// <param name="command">E.g. <c>compliance create</c>.</param>
    /// <param name="environment"><c>sandbox</c> or <c>production</c>.</param>
    /// <param name="dryRun">True for a dry run.</param>
    /// <param name="notify">Whether requestors were notified.</param>
    /// <param name="startedAt">When the run started.</param>
    /// <param name="counts">The counts (serialised to JSON).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public async Task RecordRunAsync(LedgerScope scope, string command, string environment, bool dryRun, bool notify, DateTimeOffset startedAt, object counts, CancellationToken cancellationToken)
    {
        var parameters = Parameters(scope, null);
        parameters.Add("command", command);
        parameters.Add("environment", environment);
        parameters.Add("dryRun", dryRun);
        parameters.Add("notify", notify);
        parameters.Add("startedAt", startedAt);
        parameters.Add("counts", JsonSerializer.Serialize(counts, counts.GetType()));
        _ = await ExecuteAsync(RunSql, parameters, cancellationToken).ConfigureAwait(false);
    }

    private DynamicParameters Parameters(LedgerScope scope, string? ownerEmail)
    {
        var parameters = new DynamicParameters();
        parameters.Add("sheetKey", scope.SheetKey);
        parameters.Add("tab", scope.Tab);
        parameters.Add("baseUrl", scope.BaseUrl);
        parameters.Add("now", clock.GetUtcNow());
        if (ownerEmail is not null)
        {
            parameters.Add("ownerEmail", ownerEmail);
        }

        return parameters;
    }

    private async Task<int> ExecuteAsync(string sql, DynamicParameters parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
