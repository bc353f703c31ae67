namespace LsatsHub.TicketQueue.Silver;

/// <summary>A lab a requestor is a member of.</summary>
public sealed record LabOfMember(int LabCiId, string LabId);
