namespace LsatsHub.Simulator.World;

/// <summary>An AD organizational unit.</summary>
public sealed record OrganizationalUnit(string Dn, string Name, Guid Guid, string Description, string? ManagedByDn, DateTimeOffset Created);
