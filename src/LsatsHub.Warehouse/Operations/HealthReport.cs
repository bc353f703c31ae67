namespace LsatsHub.Warehouse.Operations;

/// <summary>Every health check of one <c>health</c> run.</summary>
/// <param name="CheckedAt">When the checks ran.</param>
/// <param name="Checks">The checks, ingestion first, then pipeline, then backup.</param>
public sealed record HealthReport(DateTimeOffset CheckedAt, IReadOnlyList<HealthCheck> Checks)
{
    /// <summary>True when no check is stale or failed.</summary>
    public bool Healthy => Checks.All(check => check.Status == HealthStatus.Ok);

    /// <summary>The checks that are not OK.</summary>
    public IEnumerable<HealthCheck> Problems => Checks.Where(check => check.Status != HealthStatus.Ok);
}
