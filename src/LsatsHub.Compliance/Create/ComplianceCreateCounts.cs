using System.Globalization;
using System.Text;

namespace LsatsHub.Compliance.Create;

/// <summary>What a <c>compliance create</c> run did; printed at the end and stored in <c>meta.compliance_runs</c>.</summary>
public sealed class ComplianceCreateCounts
{
    /// <summary>Data rows of the month tab.</summary>
    public int RowsRead { get; set; }

    /// <summary>Rows to act on.</summary>
    public int RowsPending { get; set; }

    /// <summary>Skip reason → rows.</summary>
    public Dictionary<string, int> RowsSkipped { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Distinct owner e-mails among the pending rows.</summary>
    public int Owners { get; set; }

    /// <summary>Owners dropped because TDX has no user for the e-mail (no UID: nothing is sent).</summary>
    public int OwnersWithoutUser { get; set; }

    /// <summary>Owners dropped because their Owning Dept is not a TDX account.</summary>
    public int OwnersWithoutAccount { get; set; }

    /// <summary>Tickets created by this run.</summary>
    public int TicketsCreated { get; set; }

    /// <summary>Tickets a dry run would create.</summary>
    public int TicketsWouldCreate { get; set; }

    /// <summary>Tickets found in TDX for a claim an interrupted run left without a ticket id.</summary>
    public int TicketsFound { get; set; }

    /// <summary>Owners whose ticket an earlier run recorded (new rows of theirs join it).</summary>
    public int TicketsReused { get; set; }

    /// <summary>Assets linked to tickets (or, in a dry run, that would be).</summary>
    public int AssetsAttached { get; set; }

    /// <summary>Rows whose computer TDX has no asset for (exact name).</summary>
    public int AssetsNotFound { get; set; }

    /// <summary>Ticket cells written (or, in a dry run, that would be).</summary>
    public int CellsWritten { get; set; }

    /// <summary>Calls to TDX or the sheet that failed (logged; that owner or row is retried by the next run).</summary>
    public int Failures { get; set; }

    /// <summary>Whether requestors were notified.</summary>
    public bool Notify { get; set; }

    /// <summary>True for a dry run.</summary>
    public bool DryRun { get; set; }

    /// <summary>Problems that dropped an owner (data) plus failed calls.</summary>
    public int Errors => OwnersWithoutUser + OwnersWithoutAccount + Failures;

    /// <summary>One line for people.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"{RowsRead} rows: {RowsPending} pending");
        foreach (var (reason, count) in RowsSkipped.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            text.Append(invariant, $", {count} skipped ({reason})");
        }

        text.Append(invariant, $"; {Owners} owner{(Owners == 1 ? string.Empty : "s")}: ");
        text.Append(invariant, $"{(DryRun ? TicketsWouldCreate : TicketsCreated)} tickets {(DryRun ? "would be created" : "created")}");
        text.Append(invariant, $", {TicketsFound} found in TDX after an interrupted run, {TicketsReused} already recorded, ");
        text.Append(invariant, $"{OwnersWithoutUser} without a TDX user, {OwnersWithoutAccount} without a TDX account; ");
        text.Append(invariant, $"{AssetsAttached} assets {(DryRun ? "to attach" : "attached")}, {AssetsNotFound} not in TDX; ");
        text.Append(invariant, $"{CellsWritten} Ticket cells {(DryRun ? "to write" : "written")}; {Failures} failed calls; notifications {(Notify ? "on" : "off")}");
        return text.ToString();
    }
}
