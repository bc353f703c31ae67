using LsatsHub.Connectors.Http;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// How patient the TDX connector is. The rate-limit waits are not configuration of a deployment (tests shorten them;
/// the defaults follow docs/sources.md, TeamDynamix rate limits: 60 calls per 60 s window, reset header to the second);
/// <see cref="Retry"/> is the shared HTTP retry budget, read from LSATS_HTTP_* when the connector is registered without
/// explicit tuning.
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

    /// <summary>Retries, backoff and per-attempt timeout of a call that meets a 5xx, 408, timeout or connection failure.</summary>
    public HttpRetryBudget Retry { get; init; } = new();

    /// <summary>A cached token is replaced this long before its <c>exp</c> claim.</summary>
    public TimeSpan TokenRefreshSkew { get; init; } = TimeSpan.FromMinutes(5);
}
