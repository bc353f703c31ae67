using System.Globalization;
using System.Text.Json.Nodes;
using LsatsHub.Connectors;
using LsatsHub.Connectors.Sheets;
using LsatsHub.Connectors.Tdx;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Compliance.Create;

/// <summary>
/// <c>compliance create</c> (docs/compliance.md): one TDX ticket per owner of the month tab's pending rows, with a table of
/// their computers; each computer's asset attached; each row's Ticket cell set to a link to the ticket. An owner is
/// claimed in <see cref="ComplianceLedger"/> before its ticket is created and the ticket recorded right after, so no run
/// creates a second ticket for an owner, even after a crash in between (the claim is then resolved by a TDX search for
/// the title and requestor). A failed call is logged and counted and only that owner (or row) is left for the next run.
/// </summary>
public sealed class ComplianceCreateWorkflow(TdxClient tdx, ComplianceLedger ledger, ILogger logger)
{
    /// <summary>Runs it.</summary>
    /// <param name="sheet">The compliance sheet.</param>
    /// <param name="scope">Ledger scope (the sheet's key, the tab, the TDX base URL).</param>
    /// <param name="options">Tab, dry run, notification, ticket fields, web root.</param>
    /// <param name="cancellationToken">Cancels the run between calls.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="ConnectorException">The sheet or the TDX accounts cannot be read (nothing was written).</exception>
    public async Task<ComplianceCreateCounts> RunAsync(ISheetSource sheet, LedgerScope scope, ComplianceCreateOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(options);
        var counts = new ComplianceCreateCounts { DryRun = options.DryRun, Notify = options.Notify && !options.DryRun };
        var content = await ComplianceSheetReader.ReadAsync(sheet, options.Tab, logger, cancellationToken).ConfigureAwait(false);
        counts.RowsRead = content.Table.Rows.Count;
        counts.RowsPending = content.Pending.Count;
        foreach (var (reason, count) in content.Skipped)
        {
            counts.RowsSkipped[reason] = count;
        }

        var accounts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var account in (await tdx.GetAccountsAsync(cancellationToken).ConfigureAwait(false)).OfType<JsonObject>())
        {
            if (account["Name"]?.GetValue<string>()?.Trim() is { Length: > 0 } name && account["ID"]?.GetValue<int>() is { } id)
            {
                accounts.TryAdd(name, id);
            }
        }

        var directory = new OwnerDirectory(tdx, logger);
        var departmentIds = new List<int>();
        foreach (var department in content.Departments)
        {
            if (accounts.TryGetValue(department, out var id))
            {
                departmentIds.Add(id);
            }
            else
            {
                // The original sent the unmapped name as an id and TDX rejected the whole search.
                logger.LogWarning("department '{Department}' of {Range} is not a TDX account; its people are looked up one by one", department, ComplianceColumns.DepartmentsRange);
            }
        }

        if (departmentIds.Count > 0)
        {
            await directory.LoadAccountsAsync(departmentIds, cancellationToken).ConfigureAwait(false);
        }

        var ledgerEntries = await ledger.ReadAsync(scope, cancellationToken).ConfigureAwait(false);
        var owners = content.Pending.GroupBy(r => r.OwnerEmail, StringComparer.Ordinal).ToList();
        counts.Owners = owners.Count;
        foreach (var owner in owners)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await OwnerAsync(sheet, content.Table, scope, options, accounts, directory, ledgerEntries.GetValueOrDefault(owner.Key), [.. owner], counts, cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("compliance create: {Counts}", counts.ToString());
        return counts;
    }

