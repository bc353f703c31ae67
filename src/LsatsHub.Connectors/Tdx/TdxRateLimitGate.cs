using System.Globalization;
using System.Net;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// Paces calls per route from the <c>X-RateLimit-*</c> headers TDX sends on every answer: when a fixed window's calls
/// are used up, the next call waits for the window's reset (plus a margin) instead of provoking a 429. Also computes
/// the wait after a 429. Shared by every TDX client of the process (the limit is per IP).
/// </summary>
/// <remarks>
/// Safe with concurrent callers: a call may go only while the window's calls left (the smallest
/// <c>X-RateLimit-Remaining</c> answered in it: answers arrive out of order) exceed the calls in flight, which the
/// server may not have counted yet. A call in flight that the server already counted is subtracted twice, so the
/// gate errs on the side of waiting. When a window with a known <c>X-RateLimit-Limit</c> is over, the next one is
/// assumed fresh (the limit, less the calls in flight) until its first answer; an answer about a finished window is
/// ignored. Until a route's first answer, one call at a time goes (nothing is known of its limit yet).
/// </remarks>
internal sealed class TdxRateLimitGate(TimeProvider clock, TdxTuning tuning)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RouteState> _routes = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes one call of the route's window (<see cref="TimeSpan.Zero"/> and no <paramref name="answer"/>: send it now,
    /// then <see cref="Release"/> when its answer is in), or says what to wait for before asking again: a time (the
    /// window's reset), or <paramref name="answer"/>, the next answer to a call in flight on the route (milliseconds
    /// away; not a clock wait, since it depends on the server, not on time).
    /// </summary>
    public TimeSpan TryTake(string route, out Task? answer)
    {
        answer = null;
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var state = State(route);
            if (state.Window is { } window)
            {
                if (window.ResetAt is { } reset && now >= reset + tuning.RateLimitMargin)
                {
                    // The window is over; the next one starts with the next call the server counts.
                    state.Window = state.Limit is { } limit ? new Window { Remaining = limit, AssumedFresh = true } : null;
                }
                else if (window.ResetAt is null && !window.AssumedFresh)
                {
                    // No reset header: nothing to time a wait by; a 429 is waited out by the handler.
                    state.Window = null;
                }
            }

            if (!state.Answered && state.InFlight > 0)
            {
                // Nothing is known of the route yet: its first answer (limit, calls left) comes before a second call.
                answer = state.NextAnswer.Task;
                return TimeSpan.Zero;
            }

            if (state.Window is { } current && current.Remaining - state.InFlight <= 0)
            {
                if ((current.Remaining > 0 || current.ResetAt is null) && state.InFlight > 0)
                {
                    // What is left is held by calls in flight: their answers say whether any remains.
                    answer = state.NextAnswer.Task;
                    return TimeSpan.Zero;
                }

                var untilReset = current.ResetAt is { } reset ? reset + tuning.RateLimitMargin - now : tuning.RateLimitMargin;
                return Max(Min(untilReset, tuning.MaxRateLimitWait), TimeSpan.FromMilliseconds(1));
            }

            state.InFlight++;
            return TimeSpan.Zero;
        }
    }

    /// <summary>Gives back a call taken by <see cref="TryTake"/> once its answer (or failure) is in.</summary>
    public void Release(string route)
    {
        lock (_gate)
        {
            var state = State(route);
            state.InFlight = Math.Max(0, state.InFlight - 1);
            var answered = state.NextAnswer;
            state.NextAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            answered.TrySetResult();
        }
    }

    /// <summary>Records what an answer says about its route's window.</summary>
    public void Observe(string route, HttpResponseMessage response)
    {
        var remaining = Number(response, "X-RateLimit-Remaining");
        var limit = Number(response, "X-RateLimit-Limit");
        var reset = ResetOf(response);
        var rateLimited = response.StatusCode == HttpStatusCode.TooManyRequests;
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var state = State(route);
            state.Answered = true;
            if (remaining is null && reset is null && !rateLimited)
            {
                return; // a server without limits (or headers): nothing paces the route
            }

            state.Limit = limit ?? state.Limit;
            var left = rateLimited ? 0 : remaining;
            if (reset is not { } answeredReset)
            {
                // As before: a window without a reset time is forgotten at the next call.
                state.Window = new Window { Remaining = left ?? 0 };
                return;
            }

            if (answeredReset + tuning.RateLimitMargin <= now)
            {
                return; // a late answer about a window that is already over
            }

            var window = state.Window;
            if (window?.ResetAt is not { } knownReset || answeredReset > knownReset)
            {
                // The first answer of a (newer) window.
                state.Window = new Window { Remaining = left ?? window?.Remaining ?? 0, ResetAt = answeredReset };
            }
            else if (answeredReset == knownReset && left is { } value)
            {
                // The same window: the smallest count is the latest the server made.
                window.Remaining = Math.Min(window.Remaining, value);
            }
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

    private RouteState State(string route)
    {
        if (!_routes.TryGetValue(route, out var state))
        {
            state = new RouteState();
            _routes[route] = state;
        }

        return state;
    }

    private static int? Number(HttpResponseMessage response, string name) =>
        Header(response, name) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTimeOffset? ResetOf(HttpResponseMessage response) =>
        Header(response, "X-RateLimit-Reset") is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var reset)
            ? reset
            : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class RouteState
    {
        /// <summary>Calls taken and not yet answered.</summary>
        public int InFlight { get; set; }

        /// <summary>Completes when the next call in flight is answered (or fails).</summary>
        public TaskCompletionSource NextAnswer { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Whether any answer came back on the route (until then, one call at a time).</summary>
        public bool Answered { get; set; }

        /// <summary>The route's calls per window (<c>X-RateLimit-Limit</c>), once seen.</summary>
        public int? Limit { get; set; }

        /// <summary>The current window, or null when nothing paces the route.</summary>
        public Window? Window { get; set; }
    }

    private sealed class Window
    {
        /// <summary>The calls the server had left at its latest answer in this window.</summary>
        public int Remaining { get; set; }

        /// <summary>When the window ends; null for an assumed fresh window not yet answered in.</summary>
        public DateTimeOffset? ResetAt { get; init; }

        /// <summary>True for a window assumed fresh after a known one ended (no answer in it yet).</summary>
        public bool AssumedFresh { get; init; }
    }
}
