using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LsatsHub.Connectors.UmApi;

/// <summary>
/// Sends one logical request through one resilience pipeline until it gets a final answer: outside, a 429 is waited
/// out until <c>X-RateLimit-Reset</c> (or <c>Retry-After</c>) plus a margin, at most
/// <see cref="UmApiOptions.MaxRateLimitWaits"/> times; inside, the shared <see cref="Http.HttpRetryBudget"/> retries a
/// 5xx, dropped connection, timed-out attempt or cut-off 2xx body. Waits use the injected clock. A request that
/// exhausts either bound throws <see cref="ConnectorException"/>; any other answer is handed back to the caller.
/// </summary>
internal sealed class UmApiTransport
{
    private const int ErrorTextLength = 300;

    private readonly HttpClient _http;
    private readonly UmApiOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly UmApiStatistics _statistics;
    private readonly ResiliencePipeline<UmApiResponse> _pipeline;

    public UmApiTransport(HttpClient http, UmApiOptions options, TimeProvider clock, ILogger logger, UmApiStatistics statistics)
    {
        _http = http;
        _options = options;
        _clock = clock;
        _logger = logger;
        _statistics = statistics;
        var builder = new ResiliencePipelineBuilder<UmApiResponse> { TimeProvider = clock };
        builder.AddRetry(new RetryStrategyOptions<UmApiResponse>
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRateLimitWaits),
            ShouldHandle = arguments => ValueTask.FromResult(options.MaxRateLimitWaits > 0 && arguments.Outcome.Result is { IsRateLimited: true }),
            DelayGenerator = arguments => ValueTask.FromResult<TimeSpan?>(RateLimitWait(arguments.Outcome.Result!, arguments.AttemptNumber + 1)),
            OnRetry = arguments =>
            {
                _logger.LogWarning("UMich API answered 429; waiting {Seconds:0.0} s before retrying", arguments.RetryDelay.TotalSeconds);
                return ValueTask.CompletedTask;
            },
        });
        options.Retry.AddTo(builder, IsTransient, arguments =>
        {
            _statistics.CountTransientFailure();
            _logger.LogWarning(
                "UMich API: {Reason}; retry {Retry} of {Max} in {Seconds:0.0} s",
                Reason(arguments.Outcome),
                arguments.AttemptNumber + 1,
                options.Retry.MaxRetries,
                arguments.RetryDelay.TotalSeconds);
            return ValueTask.CompletedTask;
        });
        _pipeline = builder.Build();
    }

    public async Task<UmApiResponse> SendAsync(Func<HttpRequestMessage> createRequest, string description, bool isTokenRequest, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        Outcome<UmApiResponse> outcome;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                async (attemptContext, _) =>
                {
                    attempts++;
                    try
                    {
                        return Outcome.FromResult(await AttemptAsync(createRequest, isTokenRequest, attemptContext.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception exception) when (exception is HttpRequestException or IOException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                    {
                        return Outcome.FromException<UmApiResponse>(exception);
                    }
                },
                context,
                0).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (outcome.Result is { IsRateLimited: true })
        {
            throw new ConnectorException($"UMich API {description} was still rate limited (429) after {_options.MaxRateLimitWaits} waits; giving up.");
        }

        if (IsTransient(outcome))
        {
            _statistics.CountTransientFailure();
            if (outcome.Exception is TimeoutRejectedException or OperationCanceledException)
            {
                // Named by its URL and the budget's variables, so an operator knows which server hung and what to tune.
                using var request = createRequest();
                throw new ConnectorException(_options.Retry.TimedOutMessage("UMich API", request.Method.Method, request.RequestUri!, attempts), outcome.Exception);
            }

            var message = $"UMich API {description} failed after {attempts} attempts; last failure: {Reason(outcome)}.";
            throw outcome.Exception is { } cause ? new ConnectorException(message, cause) : new ConnectorException(message);
        }

        outcome.ThrowIfException();
        return outcome.Result!;
    }

    private async Task<UmApiResponse> AttemptAsync(Func<HttpRequestMessage> createRequest, bool isTokenRequest, CancellationToken cancellationToken)
    {
        if (isTokenRequest)
        {
            _statistics.CountTokenRequest();
        }
        else
        {
            _statistics.CountCall();
        }

        using var request = createRequest();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            _statistics.CountRateLimited();
            return new UmApiResponse(status, null, string.Empty) { RateLimitReset = ResetOf(response.Headers) };
        }

        if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
        {
            return new UmApiResponse(status, null, Excerpt(body)) { TransientReason = $"HTTP {status} {response.ReasonPhrase}" };
        }

        if (status is >= 200 and < 300)
        {
            return TryParse(body) is { } json
                ? new UmApiResponse(status, json, string.Empty)
                : new UmApiResponse(status, null, string.Empty)
                {
                    TransientReason = body.Length == 0 ? $"HTTP {status} with an empty body" : $"HTTP {status} with a body that is not complete JSON",
                };
        }

        return new UmApiResponse(status, null, Excerpt(body));
    }

    private static bool IsTransient(Outcome<UmApiResponse> outcome) =>
        outcome.Result is { TransientReason: not null }
        || outcome.Exception is HttpRequestException or IOException or TimeoutRejectedException or OperationCanceledException;

    private string Reason(Outcome<UmApiResponse> outcome) => outcome switch
    {
        { Result.TransientReason: { } reason } => reason,
        { Exception: TimeoutRejectedException or OperationCanceledException } =>
            $"no answer within {_options.Retry.AttemptTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s",
        { Exception: { } exception } => "connection failed: " + exception.Message,
        _ => "unknown",
    };

    private static string Excerpt(string body) => body.Length > ErrorTextLength ? body[..ErrorTextLength] + "…" : body;

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

    /// <summary>Until the reset the server announced, plus the margin; the margin alone (growing) if it announced none.</summary>
    private TimeSpan RateLimitWait(UmApiResponse response, int waits)
    {
        var now = _clock.GetUtcNow();
        var wait = response.RateLimitReset is { } until && until > now
            ? until - now + _options.RateLimitMargin
            : _options.RateLimitMargin * Math.Min(waits, 6);
        return wait > _options.MaxRateLimitWait ? _options.MaxRateLimitWait : wait;
    }

    private DateTimeOffset? ResetOf(HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("X-RateLimit-Reset", out var values) && values.FirstOrDefault() is { } text && ParseReset(text.Trim()) is { } reset)
        {
            return reset;
        }

        return headers.RetryAfter is { } retryAfter ? retryAfter.Date ?? (retryAfter.Delta is { } delta ? _clock.GetUtcNow() + delta : null) : null;
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
