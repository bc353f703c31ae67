namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// How patient the TDX connector is. Not configuration of a deployment (no variables); tests shorten it and the
/// defaults follow docs/sources.md, TeamDynamix rate limits (60 calls per 60 s window, reset header to the second).
/// </summary>
public sealed record TdxTuning
{
    /// <summary>Added to <c>X-RateLimit-Reset</c> before sending again: the header is truncated to the second.</summary>
    public TimeSpan RateLimitMargin { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Wait after a 429 without a reset header; doubled per further 429, capped at <see cref="MaxRateLimitWait"/>.</summary>
    public TimeSpan RateLimitFallbackWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest single wait for a rate-limit window.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How many 429 answers one call accepts (each followed by a wait) before it fails.</summary>
    public int MaxRateLimitRetries { get; init; } = 8;

    /// <summary>Retries of a call after a 5xx, 408, timeout or connection failure.</summary>
    public int MaxTransientRetries { get; init; } = 4;

    /// <summary>First backoff delay for transient failures (exponential, jittered).</summary>
    public TimeSpan TransientRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take (TDX's own code set none; a hung socket must not block a run forever).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>A cached token is replaced this long before its <c>exp</c> claim.</summary>
    public TimeSpan TokenRefreshSkew { get; init; } = TimeSpan.FromMinutes(5);
}
