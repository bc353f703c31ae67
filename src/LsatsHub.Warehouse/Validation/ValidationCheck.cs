namespace LsatsHub.Warehouse.Validation;

/// <summary>One check of <c>lsats-run db validate</c>.</summary>
/// <param name="Name">What was checked.</param>
/// <param name="Passed">Whether it held.</param>
/// <param name="Detail">What was found; on failure, names the culprits.</param>
public sealed record ValidationCheck(string Name, bool Passed, string Detail);
