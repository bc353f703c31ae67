namespace LsatsHub.Warehouse.Operations;

/// <summary>The verdict of one health check.</summary>
public enum HealthStatus
{
    /// <summary>Within its threshold.</summary>
    Ok,

    /// <summary>Older than its threshold, or never happened.</summary>
    Stale,

    /// <summary>The last attempt failed.</summary>
    Failed,
}
