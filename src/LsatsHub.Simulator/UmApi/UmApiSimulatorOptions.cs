namespace LsatsHub.Simulator.UmApi;

/// <summary>Knobs of the UMich API gateway simulator (docs/sources.md, UMich API).</summary>
public sealed record UmApiSimulatorOptions
{
    /// <summary>Port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>UM_CATEGORY_ID the paths must carry.</summary>
    public string CategoryId { get; init; } = "bf";

    /// <summary>Access token lifetime (expires_in).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The gateway's page size cap for $count.</summary>
    public int MaxPageSize { get; init; } = 1000;

    /// <summary>Calls per window per client (the gateway's quota is undocumented: configurable).</summary>
    public int RateLimit { get; init; } = 600;

    /// <summary>The fixed window.</summary>
    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether limits are enforced.</summary>
    public bool RateLimitEnabled { get; init; } = true;

    /// <summary>Whether 429s carry X-RateLimit-Reset (unknown for the real gateway: test both).</summary>
    public bool SendResetHeader { get; init; } = true;
}
