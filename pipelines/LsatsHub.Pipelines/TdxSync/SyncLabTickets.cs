using System.Text.Json.Nodes;
using LsatsHub.Connectors;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Pipelines.TdxSync;

/// <summary>
/// Links each lab CI to its related tickets (the original's script 004, docs/tdx-sync.md): the tickets whose requestor
/// is a lab member, and the tickets on one of the lab's computers. The two are searched separately and joined: the
/// original sent both lists in one search, which TDX ANDs, so it found only members' tickets on lab computers. Every
/// search sends <c>MaxResults</c> (<see cref="LabCiSettings.TicketSearchMaxResults"/>): without it TDX silently stops at
/// 300; a search that returns the maximum is counted and logged as capped. Only tickets the lab CI does not have yet are
/// linked, so a second run sends nothing. A failed link is counted as failed (the original counted HTTP failures as
/// added), the lab's other links and the other labs go on, and the step fails at the end naming the count. A dry run
/// reads TDX and writes nothing.
/// </summary>
public sealed class SyncLabTickets : IStep
{
    /// <summary>Requestors or CIs in one ticket search.</summary>
    public const int SearchBatchSize = 100;

    private readonly TdxClient _tdx;

    /// <summary>Creates the step.</summary>
    /// <param name="tdx">The TDX connector.</param>
    public SyncLabTickets(TdxClient tdx)
    {
        _tdx = tdx ?? throw new ArgumentNullException(nameof(tdx));
    }

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.TdxSync.LabTickets.Name,
        Inputs = [Datasets.TdxSync.LabCis, Datasets.Silver.LabMembers, Datasets.Silver.LabComputers, Datasets.Silver.Computers, Datasets.Silver.Users, Datasets.Sources.Tdx],
        Outputs = [Datasets.TdxSync.LabTickets],
        Source = "tdx",
        Resources = [Resources.TdxApi],
        Retry = StepRetryPolicy.None,
        Description = "Links each lab CI to the tickets of its members and of its computers, adding only missing links",
    };

    /// <inheritdoc />
    public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = LabCiSettings.From(context.Configuration);
        var labs = new List<(string LabId, int LabCi, string[] Members, int[] Computers)>();
        await using (var command = context.DataSource.CreateCommand(EmbeddedSql.Read(typeof(SyncLabTickets))))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                labs.Add((reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<int[]>(3)));
            }
        }

        context.Counters.AddRead(labs.Count);
        var counts = new LabTicketCounts();
        string? firstError = null;
        foreach (var (labId, labCi, members, computers) in labs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (members.Length == 0 && computers.Length == 0)
            {
                counts.Skipped++;
                continue;
            }

            var failedBefore = counts.Failed;
            try
            {
                await SyncLabAsync(context, settings, labId, labCi, members, computers, counts, cancellationToken);
            }
            catch (ConnectorException exception)
            {
                counts.Failed++;
                context.Logger.LogError("lab {Lab}: {Error}", labId, exception.Message);
            }

            if (counts.Failed > failedBefore)
            {
                firstError ??= "lab " + labId;
            }
        }

        context.Counters.AddWritten(context.DryRun ? 0 : counts.Attached);
        var summary = $"{labs.Count} lab CIs: {counts.Attached} tickets {(context.DryRun ? "would be " : string.Empty)}attached, {counts.Present} already attached, "
            + $"{counts.Skipped} skipped (no member or computer in TDX), {counts.Capped} searches capped at {settings.TicketSearchMaxResults}, {counts.Failed} failed"
            + (context.DryRun ? " (dry run: nothing written)" : string.Empty);
        return counts.Failed > 0 ? throw new ConnectorException($"{counts.Failed} lab ticket link(s) failed (first: {firstError}): {summary}") : new StepResult(summary);
    }

    private async Task SyncLabAsync(
        StepContext context, LabCiSettings settings, string labId, int labCi, string[] members, int[] computers, LabTicketCounts counts, CancellationToken cancellationToken)
    {
        var related = new SortedSet<int>();
        foreach (var batch in members.Chunk(SearchBatchSize))
        {
            related.UnionWith(await SearchAsync(context, settings, labId, "RequestorUids", new JsonArray([.. batch.Select(uid => JsonValue.Create(uid))]), counts, cancellationToken));
        }

        foreach (var batch in computers.Chunk(SearchBatchSize))
        {
            related.UnionWith(await SearchAsync(context, settings, labId, "ConfigurationItemIDs", new JsonArray([.. batch.Select(ci => JsonValue.Create(ci))]), counts, cancellationToken));
        }

        if (related.Count == 0)
        {
            return;
        }

        var linked = (await _tdx.GetCiTicketsAsync(labCi, cancellationToken)).OfType<JsonObject>().Select(t => LabCiFields.Int(t["ID"]) ?? 0).ToHashSet();
        var missing = related.Where(id => !linked.Contains(id)).ToList();
        counts.Present += related.Count - missing.Count;
        if (context.DryRun)
        {
            counts.Attached += missing.Count;
            return;
        }

        foreach (var ticketId in missing)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await _tdx.AddCiToTicketAsync(labCi, ticketId, cancellationToken);
                counts.Attached++;
            }
            catch (ConnectorException exception)
            {
                counts.Failed++;
                context.Logger.LogError("lab {Lab}: linking ticket {Ticket}: {Error}", labId, ticketId, exception.Message);
            }
        }
    }

    private async Task<IEnumerable<int>> SearchAsync(
        StepContext context, LabCiSettings settings, string labId, string field, JsonArray values, LabTicketCounts counts, CancellationToken cancellationToken)
    {
        var hits = await _tdx.SearchTicketsAsync(new JsonObject { [field] = values, ["MaxResults"] = settings.TicketSearchMaxResults }, cancellationToken);
        if (hits.Count >= settings.TicketSearchMaxResults)
        {
            counts.Capped++;
            context.Logger.LogWarning(
                "lab {Lab}: the ticket search by {Field} returned {Count} tickets, its maximum (TDX_LAB_TICKETS_MAX_RESULTS); more may exist and are not linked",
                labId, field, hits.Count);
        }

        return hits.OfType<JsonObject>().Select(t => LabCiFields.Int(t["ID"]) ?? 0).Where(id => id > 0);
    }
}
