namespace LsatsHub.Connectors.Tdx;

/// <summary>Counts every request sent to TDX and every 429, for the whole process (thread-safe).</summary>
public sealed class TdxTrafficCounter
{
    private long _calls;
    private long _rateLimited;

    /// <summary>The counts so far; subtract an earlier snapshot to get one step's share.</summary>
    /// <returns>The snapshot.</returns>
    public TdxCallCounts Snapshot() => new(Interlocked.Read(ref _calls), Interlocked.Read(ref _rateLimited));

    internal void CountCall() => Interlocked.Increment(ref _calls);

    internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);
}
