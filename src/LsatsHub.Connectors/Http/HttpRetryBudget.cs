using System.Globalization;
using Microsoft.Extensions.Configuration;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LsatsHub.Connectors.Http;

/// <summary>
/// The one retry budget of the HTTP connectors (TDX and the UMich API), written down here and nowhere else. One
/// logical call gets <see cref="MaxAttempts"/> attempts (default 5); each attempt may take <see cref="AttemptTimeout"/>
/// (default 100 s) before it is abandoned; between attempts it waits an exponential, jittered backoff starting at
/// <see cref="FirstBackoff"/> (1 s, then about 2, 4, 8 s) and never longer than <see cref="MaxBackoff"/> (30 s). So a
/// call that keeps failing gives up after at most <see cref="WorstCase"/> (5 × 100 s + 4 × 30 s = 620 s by default),
/// and a server that answers nothing at all costs exactly that. Retried: 5xx, 408, dropped connections, timed-out
/// attempts (and, for the UMich API, a 2xx whose body is cut off). Rate-limit answers (429) are not spent from this
/// budget: each connector waits them out until the announced reset, with its own bounded count.
/// </summary>
/// <remarks>
/// Step-level retries do not multiply this budget: a connector that has used it up throws
/// <see cref="ConnectorException"/>, which the engine's step retry never treats as transient; a step's own retries are
/// left for failures outside the connectors (a transient database error).
/// Two variables adjust it for a slow network: <see cref="RetriesVariable"/> and <see cref="AttemptTimeoutVariable"/>.
/// </remarks>
public sealed record HttpRetryBudget
{
    /// <summary>Retries after the first attempt (0 or more; default 4).</summary>
    public const string RetriesVariable = "LSATS_HTTP_RETRIES";

    /// <summary>Seconds one attempt may take (default 100).</summary>
    public const string AttemptTimeoutVariable = "LSATS_HTTP_ATTEMPT_TIMEOUT";

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first backoff; later ones double, jittered.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single backoff.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take (the connectors set no other timeout: a hung socket must not block a run forever).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Attempts of one call, the first included.</summary>
    public int MaxAttempts => MaxRetries + 1;

    /// <summary>The longest a call can take before it fails: every attempt timing out, every backoff at its cap.</summary>
    public TimeSpan WorstCase => (AttemptTimeout * MaxAttempts) + (MaxBackoff * MaxRetries);

    /// <summary>The default budget, adjusted by <see cref="RetriesVariable"/> and <see cref="AttemptTimeoutVariable"/> when set.</summary>
    /// <param name="configuration">The run's configuration.</param>
    /// <returns>The budget.</returns>
    /// <exception cref="ConnectorException">A variable is malformed; the message names it.</exception>
    public static HttpRetryBudget FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var budget = new HttpRetryBudget();
        if (configuration[RetriesVariable]?.Trim() is { Length: > 0 } retries)
        {
            budget = budget with
            {
                MaxRetries = int.TryParse(retries, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 20
                    ? count
                    : throw new ConnectorException($"{RetriesVariable} must be a whole number from 0 to 20, got '{retries}'."),
            };
        }

        if (configuration[AttemptTimeoutVariable]?.Trim() is { Length: > 0 } timeout)
        {
            budget = budget with
            {
                AttemptTimeout = int.TryParse(timeout, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86_400
                    ? TimeSpan.FromSeconds(seconds)
                    : throw new ConnectorException($"{AttemptTimeoutVariable} must be a whole number of seconds from 1 to 86400, got '{timeout}'."),
            };
        }

        return budget;
    }

    /// <summary>
    /// The message of a call whose every attempt timed out: the URL as <see cref="SafeUrl"/> writes it, how long each
    /// attempt waited and the two variables that give a slow source more room.
    /// </summary>
    /// <param name="source">The source, e.g. <c>TDX</c>.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="url">The URL called (user info and query are left out).</param>
    /// <param name="attempts">Attempts made (1 for a call that is never retried, e.g. a TDX write).</param>
    /// <returns>The message.</returns>
    public string TimedOutMessage(string source, string method, Uri url, int attempts)
    {
        ArgumentNullException.ThrowIfNull(url);
        var seconds = AttemptTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{source} {method} {SafeUrl(url)} timed out: no answer within {seconds} s on each of {attempts} attempt(s); for a slow source raise {AttemptTimeoutVariable} (seconds an attempt may take, now {seconds}) or {RetriesVariable} (retries after the first attempt, now {MaxRetries}).");
    }

    /// <summary>
    /// A URL fit for a log line or an error: scheme, host, port and path only. User info and the query string are where
    /// credentials and tokens travel, so they are left out.
    /// </summary>
    /// <param name="url">An absolute URL (a relative one is shown as its path).</param>
    /// <returns>The URL without user info, query or fragment.</returns>
    public static string SafeUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri
            ? url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            : url.OriginalString.Split('?', '#')[0];
    }

    /// <summary>
    /// Adds the budget to a pipeline: a retry of what <paramref name="isTransient"/> says (and of timed-out attempts),
    /// inside it the per-attempt timeout. Waits and timeouts run on the builder's <see cref="TimeProvider"/>.
    /// </summary>
    /// <typeparam name="T">The result of one attempt.</typeparam>
    /// <param name="builder">The pipeline being built.</param>
    /// <param name="isTransient">Whether an outcome is worth another attempt.</param>
    /// <param name="onRetry">Told before each retry (logging, counting).</param>
    /// <returns>The same builder.</returns>
    public ResiliencePipelineBuilder<T> AddTo<T>(ResiliencePipelineBuilder<T> builder, Func<Outcome<T>, bool> isTransient, Func<OnRetryArguments<T>, ValueTask>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(isTransient);
        if (MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = MaxRetries,
                Delay = FirstBackoff,
                MaxDelay = MaxBackoff,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome.Exception is TimeoutRejectedException || isTransient(arguments.Outcome)),
                OnRetry = onRetry,
            });
        }

        return builder.AddTimeout(AttemptTimeout);
    }
}
