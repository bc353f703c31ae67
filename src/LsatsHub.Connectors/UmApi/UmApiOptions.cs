using System.Globalization;
using LsatsHub.Connectors.Http;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Connectors.UmApi;

/// <summary>
/// How to reach the UMich API gateway (docs/sources.md, UMich API) and how patiently to treat it. Built from the seed's variables by
/// <see cref="FromConfiguration"/>; the timing knobs exist so tests can shorten them.
/// </summary>
public sealed record UmApiOptions
{
    /// <summary>The gateway's OAuth2 scope both UMich steps use.</summary>
    public const string DepartmentScope = "department";

    /// <summary>The gateway's largest <c>$count</c>.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>UM_BASE_URL: requests go to <c>{BaseUrl}/{CategoryId}/{resource}</c>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>UM_CATEGORY_ID (e.g. <c>bf</c>).</summary>
    public required string CategoryId { get; init; }

    /// <summary>UM_CLIENT_KEY, the OAuth2 client id.</summary>
    public required string ClientKey { get; init; }

    /// <summary>UM_CLIENT_SECRET; never logged, never part of <see cref="ToString"/>.</summary>
    public required string ClientSecret { get; init; }

    /// <summary>UM_OAUTH_TOKEN_URL, or <c>{scheme}://{host}/um/oauth2/token</c> of <see cref="BaseUrl"/> as the seed hard-codes.</summary>
    public required Uri TokenUrl { get; init; }

    /// <summary>The OAuth2 scope requested.</summary>
    public string Scope { get; init; } = DepartmentScope;

    /// <summary><c>$count</c> per page (1 to 1000; optional UM_PAGE_SIZE).</summary>
    public int PageSize { get; init; } = MaxPageSize;

    /// <summary>A token is replaced this long before its <c>expires_in</c> runs out (the seed uses 60 s).</summary>
    public TimeSpan TokenRefreshMargin { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Added to the wait until <c>X-RateLimit-Reset</c> (the seed uses 5 s); also the wait when no reset is sent.</summary>
    public TimeSpan RateLimitMargin { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest single wait after a 429, whatever the reset header says.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many 429s one request may meet before the fetch fails.</summary>
    public int MaxRateLimitWaits { get; init; } = 10;

    /// <summary>Retries, backoff and per-attempt timeout of a request that meets a 5xx, a dropped connection, a timeout or a cut-off body.</summary>
    public HttpRetryBudget Retry { get; init; } = new();

    /// <summary>Reads UM_BASE_URL, UM_CATEGORY_ID, UM_CLIENT_KEY, UM_CLIENT_SECRET, UM_OAUTH_TOKEN_URL (optional), UM_PAGE_SIZE (optional) and the shared HTTP retry budget (LSATS_HTTP_*).</summary>
    /// <param name="configuration">The run's configuration.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ConnectorException">A variable is missing or malformed; the message names it and never echoes a secret.</exception>
    public static UmApiOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var baseUrl = RequireUrl(configuration, "UM_BASE_URL");
        var tokenUrl = string.IsNullOrWhiteSpace(configuration["UM_OAUTH_TOKEN_URL"])
            ? DefaultTokenUrl(baseUrl)
            : RequireUrl(configuration, "UM_OAUTH_TOKEN_URL");
        var pageSize = MaxPageSize;
        var pageText = configuration["UM_PAGE_SIZE"];
        if (!string.IsNullOrWhiteSpace(pageText)
            && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            throw new ConnectorException($"UM_PAGE_SIZE must be a whole number from 1 to {MaxPageSize}, got '{pageText}'.");
        }

        return new UmApiOptions
        {
            BaseUrl = baseUrl,
            CategoryId = Require(configuration, "UM_CATEGORY_ID"),
            ClientKey = Require(configuration, "UM_CLIENT_KEY"),
            ClientSecret = Require(configuration, "UM_CLIENT_SECRET"),
            TokenUrl = tokenUrl,
            PageSize = pageSize,
            Retry = HttpRetryBudget.FromConfiguration(configuration),
        };
    }

    /// <summary>The seed's token endpoint: <c>/um/oauth2/token</c> on the host of the base URL.</summary>
    /// <param name="baseUrl">UM_BASE_URL.</param>
    /// <returns>The token URL.</returns>
    public static Uri DefaultTokenUrl(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + "/um/oauth2/token");
    }

    /// <summary>Describes the options without the secret.</summary>
    /// <returns>Base URL, category, client key, token URL and page size.</returns>
    public override string ToString() =>
        $"UmApiOptions {{ BaseUrl = {BaseUrl}, CategoryId = {CategoryId}, ClientKey = {ClientKey}, TokenUrl = {TokenUrl}, PageSize = {PageSize} }}";

    private static string Require(IConfiguration configuration, string name)
    {
        var value = configuration[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ConnectorException($"{name} is not set; the UMich API steps need it (see docs/configuration.md).");
        }

        return value.Trim();
    }

    private static Uri RequireUrl(IConfiguration configuration, string name)
    {
        var text = Require(configuration, name);
        if (!Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ConnectorException($"{name} must be an absolute http(s) URL, got '{text}'.");
        }

        return url;
    }
}
