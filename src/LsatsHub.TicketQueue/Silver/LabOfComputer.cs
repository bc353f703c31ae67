namespace LsatsHub.TicketQueue.Silver;

/// <summary>A lab a ticket's computer CI belongs to.</summary>
public sealed record LabOfComputer(int LabCiId, string LabId, int ComputerCiId, string ComputerName);
