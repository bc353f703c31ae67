using System.Text.Json.Nodes;
using LsatsHub.Connectors;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Pipelines.TdxSync;

/// <summary>
/// Relates each lab CI to its computers' CIs ("Located in", lab parent, computer child; the original's script 003,
/// docs/tdx-sync.md): reads the lab CI's relationships, sends only the missing ones in one bulk add per lab, so a second
/// run sends nothing. Never deletes a relationship. A dry run reads TDX and writes nothing.
/// </summary>
public sealed class SyncLabComputerRelationships : IStep
{
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
        Description = "Relates each lab CI to its computers' CIs (Located in), adding only missing relationships",
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
        int added = 0, present = 0, failed = 0;
        foreach (var (labId, labCi, computers) in labs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var existing = (await _tdx.GetCiRelationshipsAsync(labCi, cancellationToken)).OfType<JsonObject>()
                    .Where(r => LabCiFields.Int(r["ParentID"]) == labCi && LabCiFields.Int(r["RelationshipTypeID"]) == LabCiSettings.LocatedInRelationshipTypeId)
                    .Select(r => LabCiFields.Int(r["ChildID"]) ?? 0)
                    .ToHashSet();
                var missing = computers.Where(c => !existing.Contains(c)).ToList();
                present += computers.Length - missing.Count;
                if (missing.Count == 0)
                {
                    continue;
                }

                if (context.DryRun)
                {
                    added += missing.Count;
                    continue;
                }

                var relationships = new JsonArray([.. missing.Select(child => (JsonNode)new JsonObject
                {
                    ["ParentItemID"] = labCi,
                    ["ChildItemID"] = child,
                    ["RelationshipTypeID"] = LabCiSettings.LocatedInRelationshipTypeId,
                })]);
                var answer = await _tdx.BulkAddCiRelationshipsAsync(new JsonObject { ["LogToFeed"] = "false", ["Relationships"] = relationships }, cancellationToken);
                added += LabCiFields.Int(answer["AddedCount"]) ?? missing.Count;
                if ((answer["ErrorMessages"] as JsonArray) is { Count: > 0 } errors)
                {
                    failed += errors.Count;
                    context.Logger.LogError("lab {Lab}: {Errors}", labId, string.Join("; ", errors.Select(e => LabCiFields.Text(e))));
                }
            }
            catch (ConnectorException exception)
            {
                failed++;
                context.Logger.LogError("lab {Lab}: {Error}", labId, exception.Message);
            }
        }

        context.Counters.AddWritten(context.DryRun ? 0 : added);
        var summary = $"{labs.Count} lab CIs: {added} relationships {(context.DryRun ? "would be " : string.Empty)}added, {present} already present, {failed} failed";
        return failed > 0 ? throw new ConnectorException($"{failed} lab relationship(s) failed: {summary}") : new StepResult(summary);
    }
}
