using System.Net;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// Outer handler: waits for the route's rate-limit window before each call (holding a place among the calls in flight
/// until the answer is in, so concurrent callers share the window), and after a 429 waits for the reset
/// header (plus margin) and sends again, at most <see cref="TdxTuning.MaxRateLimitRetries"/> times; then the 429
/// goes to the caller, which fails. Waits use the injected clock and sit outside the per-attempt timeout.
/// </summary>
internal sealed class TdxRateLimitHandler(TdxRateLimitGate gate, TimeProvider clock, TdxTuning tuning, ILogger<TdxRateLimitHandler> logger)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var route = TdxRoute.Of(request);
        for (var rateLimited = 0; ; rateLimited++)
        {
            while (true)
            {
                var wait = gate.TryTake(route, out var answer);
                if (wait > TimeSpan.Zero)
                {
                    logger.LogInformation("TDX {Route}: rate-limit window used up, pausing {Seconds:0.#} s", route, wait.TotalSeconds);
                    await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
                }
                else if (answer is not null)
                {
                    await answer.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    break;
                }
            }

            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // The answer (seen by the traffic handler inside) now counts for the window instead of this call.
                gate.Release(route);
            }

            if (response.StatusCode != HttpStatusCode.TooManyRequests || rateLimited >= tuning.MaxRateLimitRetries)
            {
                return response;
            }

            var delay = gate.WaitAfterRateLimit(response, rateLimited + 1);
            logger.LogWarning("TDX {Route} answered 429 ({Count} of at most {Max}); waiting {Seconds:0.#} s", route, rateLimited + 1, tuning.MaxRateLimitRetries, delay.TotalSeconds);
            response.Dispose();
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
