namespace LsatsHub.Compliance.Outreach;

/// <summary>What <c>meta.compliance_outreach</c> knows about one ticket for one kind and tenant.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="LastSent">When this kind was last sent to it; null: never.</param>
/// <param name="OpenClaim">A claim a run made and never completed (it crashed, or its post failed); null: none.</param>
/// <param name="KnownFeedIds">Feed entries already accounted for by a recorded send of any kind.</param>
public sealed record OutreachState(int TicketId, DateTimeOffset? LastSent, OutreachClaim? OpenClaim, IReadOnlySet<int> KnownFeedIds)
{
    /// <summary>A ticket the log knows nothing about.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <returns>The empty state.</returns>
    public static OutreachState Empty(int ticketId) => new(ticketId, null, null, new HashSet<int>());
}
