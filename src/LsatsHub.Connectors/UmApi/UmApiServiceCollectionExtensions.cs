using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LsatsHub.Connectors.UmApi;

/// <summary>Registers the UMich API connector.</summary>
public static class UmApiServiceCollectionExtensions
{
    /// <summary>Adds the <c>umapi</c> HTTP client and <see cref="UmApiClientFactory"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddUmApiConnector(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Per-attempt timeouts are the shared retry budget's (HttpRetryBudget.AttemptTimeout), as for TDX.
        services.AddHttpClient(UmApiClientFactory.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<UmApiClientFactory>();
        return services;
    }
}
