namespace LsatsHub.Warehouse.Operations;

/// <summary>Thresholds for <see cref="HealthChecker"/>.</summary>
public sealed record HealthOptions
{
    /// <summary>How old the last completed ingestion of a source may be (default 36 h).</summary>
    public TimeSpan DefaultMaxAge { get; init; } = TimeSpan.FromHours(36);

    /// <summary>Per-source thresholds, keyed by <see cref="SourceKey"/> of the source (weekly sources need about 8 days).</summary>
    public IReadOnlyDictionary<string, TimeSpan> MaxAgeBySource { get; init; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>The backup folder whose newest <c>lsats_db_*.dump</c> is checked; null skips the backup check.</summary>
    public string? BackupDirectory { get; init; }

    /// <summary>How old the newest daily backup may be (default 26 h: a daily timer plus slack).</summary>
    public TimeSpan BackupMaxAge { get; init; } = TimeSpan.FromHours(26);

    /// <summary>Whether the ticket-queue daemon is checked (its last poll and its failed actions); off with <c>health --no-daemon-check</c>.</summary>
    public bool CheckDaemon { get; init; } = true;

    /// <summary>
    /// How old the daemon's last poll may be (<c>LSATS_HEALTH_DAEMON_MAX_AGE</c>, default 30 min: six polls at the default
    /// interval). Checked once the daemon has polled at all, or always when <see cref="DaemonRequired"/>.
    /// </summary>
    public TimeSpan DaemonMaxAge { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>True when a daemon that never polled is stale too (set when <c>LSATS_HEALTH_DAEMON_MAX_AGE</c> is given).</summary>
    public bool DaemonRequired { get; init; }

    /// <summary>The key a source's threshold is configured under: upper case, other characters as <c>_</c> (<c>umich-api</c> → <c>UMICH_API</c>).</summary>
    /// <param name="sourceSystem">The <c>source_system</c> value.</param>
    /// <returns>The key.</returns>
    public static string SourceKey(string sourceSystem)
    {
        ArgumentNullException.ThrowIfNull(sourceSystem);
        return new string(sourceSystem.Select(character => char.IsAsciiLetterOrDigit(character) ? char.ToUpperInvariant(character) : '_').ToArray());
    }

    /// <summary>The threshold for one source.</summary>
    /// <param name="sourceSystem">The <c>source_system</c> value.</param>
    /// <returns>Its own threshold, else the default.</returns>
    public TimeSpan MaxAgeFor(string sourceSystem) =>
        MaxAgeBySource.TryGetValue(SourceKey(sourceSystem), out var own) ? own : DefaultMaxAge;
}
