namespace LsatsHub.Simulator.World;

/// <summary>When a machine was last used and inventoried (KeyConfigure's session and audit times, TDX's Last Inventoried Date).</summary>
/// <param name="LastSession">KeyConfigure Last Session of the primary NIC.</param>
/// <param name="LastInventoried">TDX Last Inventoried Date.</param>
public sealed record ComputerUse(DateTimeOffset LastSession, DateTimeOffset LastInventoried);
