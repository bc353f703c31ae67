using System.Text.Json.Nodes;
using LsatsHub.Connectors;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Pipelines.TdxSync;

/// <summary>
/// Keeps each lab CI related to exactly its computers' CIs ("Located in", lab parent, computer child; the original's
/// script 003, docs/tdx-sync.md): reads the lab CI's relationships, adds only the missing ones (bulk add, at most
/// <see cref="BatchSize"/> a call) and removes those of type 10016 from this lab CI to a computer that is no longer in
/// the lab. No other relationship is touched: other types, other parents, the lab CI as a child. A second run sends
/// nothing. A failed call is counted as failed (never as added), the lab's other calls and the other labs go on, and
/// the step fails at the end naming the count. A dry run reads TDX and writes nothing.
/// </summary>
public sealed class SyncLabComputerRelationships : IStep
{
    /// <summary>Relationships in one bulk add (the original's batch size).</summary>
    public const int BatchSize = 100;

    private readonly TdxClient _tdx;

    /// <summary>Creates the step.</summary>
    /// <param name="tdx">The TDX connector.</param>
    public SyncLabComputerRelationships(TdxClient tdx)
    {
        _tdx = tdx ?? throw new ArgumentNullException(nameof(tdx));
    }

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; } = new()
    {
        Name = Datasets.TdxSync.LabCiRelationships.Name,
        Inputs = [Datasets.TdxSync.LabCis, Datasets.Silver.LabComputers, Datasets.Silver.Computers, Datasets.Sources.Tdx],
        Outputs = [Datasets.TdxSync.LabCiRelationships],
        Source = "tdx",
        Resources = [Resources.TdxApi],
        Retry = StepRetryPolicy.None,
        Description = "Relates each lab CI to its computers' CIs (Located in): adds the missing relationships, removes those to computers that left the lab",
    };

    /// <inheritdoc />
    public async Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var labs = new List<(string LabId, int LabCi, int[] Computers)>();
        await using (var command = context.DataSource.CreateCommand(EmbeddedSql.Read(typeof(SyncLabComputerRelationships))))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                labs.Add((reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<int[]>(2)));
            }
        }

        context.Counters.AddRead(labs.Count);
        var counts = new LabRelationshipCounts();
        string? firstError = null;
        foreach (var (labId, labCi, computers) in labs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await SyncLabAsync(context, labId, labCi, computers, counts, cancellationToken);
            }
            catch (ConnectorException exception)
            {
                counts.Failed++;
                context.Logger.LogError("lab {Lab}: {Error}", labId, exception.Message);
            }

            firstError ??= counts.Failed > 0 ? $"lab {labId}" : null;
        }

        context.Counters.AddWritten(context.DryRun ? 0 : counts.Added + counts.Removed);
        var would = context.DryRun ? "would be " : string.Empty;
        var summary = $"{labs.Count} lab CIs: {counts.Added} relationships {would}added, {counts.Present} already present, {counts.Removed} {would}removed (computer left the lab), {counts.Failed} failed"
            + (context.DryRun ? " (dry run: nothing written)" : string.Empty);
        return counts.Failed > 0 ? throw new ConnectorException($"{counts.Failed} lab relationship call(s) failed (first: {firstError}): {summary}") : new StepResult(summary);
    }

    private async Task SyncLabAsync(StepContext context, string labId, int labCi, int[] computers, LabRelationshipCounts counts, CancellationToken cancellationToken)
    {
        var ours = await OwnedRelationshipsAsync(labCi, cancellationToken);
        var wanted = computers.ToHashSet();
        var missing = computers.Where(c => !ours.ContainsKey(c)).ToList();
        var stale = ours.Where(r => !wanted.Contains(r.Key)).OrderBy(r => r.Key).ToList();
        counts.Present += computers.Length - missing.Count;
        if (context.DryRun)
        {
            counts.Added += missing.Count;
            counts.Removed += stale.Sum(r => r.Value.Count);
            return;
        }

        foreach (var batch in missing.Chunk(BatchSize))
        {
            await AddAsync(context, labId, labCi, batch, counts, cancellationToken);
        }

        foreach (var (child, relationshipIds) in stale)
        {
            foreach (var relationshipId in relationshipIds)
            {
                try
                {
                    if (await _tdx.DeleteCiRelationshipAsync(labCi, relationshipId, cancellationToken))
                    {
                        counts.Removed++;
                        context.Logger.LogInformation("lab {Lab}: removed relationship {Relationship} to computer CI {Child} (no longer in the lab)", labId, relationshipId, child);
                    }
                }
                catch (ConnectorException exception)
                {
                    counts.Failed++;
                    context.Logger.LogError("lab {Lab}: removing relationship {Relationship} to computer CI {Child}: {Error}", labId, relationshipId, child, exception.Message);
                }
            }
        }
    }

    /// <summary>The relationships this sync owns on <paramref name="labCi"/>: type 10016 with the lab CI as parent, by child.</summary>
    private async Task<Dictionary<int, List<int>>> OwnedRelationshipsAsync(int labCi, CancellationToken cancellationToken) =>
        (await _tdx.GetCiRelationshipsAsync(labCi, cancellationToken)).OfType<JsonObject>()
            .Where(r => LabCiFields.Int(r["ParentID"]) == labCi && LabCiFields.Int(r["RelationshipTypeID"]) == LabCiSettings.LocatedInRelationshipTypeId)
            .GroupBy(r => LabCiFields.Int(r["ChildID"]) ?? 0)
            .ToDictionary(g => g.Key, g => g.Select(r => LabCiFields.Int(r["ID"]) ?? 0).Where(id => id > 0).ToList());

    private async Task AddAsync(StepContext context, string labId, int labCi, int[] batch, LabRelationshipCounts counts, CancellationToken cancellationToken)
    {
        var relationships = new JsonArray([.. batch.Select(child => (JsonNode)new JsonObject
        {
            ["ParentItemID"] = labCi,
            ["ChildItemID"] = child,
            ["RelationshipTypeID"] = LabCiSettings.LocatedInRelationshipTypeId,
        })]);
        JsonObject answer;
        try
        {
            answer = await _tdx.BulkAddCiRelationshipsAsync(new JsonObject { ["LogToFeed"] = "false", ["Relationships"] = relationships }, cancellationToken);
        }
        catch (ConnectorException exception)
        {
            counts.Failed += batch.Length;
            context.Logger.LogError("lab {Lab}: adding {Count} relationship(s): {Error}", labId, batch.Length, exception.Message);
            return;
        }

        if ((answer["ErrorMessages"] as JsonArray) is { Count: > 0 } errors)
        {
            context.Logger.LogWarning("lab {Lab}: TDX reported {Errors}", labId, string.Join("; ", errors.Select(e => LabCiFields.Text(e))));
        }

        if (LabCiFields.Int(answer["AddedCount"]) is { } added && added == batch.Length)
        {
            counts.Added += added;
            return;
        }

        // An answer without a count (TDX may answer with an empty body) or with fewer added than sent: the original counted
        // the whole batch as added. Read the relationships again and count what is really there.
        var now = await OwnedRelationshipsAsync(labCi, cancellationToken);
        var there = batch.Count(now.ContainsKey);
        counts.Added += there;
        counts.Failed += batch.Length - there;
        if (there < batch.Length)
        {
            context.Logger.LogError("lab {Lab}: {Count} relationship(s) were not added: {Children}", labId, batch.Length - there, string.Join(", ", batch.Where(c => !now.ContainsKey(c))));
        }
    }
}
