using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Connectors.UmApi;

/// <summary>Makes a <see cref="UmApiClient"/> per step run from the run's configuration (registered by <see cref="UmApiServiceCollectionExtensions.AddUmApiConnector"/>).</summary>
/// <param name="httpClientFactory">Supplies the <c>umapi</c> named HTTP client.</param>
public sealed class UmApiClientFactory(IHttpClientFactory httpClientFactory)
{
    /// <summary>The name of the HTTP client the connector uses.</summary>
    public const string HttpClientName = "umapi";

    /// <summary>A client configured from UM_* variables.</summary>
    /// <param name="configuration">The run's configuration.</param>
    /// <param name="clock">The clock for token lifetimes and waits.</param>
    /// <param name="logger">Where waits and retries are logged.</param>
    /// <returns>A new client (dispose it after the fetch).</returns>
    /// <exception cref="ConnectorException">A variable is missing or malformed.</exception>
    public UmApiClient Create(IConfiguration configuration, TimeProvider clock, ILogger logger) =>
        Create(UmApiOptions.FromConfiguration(configuration), clock, logger);

    /// <summary>A client with explicit options.</summary>
    /// <param name="options">The options.</param>
    /// <param name="clock">The clock for token lifetimes and waits.</param>
    /// <param name="logger">Where waits and retries are logged.</param>
    /// <returns>A new client (dispose it after the fetch).</returns>
    public UmApiClient Create(UmApiOptions options, TimeProvider clock, ILogger logger) =>
        new(httpClientFactory.CreateClient(HttpClientName), options, clock, logger);
}
