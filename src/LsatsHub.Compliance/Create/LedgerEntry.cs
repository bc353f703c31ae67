namespace LsatsHub.Compliance.Create;

/// <summary>One owner's row of <c>meta.compliance_tickets</c>.</summary>
/// <param name="OwnerEmail">The owner's e-mail (trimmed, lower case).</param>
/// <param name="Title">The title the ticket was (to be) created with.</param>
/// <param name="RequestorUid">The requestor it was (to be) created for.</param>
/// <param name="TicketId">The ticket, or null when claimed and not recorded (a crash: look in TDX).</param>
/// <param name="Completed">True when its assets were attached and Ticket cells written.</param>
/// <param name="ClaimedAt">When it was claimed (UTC): a stale claim is taken over only by the run that read this value.</param>
public sealed record LedgerEntry(string OwnerEmail, string Title, string RequestorUid, int? TicketId, bool Completed, DateTime ClaimedAt);
