using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace LsatsHub.Simulator.Sheets;

/// <summary>
/// What the simulated Google accepts: one service account (an RSA key pair made at start; its key file is what
/// <c>CREDENTIALS_FILE</c> points at) and one OAuth client with a refresh token (a stored <c>token.json</c>, <c>TOKEN_FILE</c>).
/// Synthetic, but handled as secrets all the same.
/// </summary>
public sealed class SheetsCredentials : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);

    /// <summary>The service account's e-mail (the JWT issuer).</summary>
    public string ServiceAccountEmail { get; } = "lsats-hub@lsats-sim.iam.gserviceaccount.com";

    /// <summary>The key id written into the key file.</summary>
    public string KeyId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>The OAuth client id of the stored token.</summary>
    public string ClientId { get; } = "lsats-sim-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + ".apps.googleusercontent.com";

    /// <summary>The OAuth client secret.</summary>
    public string ClientSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    /// <summary>The refresh token the stored token carries.</summary>
    public string RefreshToken { get; } = "1//sim-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>The public half, to check the service account's signed assertions.</summary>
    internal RSA Key => _key;

    /// <summary>A service-account key file, as the Google Cloud console downloads it, with <paramref name="tokenUri"/>.</summary>
    /// <param name="tokenUri">The simulator's token endpoint.</param>
    /// <returns>The JSON text.</returns>
    public string ServiceAccountKeyJson(string tokenUri) => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = "lsats-sim",
        ["private_key_id"] = KeyId,
        ["private_key"] = _key.ExportPkcs8PrivateKeyPem() + "\n",
        ["client_email"] = ServiceAccountEmail,
        ["client_id"] = "100000000000000000001",
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = tokenUri,
    }.ToJsonString();

    /// <summary>A stored user token as the original's consent flow wrote <c>token.json</c> (an expired access token, a refresh token).</summary>
    /// <param name="tokenUri">The simulator's token endpoint.</param>
    /// <returns>The JSON text.</returns>
    public string StoredTokenJson(string tokenUri) => new JsonObject
    {
        ["token"] = "ya29.expired",
        ["refresh_token"] = RefreshToken,
        ["token_uri"] = tokenUri,
        ["client_id"] = ClientId,
        ["client_secret"] = ClientSecret,
        ["scopes"] = new JsonArray("https://www.googleapis.com/auth/spreadsheets"),
        ["expiry"] = "2020-01-01T00:00:00Z",
    }.ToJsonString();

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
