namespace LsatsHub.Simulator.Tdx;

/// <summary>Knobs of the TDX simulator (defaults follow docs/sources.md, TeamDynamix).</summary>
public sealed record TdxSimulatorOptions
{
    /// <summary>Port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>JWT lifetime (TDX: 24 h); tests shorten it to force expiry.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Calls per window for most methods (per client IP).</summary>
    public int RateLimit { get; init; } = 60;

    /// <summary>Calls per window for POST tickets.</summary>
    public int TicketCreateRateLimit { get; init; } = 30;

    /// <summary>Calls per window for GET reports/{id} (per user).</summary>
    public int ReportRateLimit { get; init; } = 30;

    /// <summary>The fixed window.</summary>
    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether limits are enforced at all (the demo turns them off to run fast).</summary>
    public bool RateLimitEnabled { get; init; } = true;

    /// <summary>Whether responses carry X-RateLimit-Reset (clients must cope without it).</summary>
    public bool SendResetHeader { get; init; } = true;

    /// <summary>TicketSearch result cap when MaxResults is not given.</summary>
    public int TicketSearchCap { get; init; } = 300;
}
