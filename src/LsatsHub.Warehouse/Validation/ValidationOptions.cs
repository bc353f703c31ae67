namespace LsatsHub.Warehouse.Validation;

/// <summary>What <c>lsats-run db validate</c> needs from configuration.</summary>
/// <param name="ReadonlyRole">The read-only role whose read access and lack of write access are checked.</param>
public sealed record ValidationOptions(string ReadonlyRole);
