using System.Net;
using LsatsHub.Connectors.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly.Telemetry;

namespace LsatsHub.Connectors.Tdx;

/// <summary>Registers the TDX connector.</summary>
public static class TdxServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="TdxClient"/> (singleton) reading <c>TDX_*</c> from the registered <see cref="IConfiguration"/>
    /// on first use, with two named HTTP clients (<c>tdx</c>, <c>tdx-auth</c>). Handler order, outermost first:
    /// bearer token (API only) → rate-limit pacing and 429 waits → the shared <see cref="HttpRetryBudget"/> (retry of
    /// 5xx/408/timeouts/connection failures with jittered exponential backoff and a per-attempt timeout, on the
    /// registered <see cref="TimeProvider"/>) → counting.
    /// </summary>
    /// <param name="services">The services; must contain an <see cref="IConfiguration"/>.</param>
    /// <param name="tuning">Waits and retry bounds; the defaults suit the real TDX.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddTdxConnector(this IServiceCollection services, TdxTuning? tuning = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.TryAddSingleton(sp => tuning ?? new TdxTuning { Retry = HttpRetryBudget.FromConfiguration(sp.GetRequiredService<IConfiguration>()) });
        services.TryAddSingleton<TdxTrafficCounter>();
        services.TryAddSingleton(sp => new TdxRateLimitGate(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<TdxTuning>()));
        services.TryAddSingleton(sp => new TdxConnection(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHttpClientFactory>()));
        services.TryAddSingleton(sp => new TdxTokenProvider(
            sp.GetRequiredService<TdxConnection>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<TdxTuning>(), sp.GetRequiredService<ILogger<TdxTokenProvider>>()));
        services.TryAddSingleton(sp => new TdxClient(sp.GetRequiredService<TdxConnection>(), sp.GetRequiredService<TdxTrafficCounter>(), sp.GetRequiredService<TdxTuning>().Retry));

        // Polly logs each timed-out attempt (OnTimeout) and the last failed attempt as errors, so one hung call gave an
        // operator three ERROR lines without a URL. Within the TDX pipelines an attempt is at most a warning; the call's
        // failure is the ConnectorException (URL, budget, variables), logged once as an error by whoever receives it.
        services.Configure<TelemetryOptions>(options =>
        {
            var previous = options.SeverityProvider;
            options.SeverityProvider = arguments =>
            {
                var severity = previous?.Invoke(arguments) ?? arguments.Event.Severity;
                return severity > ResilienceEventSeverity.Warning && arguments.Source.PipelineName?.StartsWith(TdxConnection.ApiClientName, StringComparison.Ordinal) == true
                    ? ResilienceEventSeverity.Warning
                    : severity;
            };
        });

        services.AddTransient(sp => new TdxAuthHandler(sp.GetRequiredService<TdxTokenProvider>()));
        services.AddTransient(sp => new TdxRateLimitHandler(
            sp.GetRequiredService<TdxRateLimitGate>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<TdxTuning>(), sp.GetRequiredService<ILogger<TdxRateLimitHandler>>()));
        services.AddTransient(sp => new TdxTrafficHandler(sp.GetRequiredService<TdxTrafficCounter>(), sp.GetRequiredService<TdxRateLimitGate>()));

        var api = services.AddHttpClient(TdxConnection.ApiClientName).AddHttpMessageHandler<TdxAuthHandler>();
        Configure(api);
        Configure(services.AddHttpClient(TdxConnection.AuthClientName));

        // Writes (ticket comments, asset and CI links) get the per-attempt timeout but no retry: a 5xx or a timeout
        // may come after TDX applied the write, and a second comment is worse than a failed action retried next poll.
        Configure(services.AddHttpClient(TdxConnection.WriteClientName).AddHttpMessageHandler<TdxAuthHandler>(), retry: false);
        return services;
    }

    private static void Configure(IHttpClientBuilder builder, bool retry = true)
    {
        builder
            .AddHttpMessageHandler<TdxRateLimitHandler>()
            .AddResilienceHandler(builder.Name + "-transient", (pipeline, context) =>
            {
                var configured = context.ServiceProvider.GetRequiredService<TdxTuning>();
                var tuning = retry ? configured : configured with { Retry = configured.Retry with { MaxRetries = 0 } };
                pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();

                // 429 is the rate-limit handler's business (it waits for the window, not a backoff).
                tuning.Retry.AddTo(pipeline, outcome =>
                    outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(outcome));
            });
        builder.AddHttpMessageHandler<TdxTrafficHandler>();
    }
}
