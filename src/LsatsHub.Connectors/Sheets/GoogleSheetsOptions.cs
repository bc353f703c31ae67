using LsatsHub.Connectors.Http;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Connectors.Sheets;

/// <summary>
/// How to reach the Google Sheets v4 API: its root (a simulator in tests) and the credential file. The original tools'
/// variables keep their meaning: <c>TOKEN_FILE</c> is a stored OAuth token (the <c>token.json</c> the original's consent
/// flow wrote, or an <c>authorized_user</c> file), <c>CREDENTIALS_FILE</c> a service-account key. Nothing here is ever
/// logged but the file paths.
/// </summary>
public sealed record GoogleSheetsOptions
{
    /// <summary>The variable naming the API root.</summary>
    public const string BaseUrlVariable = "GOOGLE_SHEETS_BASE_URL";

    /// <summary>The public API root.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://sheets.googleapis.com/");

    /// <summary>The OAuth scope: read and write spreadsheets (the original asked for the same).</summary>
    public const string Scope = "https://www.googleapis.com/auth/spreadsheets";

    /// <summary>GOOGLE_SHEETS_BASE_URL, default <see cref="DefaultBaseUrl"/>; requests go to <c>{BaseUrl}v4/spreadsheets/...</c>.</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>CREDENTIALS_FILE: a service-account key (JSON), or null.</summary>
    public string? CredentialsFile { get; init; }

    /// <summary>TOKEN_FILE: a stored user token with its refresh token (JSON), or null. Wins over <see cref="CredentialsFile"/> when the file exists.</summary>
    public string? TokenFile { get; init; }

    /// <summary>Retries and per-attempt timeout (the shared LSATS_HTTP_* budget).</summary>
    public HttpRetryBudget Retry { get; init; } = new();

    /// <summary>Reads GOOGLE_SHEETS_BASE_URL, CREDENTIALS_FILE, TOKEN_FILE and LSATS_HTTP_*.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ConnectorException">A variable is malformed, or neither credential file is usable.</exception>
    public static GoogleSheetsOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var baseUrl = DefaultBaseUrl;
        if (configuration[BaseUrlVariable]?.Trim() is { Length: > 0 } text)
        {
            baseUrl = Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
                ? parsed
                : throw new ConnectorException($"{BaseUrlVariable} must be an http(s) URL, got '{text}'.");
        }

        var options = new GoogleSheetsOptions
        {
            BaseUrl = baseUrl,
            CredentialsFile = Blank(configuration["CREDENTIALS_FILE"]),
            TokenFile = Blank(configuration["TOKEN_FILE"]),
            Retry = HttpRetryBudget.FromConfiguration(configuration),
        };
        if (options.UsableTokenFile is null && options.CredentialsFile is null)
        {
            throw new ConnectorException(
                "Google Sheets needs a credential: set CREDENTIALS_FILE to a service-account key, or TOKEN_FILE to a stored OAuth token"
                + (options.TokenFile is null ? "." : $" (TOKEN_FILE {options.TokenFile} does not exist)."));
        }

        return options;
    }

    /// <summary>The token file when it is set and exists, else null.</summary>
    public string? UsableTokenFile => TokenFile is { } path && File.Exists(path) ? path : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
