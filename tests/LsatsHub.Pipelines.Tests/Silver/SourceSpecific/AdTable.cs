namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>One silver AD table as the tests read it: its name, its key column and the columns compared with the truth.</summary>
public sealed record AdTable(string Name, string KeyColumn, IReadOnlyList<string> Columns);
