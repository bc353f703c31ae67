namespace LsatsHub.Compliance.Outreach;

/// <summary>The counts of one second or third outreach run.</summary>
public sealed class OutreachSummary
{
    /// <summary>Distinct tickets in the report.</summary>
    public int Tickets { get; set; }

    /// <summary>Comments posted.</summary>
    public int Sent { get; set; }

    /// <summary>Comments a dry run would have posted.</summary>
    public int WouldSend { get; set; }

    /// <summary>Tickets no longer awaiting input for Unified List Management (or gone from TDX).</summary>
    public int NotAwaiting { get; set; }

    /// <summary>Tickets that got this outreach less than the minimum interval ago.</summary>
    public int Recent { get; set; }

    /// <summary>Tickets whose description has no table (third) or is empty (second).</summary>
    public int NoContent { get; set; }

    /// <summary>Tickets another run holds a claim on.</summary>
    public int ClaimedElsewhere { get; set; }

    /// <summary>Open claims found posted in the ticket feed and recorded as sent (a crash after posting).</summary>
    public int Recovered { get; set; }

    /// <summary>Open claims whose comment never reached TDX, dropped and sent anew.</summary>
    public int DroppedClaims { get; set; }

    /// <summary>Third outreach: tickets escalated without assets (so without CA or FO).</summary>
    public int WithoutAssets { get; set; }

    /// <summary>Third outreach: ticket contacts added.</summary>
    public int ContactsAdded { get; set; }

    /// <summary>Tickets whose reads or writes failed.</summary>
    public int Failed { get; set; }

    /// <summary>One line for people.</summary>
    /// <param name="kind">The outreach.</param>
    /// <param name="dryRun">True for a dry run.</param>
    /// <returns>The line.</returns>
    public string Describe(string kind, bool dryRun)
    {
        var sent = dryRun ? FormattableString.Invariant($"{WouldSend} would be sent") : FormattableString.Invariant($"{Sent} sent");
        var content = kind == "third" ? "a table" : "a description";
        var line = FormattableString.Invariant(
            $"compliance {kind}: {Tickets} tickets in the report: {sent}, {Recent} sent within the interval, {NotAwaiting} not awaiting input, {NoContent} without {content}, ")
            + FormattableString.Invariant($"{ClaimedElsewhere} claimed by another run, {Failed} failed; {Recovered} recovered after a crash, {DroppedClaims} unsent claims dropped");
        return kind == "third" ? line + FormattableString.Invariant($"; {WithoutAssets} without assets, {ContactsAdded} contacts added") : line;
    }
}
