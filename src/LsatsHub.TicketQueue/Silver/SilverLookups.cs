using Dapper;
using Npgsql;

namespace LsatsHub.TicketQueue.Silver;

/// <summary>
/// The silver lookups the actions make (docs/ticket-queue.md): computers by name or serial, the labs of computers and
/// of a requestor, lab names. A failing query throws: "cannot read" never reads as "found nothing".
/// </summary>
public sealed class SilverLookups
{
    private const string ComputersSql = """
        SELECT tdx_asset_id AS AssetId, computer_name AS Name, serial_number AS SerialNumber, tdx_tag AS Tag
        FROM silver.computers
        WHERE tdx_asset_id IS NOT NULL
          AND (lower(computer_name) = ANY(@identifiers) OR lower(serial_number) = ANY(@identifiers) OR lower(tdx_tag) = ANY(@identifiers))
          AND (NOT @activeOnly OR tdx_status_id = @activeStatusId)
          AND (@formId IS NULL OR tdx_form_id = @formId)
        ORDER BY computer_name, tdx_asset_id
        """;

    // The lab of each ticket CI through the lab-computer associations (confidence >= 0.65, the view's rule).
    private const string LabsOfCisSql = """
        SELECT DISTINCT r.lab_department_tdx_id AS LabCiId, r.lab_id AS LabId, r.tdx_configuration_item_id AS ComputerCiId, c.computer_name AS ComputerName
        FROM silver.v_lab_computers_tdx_reference r
        JOIN silver.computers c ON c.computer_id = r.computer_id
        WHERE r.tdx_configuration_item_id = ANY(@ciIds) AND r.lab_department_tdx_id IS NOT NULL
        ORDER BY r.lab_id, c.computer_name
        """;

    private const string LabsOfRequestorSql = """
        SELECT DISTINCT tdx_ci_id AS LabCiId, lab_id AS LabId
        FROM silver.v_lab_members_all_tdx_reference
        WHERE tdx_user_uid = @uid AND tdx_ci_id IS NOT NULL
        ORDER BY lab_id
        """;

    private const string LabNamesSql = "SELECT tdx_ci_id AS LabCiId, lab_name AS LabName FROM silver.labs WHERE tdx_ci_id = ANY(@ciIds)";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the lookups.</summary>
    /// <param name="dataSource">The warehouse.</param>
    public SilverLookups(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Computers with a TDX asset whose name, serial or tag equals one of <paramref name="identifiers"/> (case-insensitive).</summary>
    public async Task<IReadOnlyList<SilverComputer>> ComputersAsync(IReadOnlyCollection<string> identifiers, bool activeOnly, int activeStatusId, int? formId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var lowered = identifiers.Select(id => id.Trim().ToLowerInvariant()).Distinct().ToArray();
        return [.. await connection.QueryAsync<SilverComputer>(new CommandDefinition(ComputersSql, new { identifiers = lowered, activeOnly, activeStatusId, formId }, cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    /// <summary>The labs the given computer CIs belong to.</summary>
    public async Task<IReadOnlyList<LabOfComputer>> LabsOfComputersAsync(IReadOnlyCollection<int> ciIds, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<LabOfComputer>(new CommandDefinition(LabsOfCisSql, new { ciIds = ciIds.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    /// <summary>The labs a TDX user is a (counted) member of.</summary>
    public async Task<IReadOnlyList<LabOfMember>> LabsOfRequestorAsync(Guid uid, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<LabOfMember>(new CommandDefinition(LabsOfRequestorSql, new { uid }, cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    /// <summary>Lab names by lab CI id.</summary>
    public async Task<IReadOnlyDictionary<int, string?>> LabNamesAsync(IReadOnlyCollection<int> ciIds, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(int LabCiId, string? LabName)>(new CommandDefinition(LabNamesSql, new { ciIds = ciIds.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.GroupBy(row => row.LabCiId).ToDictionary(group => group.Key, group => group.First().LabName);
    }
}
