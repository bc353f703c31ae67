using LsatsHub.Connectors.Tdx;
using System.Text.Json.Nodes;
using LsatsHub.Connectors;
using LsatsHub.TicketQueue.Tdx;
using Microsoft.Extensions.Logging;

namespace LsatsHub.TicketQueue.Actions;

/// <summary>
/// <c>add_lab</c>: links the ticket to one lab CI, the lab of a computer on the ticket (silver lab-computer associations)
/// or else a lab the requestor is a member of (silver lab members), unless it already has a lab (docs/ticket-queue.md).
/// </summary>
public sealed class AddLabAction : TicketAction
{
    /// <summary>The type.</summary>
    public const string TypeName = "add_lab";

    /// <summary>The lab CI form the original checks for an existing lab (production lab CIs use 3918: a known quirk, kept for the hash).</summary>
    public const int LabFormId = 3830;

    /// <summary>The production configuration.</summary>
    public static ActionConfig Defaults { get; } = ActionConfig.Of(
        ("add_summary_comment", true), ("skip_if_lab_exists", true), ("lab_selection_strategy", "asset_first"), ("has_database", true));

    /// <summary>Creates the action.</summary>
    /// <param name="config">Its configuration.</param>
    /// <param name="version">Its version.</param>
    public AddLabAction(ActionConfig config, string version = "v2")
        : base(TypeName, config, version)
    {
        if (Config.String("lab_selection_strategy") is not ("asset_first" or "most_common"))
        {
            throw new FormatException($"{ActionConfig.VariableName(TypeName, "lab_selection_strategy")} must be asset_first or most_common, not '{Config.String("lab_selection_strategy")}'.");
        }
    }

    /// <inheritdoc />
    public override async Task<ActionOutcome> ExecuteAsync(TicketContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ticket = await context.Tdx.TicketAsync(context.TicketId, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return ActionOutcome.Failed($"Ticket {context.TicketId} not found");
        }

        var cis = (await context.Tdx.TicketAssetsAsync(context.TicketId, cancellationToken).ConfigureAwait(false)).OfType<JsonObject>().ToList();
        if (Config.Bool("skip_if_lab_exists") && cis.Any(ci => TdxFields.Int(ci, "FormID") == LabFormId))
        {
            return ActionOutcome.Done("the ticket already has a lab");
        }

        int? labCiId = null;
        string? labId = null;
        string? reason = null;
        var ciIds = cis.Select(ci => TdxFields.Int(ci, "ID")).OfType<int>().ToArray();
        if (ciIds.Length > 0)
        {
            var labs = await context.Silver.LabsOfComputersAsync(ciIds, cancellationToken).ConfigureAwait(false);
            if (labs.Count > 0)
            {
                var chosen = Config.String("lab_selection_strategy") == "most_common"
                    ? labs.GroupBy(lab => lab.LabCiId).OrderByDescending(group => group.Count()).ThenBy(group => group.Key).First().First()
                    : labs[0];
                labCiId = chosen.LabCiId;
                labId = chosen.LabId;
                var names = labs.Where(lab => lab.LabCiId == chosen.LabCiId).Select(lab => lab.ComputerName).Distinct(StringComparer.Ordinal).ToList();
                reason = $"Ticket contains lab computer(s) ({string.Join(", ", names.Take(2))}{(names.Count > 2 ? $" (+{names.Count - 2} more)" : string.Empty)})";
            }
        }

        if (labCiId is null && Guid.TryParse(TdxFields.String(ticket, "RequestorUid"), out var uid) && uid != Guid.Empty)
        {
            var memberships = await context.Silver.LabsOfRequestorAsync(uid, cancellationToken).ConfigureAwait(false);
            if (memberships.Count > 0)
            {
                labCiId = memberships[0].LabCiId;
                labId = memberships[0].LabId;
                var email = TdxFields.String(ticket, "RequestorEmail");
                var who = string.IsNullOrEmpty(email) ? "requestor" : email.Split('@')[0];
                reason = $"Requestor ({who}) is a lab member";
            }
        }

        if (labCiId is not { } ci)
        {
            return ActionOutcome.Done("no lab found");
        }

        var names2 = await context.Silver.LabNamesAsync([ci], cancellationToken).ConfigureAwait(false);
        var labName = names2.GetValueOrDefault(ci) ?? labId!;
        try
        {
            await context.Tdx.AddCiAsync(context.TicketId, ci, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException exception)
        {
            context.Logger.LogWarning("ticket {Ticket}: adding lab CI {Ci} failed: {Error}", context.TicketId, ci, exception.Message);
            return ActionOutcome.Failed($"adding lab {labId} (CI {ci}) failed, will retry next run: {exception.Message}");
        }

        var summary = $"Added lab: {labName} ({labId!.ToUpperInvariant()}). Reason: {reason}";
        return ActionOutcome.Done($"added lab {labId} (CI {ci})", Config.Bool("add_summary_comment") ? summary : null, new JsonObject { ["lab_ci_id"] = ci, ["lab_id"] = labId });
    }
}
