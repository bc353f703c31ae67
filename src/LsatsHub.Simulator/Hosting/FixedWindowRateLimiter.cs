namespace LsatsHub.Simulator.Hosting;

/// <summary>TDX-style limits: per (route, key) a fixed window that starts at the first call (docs/sources.md, TeamDynamix rate limits).</summary>
public sealed class FixedWindowRateLimiter(TimeProvider time, TimeSpan window)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Route, string Key), (DateTimeOffset Start, int Count)> _windows = [];

    /// <summary>Counts one call and says whether it is allowed.</summary>
    public RateLimitDecision Acquire(string route, string key, int limit)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_windows.TryGetValue((route, key), out var state) || now >= state.Start + window)
            {
                state = (now, 0);
            }

            var allowed = state.Count < limit;
            if (allowed)
            {
                state.Count++;
            }

            _windows[(route, key)] = state;
            return new RateLimitDecision(allowed, limit, Math.Max(0, limit - state.Count), state.Start + window);
        }
    }

    /// <summary>Forgets every window.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _windows.Clear();
        }
    }
}
