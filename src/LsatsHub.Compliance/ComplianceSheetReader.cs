using LsatsHub.Connectors;
using LsatsHub.Connectors.Sheets;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Compliance;

/// <summary>
/// Reads the compliance sheet (docs/compliance.md): the month tab under its header on row 2, the FIX tab and the TDX
/// department range. A row is pending when its Ticket and Status cells are empty and it has an owner (not the service
/// account) and an owner e-mail; every other row is counted under its reason and logged.
/// </summary>
public static class ComplianceSheetReader
{
    /// <summary>Skip reason: the row's Ticket cell is already filled.</summary>
    public const string HasTicket = "ticket already written";

    /// <summary>Skip reason: the row has a Status.</summary>
    public const string HasStatus = "status set";

    /// <summary>Skip reason: no owner.</summary>
    public const string NoOwner = "no owner";

    /// <summary>Skip reason: the owner is the service account.</summary>
    public const string ServiceAccount = "service account owner";

    /// <summary>Skip reason: no owner e-mail.</summary>
    public const string NoEmail = "no owner e-mail";

    private static readonly char[] IssueSeparators = [',', ';', '\n', '\r'];

    /// <summary>Reads the sheet.</summary>
    /// <param name="source">The sheet.</param>
    /// <param name="tab">The month tab.</param>
    /// <param name="logger">Where skipped rows and a missing department range are logged.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The content.</returns>
    /// <exception cref="ConnectorException">The month or FIX tab cannot be read or lacks a column.</exception>
    public static async Task<ComplianceSheetContent> ReadAsync(ISheetSource source, string tab, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(logger);
        var table = await source.ReadTableAsync(tab, ComplianceColumns.HeaderRow, cancellationToken).ConfigureAwait(false);
        table.RequireColumns([.. ComplianceColumns.Required]);
        var fixTable = await source.ReadTableAsync(ComplianceColumns.FixTab, ComplianceColumns.HeaderRow, cancellationToken).ConfigureAwait(false);
        fixTable.RequireColumns(ComplianceColumns.FixIssue, ComplianceColumns.Fix);
        var fixes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in fixTable.Rows)
        {
            if (row.Value(ComplianceColumns.FixIssue) is { } issue)
            {
                fixes.TryAdd(issue, row[ComplianceColumns.Fix].Trim());
            }
        }

        var departments = await DepartmentsAsync(source, logger, cancellationToken).ConfigureAwait(false);
        var pending = new List<ComplianceRow>();
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in table.Rows)
        {
            var owner = row.Value(ComplianceColumns.Owner);
            var email = row.Value(ComplianceColumns.OwnerEmail);
            var reason = row.Value(ComplianceColumns.Ticket) is not null ? HasTicket
                : row.Value(ComplianceColumns.Status) is not null ? HasStatus
                : owner is null ? NoOwner
                : string.Equals(owner, ComplianceColumns.ServiceAccountOwner, StringComparison.OrdinalIgnoreCase) ? ServiceAccount
                : email is null ? NoEmail
                : null;
            if (reason is not null)
            {
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                logger.LogInformation("row {Row} skipped: {Reason}", row.RowNumber, reason);
                continue;
            }

            var issues = row[ComplianceColumns.Fix].Split(IssueSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var texts = new List<string>();
            foreach (var issue in issues)
            {
                if (fixes.TryGetValue(issue, out var text))
                {
                    texts.Add(text);
                }
                else
                {
                    unknown.Add(issue);
                    texts.Add($"Ask us about \"{issue}\": reply to this ticket.");
                }
            }

            pending.Add(new ComplianceRow(
                row.RowNumber, owner!, email!.ToLowerInvariant(), row[ComplianceColumns.OwningDept].Trim(), row[ComplianceColumns.Hostname].Trim(),
                row[ComplianceColumns.Serial].Trim(), row[ComplianceColumns.TdxOs].Trim(), issues, texts));
        }

        foreach (var issue in unknown)
        {
            logger.LogWarning("issue key '{Issue}' has no row in the {Tab} tab", issue, ComplianceColumns.FixTab);
        }

        return new ComplianceSheetContent(table, pending, skipped, departments, [.. unknown]);
    }

    private static async Task<IReadOnlyList<string>> DepartmentsAsync(ISheetSource source, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var values = await source.ReadRangeAsync(SheetRange.Parse(ComplianceColumns.DepartmentsRange), cancellationToken).ConfigureAwait(false);
            return [.. values.Select(r => r.Count > 0 ? r[0].Trim() : string.Empty)
                .Where(name => name.Length > 0 && !string.Equals(name, "None", StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase)];
        }
        catch (ConnectorException exception)
        {
            // The range only saves calls (one people search for all its departments); each owner is then looked up alone.
            logger.LogWarning("department range {Range} not read ({Error}); owners are looked up one by one", ComplianceColumns.DepartmentsRange, exception.Message);
            return [];
        }
    }
}
