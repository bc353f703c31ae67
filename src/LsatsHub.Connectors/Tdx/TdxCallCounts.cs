namespace LsatsHub.Connectors.Tdx;

/// <summary>HTTP requests sent to TDX and how many of them were answered 429, e.g. for a run's metadata.</summary>
/// <param name="ApiCalls">Requests sent (every attempt, logins included).</param>
/// <param name="RateLimited">Requests answered with 429.</param>
public sealed record TdxCallCounts(long ApiCalls, long RateLimited)
{
    /// <summary>The calls made between two snapshots.</summary>
    /// <param name="later">The later snapshot.</param>
    /// <param name="earlier">The earlier snapshot.</param>
    /// <returns>The difference.</returns>
    public static TdxCallCounts operator -(TdxCallCounts later, TdxCallCounts earlier)
    {
        ArgumentNullException.ThrowIfNull(later);
        ArgumentNullException.ThrowIfNull(earlier);
        return new TdxCallCounts(later.ApiCalls - earlier.ApiCalls, later.RateLimited - earlier.RateLimited);
    }

    /// <summary>The difference of two snapshots.</summary>
    /// <param name="earlier">The earlier snapshot.</param>
    /// <returns>The calls made since <paramref name="earlier"/>.</returns>
    public TdxCallCounts Subtract(TdxCallCounts earlier) => this - earlier;
}
