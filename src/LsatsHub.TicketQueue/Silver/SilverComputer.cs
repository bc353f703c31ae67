namespace LsatsHub.TicketQueue.Silver;

/// <summary>A computer of <c>silver.computers</c> with its TDX asset.</summary>
public sealed record SilverComputer(int AssetId, string Name, string? SerialNumber, string? Tag);
