namespace LsatsHub.Warehouse.Schema;

/// <summary>A SQL file that was applied and committed.</summary>
/// <param name="RelativePath">The file, relative to the sql folder.</param>
/// <param name="StatementCount">How many statements it ran.</param>
public sealed record AppliedSqlFile(string RelativePath, int StatementCount);
