namespace LsatsHub.Compliance.Outreach;

/// <summary>Whom a third outreach copies on a ticket.</summary>
/// <param name="Contacts">UIDs to add as ticket contacts, chief administrators first, each once.</param>
/// <param name="Emails">Their email addresses, each once (case-insensitive), in the same order.</param>
/// <param name="Assets">Assets linked to the ticket.</param>
/// <param name="Notes">What could not be resolved, for the log (department not in the sheet, CA not in TDX, ...).</param>
public sealed record Escalation(IReadOnlyList<string> Contacts, IReadOnlyList<string> Emails, int Assets, IReadOnlyList<string> Notes)
{
    /// <summary>Nobody to copy (a ticket without assets).</summary>
    public static Escalation None { get; } = new([], [], 0, []);
}
