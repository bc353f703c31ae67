using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Connectors.UmApi;

/// <summary>
/// Sends one logical request until it gets a final answer: a 429 is waited out until <c>X-RateLimit-Reset</c> (or
/// <c>Retry-After</c>) plus a margin, a 5xx, dropped connection, timeout or cut-off 2xx body is retried with jittered
/// exponential backoff, both bounded; waiting uses the injected clock. Anything else is handed back to the caller.
/// </summary>
internal sealed class UmApiTransport(HttpClient http, UmApiOptions options, TimeProvider clock, ILogger logger, UmApiStatistics statistics)
{
    private const int ErrorTextLength = 300;

    public async Task<UmApiResponse> SendAsync(Func<HttpRequestMessage> createRequest, string description, bool isTokenRequest, CancellationToken cancellationToken)
    {
        var rateLimitWaits = 0;
        var transientFailures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? transientReason;
            using (var request = createRequest())
            {
                if (isTokenRequest)
                {
                    statistics.CountTokenRequest();
                }
                else
                {
                    statistics.CountCall();
                }

                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        statistics.CountRateLimited();
                        if (++rateLimitWaits > options.MaxRateLimitWaits)
                        {
                            throw new ConnectorException(
                                $"UMich API {description} was still rate limited (429) after {options.MaxRateLimitWaits} waits; giving up.");
                        }

                        var wait = RateLimitWait(response, rateLimitWaits);
                        logger.LogWarning("UMich API {Request} answered 429; waiting {Seconds:0.0} s before retrying", description, wait.TotalSeconds);
                        await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
                    {
                        transientReason = $"HTTP {status} {response.ReasonPhrase}";
                    }
                    else if (status is >= 200 and < 300)
                    {
                        var json = TryParse(body);
                        if (json is not null)
                        {
                            return new UmApiResponse(status, json, string.Empty);
                        }

                        transientReason = body.Length == 0 ? $"HTTP {status} with an empty body" : $"HTTP {status} with a body that is not complete JSON";
                    }
                    else
                    {
                        return new UmApiResponse(status, null, body.Length > ErrorTextLength ? body[..ErrorTextLength] + "…" : body);
                    }
                }
                catch (HttpRequestException exception)
                {
                    transientReason = "connection failed: " + exception.Message;
                }
                catch (IOException exception)
                {
                    transientReason = "connection failed: " + exception.Message;
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    transientReason = $"no answer within {http.Timeout.TotalSeconds:0} s";
                }
            }

            statistics.CountTransientFailure();
            if (++transientFailures > options.MaxTransientRetries)
            {
                throw new ConnectorException(
                    $"UMich API {description} failed after {transientFailures} attempts; last failure: {transientReason}.");
            }

            var backoff = Backoff(transientFailures);
            logger.LogWarning(
                "UMich API {Request}: {Reason}; retry {Retry} of {Max} in {Seconds:0.0} s",
                description,
                transientReason,
                transientFailures,
                options.MaxTransientRetries,
                backoff.TotalSeconds);
            await Task.Delay(backoff, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private static JsonNode? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Full jitter over the upper half: base·2^(n−1), capped, times a random factor in [0.5, 1).</summary>
    private TimeSpan Backoff(int failure)
    {
        var exponential = options.BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(failure - 1, 20));
        var capped = Math.Min(exponential, options.BackoffCap.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter spreads retries; it is not security relevant.
        var factor = 0.5 + (Random.Shared.NextDouble() * 0.5);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(capped * factor);
    }

    /// <summary>Until the reset the server announced, plus the margin; the margin alone (growing) if it announced none.</summary>
    private TimeSpan RateLimitWait(HttpResponseMessage response, int waits)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? reset = null;
        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values) && values.FirstOrDefault() is { } text)
        {
            reset = ParseReset(text.Trim());
        }

        if (reset is null && response.Headers.RetryAfter is { } retryAfter)
        {
            reset = retryAfter.Date ?? (retryAfter.Delta is { } delta ? now + delta : null);
        }

        var wait = reset is { } until && until > now
            ? until - now + options.RateLimitMargin
            : options.RateLimitMargin * Math.Min(waits, 6);
        return wait > options.MaxRateLimitWait ? options.MaxRateLimitWait : wait;
    }

    /// <summary>The gateway sends an RFC 1123 date; epoch seconds are accepted too, as other gateways send them.</summary>
    private static DateTimeOffset? ParseReset(string text)
    {
        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 1_000_000_000)
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date) ? date : null;
    }
}
