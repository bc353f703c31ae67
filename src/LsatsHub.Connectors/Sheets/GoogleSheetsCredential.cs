using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Flows;
using Google.Apis.Auth.OAuth2.Responses;

namespace LsatsHub.Connectors.Sheets;

/// <summary>
/// Turns the configured credential file into Google.Apis.Auth's token source. Two kinds, both non-interactive (a timer
/// or a sandbox checkout has no browser): a service-account key (<c>"type": "service_account"</c>, signed JWT exchanged at
/// its <c>token_uri</c>) and a stored user token with a refresh token (the original's <c>token.json</c>, or an
/// <c>authorized_user</c> file). An installed-app client-secrets file alone is refused with what to do. Error messages name
/// the file and the missing field, never a value from it.
/// </summary>
public static class GoogleSheetsCredential
{
    /// <summary>Google's token endpoint, used when a file has no <c>token_uri</c>.</summary>
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";

    /// <summary>Loads the credential <paramref name="options"/> names.</summary>
    /// <param name="options">The options.</param>
    /// <param name="time">The clock token expiry is judged by.</param>
    /// <returns>The token source.</returns>
    /// <exception cref="ConnectorException">The file is missing, unreadable or of a kind that needs a person.</exception>
    public static ITokenAccess Load(GoogleSheetsOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var path = options.UsableTokenFile ?? options.CredentialsFile
            ?? throw new ConnectorException("Google Sheets needs CREDENTIALS_FILE (a service-account key) or TOKEN_FILE (a stored OAuth token).");
        var variable = options.UsableTokenFile is not null ? "TOKEN_FILE" : "CREDENTIALS_FILE";
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new ConnectorException($"{variable} {path} is not a JSON object.");
        }
        catch (IOException exception)
        {
            throw new ConnectorException($"{variable} {path} cannot be read: {exception.Message}", exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new ConnectorException($"{variable} {path} cannot be read: {exception.Message}", exception);
        }
        catch (JsonException)
        {
            // The parser's message quotes the text around the error, which may be a key.
            throw new ConnectorException($"{variable} {path} is not valid JSON.");
        }

        var clock = new TimeProviderClock(time);
        var type = Text(json, "type");
        if (type == "service_account")
        {
            return ServiceAccount(json, path, variable, clock);
        }

        if (type is null or "authorized_user" && Text(json, "refresh_token") is not null)
        {
            return StoredUser(json, path, variable, clock);
        }

        if (json["installed"] is not null || json["web"] is not null)
        {
            throw new ConnectorException(
                $"{variable} {path} is an OAuth client-secrets file: lsats-run never opens a browser. Use a service-account key shared on the sheet, "
                + "or set TOKEN_FILE to a token.json made once with the consent flow on a workstation.");
        }

        throw new ConnectorException($"{variable} {path} is neither a service-account key (\"type\": \"service_account\") nor a stored token with a \"refresh_token\".");
    }

    private static ServiceAccountCredential ServiceAccount(JsonObject json, string path, string variable, TimeProviderClock clock)
    {
        var email = Required(json, "client_email", path, variable);
        var key = Required(json, "private_key", path, variable);
        var initializer = new ServiceAccountCredential.Initializer(email, Text(json, "token_uri") ?? DefaultTokenUri)
        {
            Scopes = [GoogleSheetsOptions.Scope],
            KeyId = Text(json, "private_key_id"),
            Clock = clock,
        };
        try
        {
            return new ServiceAccountCredential(initializer.FromPrivateKey(key));
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new ConnectorException($"{variable} {path}: private_key is not a PEM RSA private key.");
        }
    }

    private static UserCredential StoredUser(JsonObject json, string path, string variable, TimeProviderClock clock)
    {
        var flow = new AuthorizationCodeFlow(new AuthorizationCodeFlow.Initializer("https://accounts.google.com/o/oauth2/v2/auth", Text(json, "token_uri") ?? DefaultTokenUri)
        {
            ClientSecrets = new ClientSecrets { ClientId = Required(json, "client_id", path, variable), ClientSecret = Required(json, "client_secret", path, variable) },
            Scopes = [GoogleSheetsOptions.Scope],
            Clock = clock,
        });

        // No access token: the first request refreshes, so a stale token in the file never goes out.
        return new UserCredential(flow, "lsats-run", new TokenResponse { RefreshToken = Required(json, "refresh_token", path, variable) });
    }

    private static string Required(JsonObject json, string name, string path, string variable) =>
        Text(json, name) ?? throw new ConnectorException($"{variable} {path} has no \"{name}\".");

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}
