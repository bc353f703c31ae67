namespace LsatsHub.Pipelines.Tests.Support;

/// <summary>One meta.ingestion_runs row as the tests read it.</summary>
public sealed record RunRow(
    string Status,
    DateTime StartedAt,
    DateTime? CompletedAt,
    int RecordsProcessed,
    int RecordsCreated,
    int RecordsUpdated,
    string? ErrorMessage,
    string Metadata);
