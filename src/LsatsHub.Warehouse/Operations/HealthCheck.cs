namespace LsatsHub.Warehouse.Operations;

/// <summary>One line of the health report.</summary>
/// <param name="Area"><c>ingestion</c>, <c>pipeline</c> or <c>backup</c>.</param>
/// <param name="Subject">What was checked, e.g. <c>tdx/user</c>.</param>
/// <param name="Status">The verdict.</param>
/// <param name="LastAt">When it last succeeded, if ever.</param>
/// <param name="Age">How long ago that was, if ever.</param>
/// <param name="Threshold">The allowed age, when the check has one.</param>
/// <param name="Detail">Why the verdict, for people.</param>
public sealed record HealthCheck(string Area, string Subject, HealthStatus Status, DateTimeOffset? LastAt, TimeSpan? Age, TimeSpan? Threshold, string Detail);
