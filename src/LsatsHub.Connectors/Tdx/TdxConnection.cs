using Microsoft.Extensions.Configuration;
using Refit;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// The options and Refit clients, made on first use so that a process that never talks to TDX (e.g. an AD-only run)
/// does not need TDX variables; a TDX call without them fails with a message naming the missing variables.
/// </summary>
internal sealed class TdxConnection
{
    internal const string ApiClientName = "tdx";
    internal const string AuthClientName = "tdx-auth";
    internal const string WriteClientName = "tdx-write";

    private readonly Lazy<TdxOptions> _options;
    private readonly Lazy<ITdxApi> _api;
    private readonly Lazy<ITdxAuthApi> _auth;
    private readonly Lazy<ITdxApi> _writeApi;

    public TdxConnection(IConfiguration configuration, IHttpClientFactory httpClientFactory)
    {
        _options = new Lazy<TdxOptions>(() => TdxOptions.FromConfiguration(configuration));
        _api = new Lazy<ITdxApi>(() => RestService.For<ITdxApi>(Client(httpClientFactory, ApiClientName)));
        _auth = new Lazy<ITdxAuthApi>(() => RestService.For<ITdxAuthApi>(Client(httpClientFactory, AuthClientName)));
        _writeApi = new Lazy<ITdxApi>(() => RestService.For<ITdxApi>(Client(httpClientFactory, WriteClientName)));
    }

    public TdxOptions Options => _options.Value;

    public ITdxApi Api => _api.Value;

    public ITdxAuthApi Auth => _auth.Value;

    /// <summary>The same endpoints through a client that never retries: a write TDX may have applied must not be sent twice.</summary>
    public ITdxApi WriteApi => _writeApi.Value;

    private HttpClient Client(IHttpClientFactory factory, string name)
    {
        var client = factory.CreateClient(name);
        client.BaseAddress = Options.BaseUrl;

        // Rate-limit waits happen inside the call; per-attempt timeouts are the resilience pipeline's job.
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }
}
