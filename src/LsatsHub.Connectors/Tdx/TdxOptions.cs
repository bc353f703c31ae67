using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// The TDX connection as configured with the seed's variable names. Secrets are held here but never printed:
/// <see cref="ToString"/> names the base URL, app and auth mode only.
/// </summary>
public sealed record TdxOptions
{
    /// <summary>Assets/CIs application id when <c>TDX_APP_ID</c> is not set.</summary>
    public const int DefaultAppId = 48;

    /// <summary>The API root, e.g. <c>https://teamdynamix.umich.edu/TDWebApi/api</c> (no trailing slash).</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The assets/CIs application id (<c>TDX_APP_ID</c>, default 48).</summary>
    public int AppId { get; init; } = DefaultAppId;

    /// <summary>Which credential is used.</summary>
    public required TdxAuthMode AuthMode { get; init; }

    /// <summary><c>TDX_BEID</c>, for <see cref="TdxAuthMode.AdminServiceAccount"/>.</summary>
    public string? Beid { get; init; }

    /// <summary><c>TDX_WEB_SERVICES_KEY</c>, for <see cref="TdxAuthMode.AdminServiceAccount"/>.</summary>
    public string? WebServicesKey { get; init; }

    /// <summary><c>TDX_USERNAME</c>, for <see cref="TdxAuthMode.UserPassword"/>.</summary>
    public string? UserName { get; init; }

    /// <summary><c>TDX_PASSWORD</c>, for <see cref="TdxAuthMode.UserPassword"/>.</summary>
    public string? Password { get; init; }

    /// <summary><c>TDX_API_TOKEN</c>, for <see cref="TdxAuthMode.StaticToken"/>.</summary>
    public string? ApiToken { get; init; }

    /// <summary>
    /// <c>sandbox</c> when the base URL's path contains <c>/SBTDWebApi/</c>, else <c>production</c>: the base URL alone
    /// decides, so the same code runs against either tenant.
    /// </summary>
    public string Environment =>
        (BaseUrl.AbsolutePath + "/").Contains("/SBTDWebApi/", StringComparison.OrdinalIgnoreCase) ? "sandbox" : "production";

    /// <summary>Reads and validates the TDX variables.</summary>
    /// <param name="configuration">The run's configuration (environment, hub.conf, credential files).</param>
    /// <returns>The options.</returns>
    /// <exception cref="ConnectorException">A variable is missing or malformed; the message names it and never a secret value.</exception>
    public static TdxOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? Read(string name) => string.IsNullOrWhiteSpace(configuration[name]) ? null : configuration[name]!.Trim();

        var baseText = Read("TDX_BASE_URL")
            ?? throw new ConnectorException("TDX is not configured: TDX_BASE_URL is not set (e.g. https://teamdynamix.umich.edu/TDWebApi/api).");
        if (!Uri.TryCreate(baseText.TrimEnd('/'), UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ConnectorException($"TDX_BASE_URL must be an absolute http(s) URL such as https://teamdynamix.umich.edu/TDWebApi/api, got '{baseText}'.");
        }

        var appId = DefaultAppId;
        if (Read("TDX_APP_ID") is { } appText && (!int.TryParse(appText, NumberStyles.None, CultureInfo.InvariantCulture, out appId) || appId <= 0))
        {
            throw new ConnectorException($"TDX_APP_ID must be a positive integer (the assets/CIs application, usually 48), got '{appText}'.");
        }

        var beid = Read("TDX_BEID");
        var key = Read("TDX_WEB_SERVICES_KEY");
        var user = Read("TDX_USERNAME");
        var password = Read("TDX_PASSWORD");
        var token = Read("TDX_API_TOKEN");
        var mode = (beid, key, user, password, token) switch
        {
            ({ }, { }, _, _, _) => TdxAuthMode.AdminServiceAccount,
            (_, _, { }, { }, _) => TdxAuthMode.UserPassword,
            (_, _, _, _, { }) => TdxAuthMode.StaticToken,
            _ => throw new ConnectorException(
                "TDX credentials are not configured: set TDX_BEID and TDX_WEB_SERVICES_KEY, or TDX_USERNAME and TDX_PASSWORD, or TDX_API_TOKEN"
                + Incomplete(("TDX_BEID", beid), ("TDX_WEB_SERVICES_KEY", key), ("TDX_USERNAME", user), ("TDX_PASSWORD", password)) + "."),
        };

        return new TdxOptions
        {
            BaseUrl = baseUrl,
            AppId = appId,
            AuthMode = mode,
            Beid = mode == TdxAuthMode.AdminServiceAccount ? beid : null,
            WebServicesKey = mode == TdxAuthMode.AdminServiceAccount ? key : null,
            UserName = mode == TdxAuthMode.UserPassword ? user : null,
            Password = mode == TdxAuthMode.UserPassword ? password : null,
            ApiToken = mode == TdxAuthMode.StaticToken ? token : null,
        };
    }

    /// <summary>Names the base URL, app, environment and auth mode; never a credential.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"TDX {Environment} at {BaseUrl} (app {AppId}, auth {AuthMode})";

    private static string Incomplete(params (string Name, string? Value)[] variables)
    {
        var set = variables.Where(v => v.Value is not null).Select(v => v.Name).ToArray();
        return set.Length == 0 ? string.Empty : $" (only {string.Join(", ", set)} is set; its partner is missing)";
    }
}
