using System.Globalization;
using System.Net;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// Paces calls per route from the <c>X-RateLimit-*</c> headers TDX sends on every answer: when a fixed window's calls
/// are used up, the next call waits for the window's reset (plus a margin) instead of provoking a 429. Also computes
/// the wait after a 429. Shared by every TDX client of the process (the limit is per IP).
/// </summary>
internal sealed class TdxRateLimitGate(TimeProvider clock, TdxTuning tuning)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Takes one call of the route's window, or says how long to wait before asking again.</summary>
    public TimeSpan TryTake(string route)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (!_windows.TryGetValue(route, out var window))
            {
                return TimeSpan.Zero;
            }

            if (window.ResetAt is not { } reset || now >= reset + tuning.RateLimitMargin)
            {
                // Unknown or finished window: the next answer tells us about the new one.
                _windows.Remove(route);
                return TimeSpan.Zero;
            }

            if (window.Remaining > 0)
            {
                window.Remaining--;
                return TimeSpan.Zero;
            }

            return Min(reset + tuning.RateLimitMargin - now, tuning.MaxRateLimitWait);
        }
    }

    /// <summary>Records what an answer says about its route's window.</summary>
    public void Observe(string route, HttpResponseMessage response)
    {
        var remaining = Header(response, "X-RateLimit-Remaining") is { } text
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (int?)null;
        var reset = ResetOf(response);
        if (remaining is null && reset is null && response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return;
        }

        lock (_gate)
        {
            var window = _windows.TryGetValue(route, out var known) ? known : _windows[route] = new Window();
            window.Remaining = response.StatusCode == HttpStatusCode.TooManyRequests ? 0 : remaining ?? window.Remaining;
            window.ResetAt = reset ?? window.ResetAt;
        }
    }

    /// <summary>How long to wait after the <paramref name="attempt"/>-th 429 (1-based) before sending again.</summary>
    public TimeSpan WaitAfterRateLimit(HttpResponseMessage response, int attempt)
    {
        if (ResetOf(response) is { } reset)
        {
            var untilReset = reset + tuning.RateLimitMargin - clock.GetUtcNow();
            return Min(untilReset > tuning.RateLimitMargin ? untilReset : tuning.RateLimitMargin, tuning.MaxRateLimitWait);
        }

        var backoff = tuning.RateLimitFallbackWait * Math.Pow(2, Math.Min(attempt - 1, 10));
        return Min(backoff, tuning.MaxRateLimitWait);
    }

    private static DateTimeOffset? ResetOf(HttpResponseMessage response) =>
        Header(response, "X-RateLimit-Reset") is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var reset)
            ? reset
            : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class Window
    {
        public int Remaining { get; set; }

        public DateTimeOffset? ResetAt { get; set; }
    }
}
