using System.Text.Json.Nodes;
using LsatsHub.Connectors;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Pipelines.TdxSync;

/// <summary>
/// Keeps one TDX configuration item per monitored lab (docs/tdx-sync.md; the original's scripts 001 and 002 in one
/// idempotent step): finds the lab's CI by the id written back earlier, else by its exact name; creates it when absent;
/// otherwise changes only the fields the sync owns (<see cref="LabCiFields"/>) and sends nothing when they already
/// match; then writes every CI id back to <c>silver.labs.tdx_ci_id</c> in one statement. A crash after a create is
/// harmless: the next run finds the CI by name instead of creating a second one. A dry run reads TDX and writes nothing.
/// </summary>
public sealed class SyncLabCis : IStep
{
    private readonly TdxClient _tdx;

    /// <summary>Creates the step.</summary>
    /// <param name="tdx">The TDX connector.</param>
    public SyncLabCis(TdxClient tdx)
    {
        _tdx = tdx ?? throw new ArgumentNullException(nameof(tdx));
    }

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.TdxSync.LabCis.Name,
        Inputs = [Datasets.Silver.Labs, Datasets.Silver.LabStatistics, Datasets.Silver.LabManagers, Datasets.Silver.Users, Datasets.Silver.Departments, Datasets.Sources.Tdx],
        Outputs = [Datasets.TdxSync.LabCis],
        Source = "tdx",
        Resources = [Resources.TdxApi],
        Retry = StepRetryPolicy.None,
        Description = "One TDX configuration item per monitored lab (create, or update only the fields we own); CI ids written back to silver.labs",
    };

    /// <inheritdoc />
    public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = LabCiSettings.From(context.Configuration);
        var labs = await ReadLabsAsync(context.DataSource, cancellationToken);
        context.Counters.AddRead(labs.Count);
        int created = 0, updated = 0, unchanged = 0, skipped = 0, failed = 0;
        var found = new List<(string LabId, int CiId)>();
        string? firstError = null;
        foreach (var lab in labs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (lab.OwnerUid is null)
            {
                skipped++;
                context.Logger.LogWarning("lab {Lab}: its PI has no TDX user, no CI", lab.LabId);
                continue;
            }

            try
            {
                var stored = await FindAsync(lab, settings, cancellationToken);
                if (stored is null)
                {
                    var ciId = context.DryRun ? 0 : LabCiFields.Int((await _tdx.CreateCiAsync(LabCiFields.NewCi(lab, settings, _tdx.Options.AppId), cancellationToken))["ID"])
                        ?? throw new ConnectorException($"TDX created the CI of lab {lab.LabId} but returned no ID");
                    created++;
                    context.Logger.LogInformation("lab {Lab}: {What} CI {Name}", lab.LabId, context.DryRun ? "would create" : "created", lab.CiName);
                    if (!context.DryRun)
                    {
                        found.Add((lab.LabId, ciId));
                    }

                    continue;
                }

                var storedId = LabCiFields.Int(stored["ID"]) ?? throw new ConnectorException($"TDX returned the CI of lab {lab.LabId} without an ID");
                found.Add((lab.LabId, storedId));
                if (LabCiFields.Matches(stored, lab, settings))
                {
                    unchanged++;
                    continue;
                }

                LabCiFields.Apply(stored, lab, settings);
                if (!context.DryRun)
                {
                    await _tdx.UpdateCiAsync(storedId, stored, cancellationToken);
                }

                updated++;
                context.Logger.LogInformation("lab {Lab}: {What} CI {Id}", lab.LabId, context.DryRun ? "would update" : "updated", storedId);
            }
            catch (ConnectorException exception)
            {
                failed++;
                firstError ??= $"lab {lab.LabId}: {exception.Message}";
                context.Logger.LogError("lab {Lab}: {Error}", lab.LabId, exception.Message);
            }
        }

        var written = context.DryRun ? 0 : await WriteBackAsync(context.DataSource, found, cancellationToken);
        context.Counters.AddWritten(created + updated + written);
        var summary = $"{labs.Count} monitored labs: {created} created, {updated} updated, {unchanged} unchanged, {skipped} skipped (PI not in TDX), {failed} failed; {written} CI ids written back"
            + (context.DryRun ? " (dry run: nothing written)" : string.Empty);
        return failed > 0 ? throw new ConnectorException($"{failed} lab CI(s) failed (first: {firstError}): {summary}") : new StepResult(summary);
    }

    private async Task<JsonObject?> FindAsync(LabCiRow lab, LabCiSettings settings, CancellationToken cancellationToken)
    {
        if (lab.CiId is { } known && await _tdx.GetCiAsync(known, cancellationToken) is { } byId)
        {
            return byId;
        }

        // Exact name only (trimmed, any case): the original fell back to the first substring hit, so "abc Lab" could
        // update "abcd Lab".
        var hits = await _tdx.SearchCisAsync(new JsonObject { ["NameLike"] = lab.CiName, ["TypeIDs"] = new JsonArray(settings.TypeId) }, cancellationToken);
        var match = hits.OfType<JsonObject>()
            .Where(ci => string.Equals(LabCiFields.Text(ci["Name"])?.Trim(), lab.CiName, StringComparison.OrdinalIgnoreCase))
            .OrderBy(ci => LabCiFields.Int(ci["ID"]) ?? int.MaxValue)
            .FirstOrDefault();
        return match is null || LabCiFields.Int(match["ID"]) is not { } id ? null : await _tdx.GetCiAsync(id, cancellationToken);
    }

    private static async Task<List<LabCiRow>> ReadLabsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(EmbeddedSql.Read(typeof(SyncLabCis)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var labs = new List<LabCiRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            labs.Add(new LabCiRow(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.GetFieldValue<string[]>(4),
                [.. reader.GetFieldValue<int[]>(5).Zip(reader.GetFieldValue<int[]>(6), (location, room) => new LabLocation(location, room))]));
        }

        return labs;
    }

    private static async Task<int> WriteBackAsync(NpgsqlDataSource dataSource, List<(string LabId, int CiId)> found, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(EmbeddedSql.Read(typeof(SyncLabCis), ".write_back"));
        command.Parameters.Add(new NpgsqlParameter { Value = found.Select(f => f.LabId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = found.Select(f => f.CiId).ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