    private async Task OwnerAsync(
        ISheetSource sheet, SheetTable table, LedgerScope scope, ComplianceCreateOptions options, Dictionary<string, int> accounts, OwnerDirectory directory,
        LedgerEntry? entry, IReadOnlyList<ComplianceRow> rows, ComplianceCreateCounts counts, CancellationToken cancellationToken)
    {
        var first = rows[0];
        var email = first.OwnerEmail;
        try
        {
            if (!accounts.TryGetValue(first.OwningDept, out var accountId))
            {
                counts.OwnersWithoutAccount++;
                logger.LogError("owner {Email} (rows {Rows}): Owning Dept '{Dept}' is not a TDX account; no ticket", email, RowList(rows), first.OwningDept);
                return;
            }

            var user = await directory.FindAsync(first.Uniqname, cancellationToken).ConfigureAwait(false);
            if (user is null)
            {
                counts.OwnersWithoutUser++;
                logger.LogError("owner {Email} (rows {Rows}): TDX has no user with uniqname '{Uniqname}'; no ticket (nothing is sent without a requestor)", email, RowList(rows), first.Uniqname);
                return;
            }

            var title = ComplianceTicketHtml.Title(options.Tab, first.Owner);
            int ticketId;
            if (entry?.TicketId is { } recorded)
            {
                counts.TicketsReused++;
                ticketId = recorded;
                logger.LogInformation("owner {Email}: ticket {Ticket} recorded by an earlier run; {Count} row(s) join it", email, recorded, rows.Count);
            }
            else if (entry is not null && await FindTicketAsync(entry.Title, entry.RequestorUid, cancellationToken).ConfigureAwait(false) is { } found)
            {
                // Claimed, never recorded: the run stopped between creating the ticket and recording it.
                counts.TicketsFound++;
                ticketId = found;
                logger.LogWarning("owner {Email}: ticket {Ticket} found in TDX for a claim an interrupted run left; recorded, not created again", email, found);
                if (!options.DryRun)
                {
                    await ledger.RecordAsync(scope, email, found, found: true, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (options.DryRun)
            {
                counts.TicketsWouldCreate++;
                ticketId = 0;
                logger.LogInformation("owner {Email}: would create '{Title}' for {Uid} with {Count} row(s) (dry run)", email, title, user.Uid, rows.Count);
            }
            else
            {
                var claimed = entry is null
                    ? await ledger.ClaimAsync(scope, email, title, user.Uid, cancellationToken).ConfigureAwait(false)
                    : await ledger.ReclaimAsync(scope, entry, title, user.Uid, cancellationToken).ConfigureAwait(false);
                if (!claimed)
                {
                    // Another run claimed the owner since this one read the ledger: leave the owner to it.
                    logger.LogWarning("owner {Email}: claimed by another run meanwhile; skipped", email);
                    return;
                }

                var created = await tdx.CreateTicketAsync(Ticket(options, title, accountId, user, rows), options.Notify, cancellationToken).ConfigureAwait(false);
                ticketId = created["ID"]?.GetValue<int>() ?? throw new ConnectorException($"TDX created a ticket for {email} but answered without its ID.");
                if (options.AfterTicketCreated is { } hook)
                {
                    await hook(ticketId, cancellationToken).ConfigureAwait(false);
                }

                await ledger.RecordAsync(scope, email, ticketId, found: false, cancellationToken).ConfigureAwait(false);
                counts.TicketsCreated++;
                logger.LogInformation("owner {Email}: created ticket {Ticket} '{Title}' with {Count} row(s)", email, ticketId, title, rows.Count);
            }

            var written = 0;
            foreach (var row in rows)
            {
                written += await RowAsync(sheet, table, options, ticketId, row, counts, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }

            if (!options.DryRun && written == rows.Count)
            {
                await ledger.CompleteAsync(scope, email, written, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ConnectorException exception)
        {
            counts.Failures++;
            logger.LogError("owner {Email} (rows {Rows}): {Error}; the next run retries it", email, RowList(rows), exception.Message);
        }
    }

    // Attaches the row's asset, then writes its Ticket cell; false when a call failed (the cell stays empty: the next run retries the row).
    private async Task<bool> RowAsync(ISheetSource sheet, SheetTable table, ComplianceCreateOptions options, int ticketId, ComplianceRow row, ComplianceCreateCounts counts, CancellationToken cancellationToken)
    {
        try
        {
            if (await FindAssetAsync(row, cancellationToken).ConfigureAwait(false) is { } assetId)
            {
                if (!options.DryRun)
                {
                    await tdx.AddAssetToTicketAsync(assetId, ticketId, cancellationToken).ConfigureAwait(false);
                }

                counts.AssetsAttached++;
            }
            else
            {
                counts.AssetsNotFound++;
                logger.LogWarning("row {Row}: TDX has no asset named '{Hostname}' (serial '{Serial}'); the ticket lists it without a link", row.RowNumber, row.Hostname, row.Serial);
            }

            if (!options.DryRun)
            {
                var url = options.TicketUrl(ticketId);
                var id = ticketId.ToString(CultureInfo.InvariantCulture);
                await sheet.WriteCellAsync(table.Tab, row.RowNumber, table.ColumnOf(ComplianceColumns.Ticket)!.Value, $"=HYPERLINK(\"{url}\", {id})", cancellationToken).ConfigureAwait(false);
            }

            counts.CellsWritten++;
            return true;
        }
        catch (ConnectorException exception)
        {
            counts.Failures++;
            logger.LogError("row {Row} ({Hostname}) of ticket {Ticket}: {Error}; its Ticket cell stays empty for the next run", row.RowNumber, row.Hostname, ticketId, exception.Message);
            return false;
        }
    }

    // Serial first (SerialLike), else, or when no serial hit has the name, the hostname; only an exact name (trimmed, any case) counts.
    private async Task<int?> FindAssetAsync(ComplianceRow row, CancellationToken cancellationToken)
    {
        if (row.Hostname.Length == 0)
        {
            return null;
        }

        var searches = new List<JsonObject>();
        if (row.Serial.Length > 0)
        {
            searches.Add(new JsonObject { ["SerialLike"] = row.Serial });
        }

        searches.Add(new JsonObject { ["SearchText"] = row.Hostname });
        foreach (var search in searches)
        {
            var hit = (await tdx.SearchAssetsAsync(search, cancellationToken).ConfigureAwait(false)).OfType<JsonObject>()
                .FirstOrDefault(a => string.Equals(a["Name"]?.GetValue<string>()?.Trim(), row.Hostname, StringComparison.OrdinalIgnoreCase));
            if (hit?["ID"]?.GetValue<int>() is { } id)
            {
                return id;
            }
        }

        return null;
    }

    private async Task<int?> FindTicketAsync(string title, string requestorUid, CancellationToken cancellationToken)
    {
        var search = new JsonObject { ["RequestorUids"] = new JsonArray(requestorUid), ["MaxResults"] = 1000 };
        var hits = await tdx.SearchTicketsAsync(search, cancellationToken).ConfigureAwait(false);
        return hits.OfType<JsonObject>()
            .Where(t => string.Equals(t["Title"]?.GetValue<string>()?.Trim(), title.Trim(), StringComparison.Ordinal))
            .Select(t => t["ID"]?.GetValue<int>())
            .Min();
    }

    private static JsonObject Ticket(ComplianceCreateOptions options, string title, int accountId, TdxOwner user, IReadOnlyList<ComplianceRow> rows)
    {
        var settings = options.Ticket;
        var firstName = user.FirstName.Length > 0 ? user.FirstName : rows[0].Owner.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return new JsonObject
        {
            ["TypeID"] = settings.TypeId,
            ["TypeCategoryID"] = settings.TypeCategoryId,
            ["FormID"] = settings.FormId,
            ["Title"] = title,
            ["Description"] = ComplianceTicketHtml.Description(firstName, rows),
            ["IsRichHtml"] = true,
            ["AccountID"] = accountId,
            ["SourceID"] = settings.SourceId,
            ["StatusID"] = settings.StatusId,
            ["RequestorUid"] = user.Uid,
            ["ResponsibleGroupID"] = settings.ResponsibleGroupId,
            ["ServiceID"] = settings.ServiceId,
            ["ServiceOfferingID"] = settings.ServiceOfferingId,
            ["ServiceCategoryID"] = settings.ServiceCategoryId,
        };
    }

    private static string RowList(IReadOnlyList<ComplianceRow> rows) => string.Join(", ", rows.Select(r => r.RowNumber.ToString(CultureInfo.InvariantCulture)));
}
