using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LsatsHub.Simulator.Hosting;
using LsatsHub.Simulator.Tdx;
using Microsoft.AspNetCore.Http;

namespace LsatsHub.Simulator.Sheets;

/// <summary>
/// The Google Sheets v4 stand-in on 127.0.0.1: <c>GET v4/spreadsheets/{id}/values/{range}</c> and
/// <c>PUT …?valueInputOption=USER_ENTERED|RAW</c> behind a bearer token, and the OAuth token endpoint <c>POST token</c> that
/// issues it for a service account's signed JWT (RS256, checked against the key it handed out) or a stored refresh token.
/// Google's error shape (<c>{"error": {"code", "message", "status"}}</c>), a request journal and injectable faults.
/// </summary>
public sealed class SheetsSimulator : IAsyncDisposable
{
    private const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private const string SheetsScope = "https://www.googleapis.com/auth/spreadsheets";

    private readonly Dictionary<string, Spreadsheet> _spreadsheets = new(StringComparer.Ordinal);
    private readonly SheetsSimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly TdxTokenService _tokens;
    private LoopbackServer? _server;

    private SheetsSimulator(IEnumerable<Spreadsheet> spreadsheets, SheetsSimulatorOptions options, TimeProvider time)
    {
        foreach (var spreadsheet in spreadsheets)
        {
            _spreadsheets[spreadsheet.Id] = spreadsheet;
        }

        _options = options;
        _time = time;
        _tokens = new TdxTokenService(time, options.TokenLifetime);
    }

    /// <summary>The server root, which is also the API root (<c>GOOGLE_SHEETS_BASE_URL</c>).</summary>
    public Uri Address => _server!.Address;

    /// <summary>The OAuth token endpoint (the key files' <c>token_uri</c>).</summary>
    public string TokenUri => Address + "token";

    /// <summary>Accepted credentials.</summary>
    public SheetsCredentials Credentials { get; } = new();

    /// <summary>
    /// Switchable faults on the values endpoints, as on the TDX simulator: dropped connections, 500s
    /// (<see cref="FaultSettings.ServerErrorNext"/>, <see cref="FaultSettings.ServerErrorRate"/>) and 429s
    /// (<see cref="FaultSettings.RateLimitNext"/> with route <c>GET values</c>, <c>PUT values</c> or <c>*</c>).
    /// </summary>
    public FaultSettings Faults { get; } = new(17);

    /// <summary>Every request received (token requests with their bodies left out).</summary>
    public RequestJournal Journal { get; } = new();

    /// <summary>The spreadsheets served.</summary>
    public IReadOnlyCollection<Spreadsheet> Spreadsheets => _spreadsheets.Values;

    /// <summary>Starts a simulator serving <paramref name="spreadsheets"/>.</summary>
    /// <param name="spreadsheets">The spreadsheets.</param>
    /// <param name="options">Port and token lifetime.</param>
    /// <param name="time">The clock tokens expire by.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running simulator.</returns>
    public static async Task<SheetsSimulator> StartAsync(IEnumerable<Spreadsheet> spreadsheets, SheetsSimulatorOptions? options = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spreadsheets);
        var simulator = new SheetsSimulator(spreadsheets, options ?? new SheetsSimulatorOptions(), time ?? TimeProvider.System);
        simulator._server = await LoopbackServer.StartAsync(simulator.HandleAsync, simulator._options.Port, cancellationToken).ConfigureAwait(false);
        return simulator;
    }

    /// <summary>A spreadsheet by id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The spreadsheet.</returns>
    public Spreadsheet this[string id] => _spreadsheets[id];

    /// <summary>Writes the service-account key file (mode 600) and returns its path.</summary>
    /// <param name="path">Where.</param>
    /// <returns>The path.</returns>
    public string WriteServiceAccountKey(string path) => WriteSecret(path, Credentials.ServiceAccountKeyJson(TokenUri));

    /// <summary>Writes a stored user token (mode 600) and returns its path.</summary>
    /// <param name="path">Where.</param>
    /// <returns>The path.</returns>
    public string WriteStoredToken(string path) => WriteSecret(path, Credentials.StoredTokenJson(TokenUri));

    /// <summary>Invalidates every access token issued so far.</summary>
    public void RevokeTokens() => _tokens.RevokeAll();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        Credentials.Dispose();
    }

    private static string WriteSecret(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var cancel = context.RequestAborted;
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(cancel).ConfigureAwait(false) : null;
        var request = await SimulatorRequest.ReadAsync(context, cancel).ConfigureAwait(false);
        var s = request.Segments;
        ApiResult result;
        if (request.Method == "POST" && s is ["token"])
        {
            result = Token(form);
            Journal.Add(new JournalEntry(request.Method, request.Path, request.QueryString, string.Empty, _time.GetUtcNow(), result.Status));
            await TdxSimulator.WriteAsync(context, result, Faults, cancel).ConfigureAwait(false);
            return;
        }

        if (s is not ["v4", "spreadsheets", var id, "values", var range] || request.Method is not ("GET" or "PUT"))
        {
            result = Error(404, "NOT_FOUND", $"No route {request.Method} {request.Path}.");
        }
        else if (Faults.TakeDrop())
        {
            Journal.Add(new JournalEntry(request.Method, request.Path, request.QueryString, request.Body, _time.GetUtcNow(), 0));
            context.Abort();
            return;
        }
        else
        {
            var header = context.Request.Headers.Authorization.ToString();
            var subject = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? _tokens.Validate(header[7..].Trim()) : null;
            result = subject is null ? Error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token.")
                : Faults.TakeForcedRateLimit(request.Method + " values") ? Error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' (injected).")
                : Faults.TakeServerError() ? Error(500, "INTERNAL", "Internal error encountered (injected).")
                : !_spreadsheets.TryGetValue(id, out var spreadsheet) ? Error(404, "NOT_FOUND", "Requested entity was not found.")
                : request.Method == "GET" ? Get(spreadsheet, range, request.Query)
                : Put(spreadsheet, range, request.Query, request.Body);
        }

        Journal.Add(new JournalEntry(request.Method, request.Path, request.QueryString, request.Body, _time.GetUtcNow(), result.Status));
        await TdxSimulator.WriteAsync(context, result, Faults, cancel).ConfigureAwait(false);
    }

    private static ApiResult Get(Spreadsheet spreadsheet, string a1, IReadOnlyDictionary<string, string> query)
    {
        if (query.GetValueOrDefault("majorDimension") is { Length: > 0 } dimension && !string.Equals(dimension, "ROWS", StringComparison.OrdinalIgnoreCase))
        {
            return Error(400, "INVALID_ARGUMENT", "Only majorDimension=ROWS is simulated.");
        }

        A1Range range;
        try
        {
            range = A1Range.Parse(a1);
        }
        catch (FormatException exception)
        {
            return Error(400, "INVALID_ARGUMENT", exception.Message);
        }

        var formulas = string.Equals(query.GetValueOrDefault("valueRenderOption"), "FORMULA", StringComparison.OrdinalIgnoreCase);
        if (spreadsheet.Read(range, formulas) is not { } rows)
        {
            return Error(400, "INVALID_ARGUMENT", $"Unable to parse range: {a1}");
        }

        var body = new JsonObject { ["range"] = a1, ["majorDimension"] = "ROWS" };
        if (rows.Count > 0)
        {
            body["values"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonArray([.. r.Select(c => (JsonNode)JsonValue.Create(c))]))]);
        }

        return ApiResult.Ok(body);
    }

    private static ApiResult Put(Spreadsheet spreadsheet, string a1, IReadOnlyDictionary<string, string> query, string text)
    {
        var input = query.GetValueOrDefault("valueInputOption");
        if (input is not ("USER_ENTERED" or "RAW"))
        {
            return Error(400, "INVALID_ARGUMENT", "'valueInputOption' is required and must be USER_ENTERED or RAW.");
        }

        A1Range range;
        JsonObject? body;
        try
        {
            range = A1Range.Parse(a1);
            body = JsonNode.Parse(text) as JsonObject;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return Error(400, "INVALID_ARGUMENT", exception.Message);
        }

        if (body?["values"] is not JsonArray values)
        {
            return Error(400, "INVALID_ARGUMENT", "The request body needs \"values\".");
        }

        if (body["range"]?.GetValue<string>() is { } bodyRange && A1Range.Parse(bodyRange) != range)
        {
            return Error(400, "INVALID_ARGUMENT", $"Requested writing within range [{bodyRange}], but tried writing to [{a1}].");
        }

        var rows = values.Select(r => (IReadOnlyList<string>)[.. (r as JsonArray ?? []).Select(c => c is JsonValue v && v.TryGetValue<string>(out var s) ? s : c?.ToJsonString() ?? string.Empty)]).ToList();

        // RAW keeps a leading "=" as text: Sheets stores it with an apostrophe, so it shows as typed.
        var stored = input == "RAW" ? [.. rows.Select(r => (IReadOnlyList<string>)[.. r.Select(c => c.StartsWith('=') ? "'" + c : c)])] : rows;
        if (spreadsheet.Write(range, stored) is not { } cells)
        {
            return Error(400, "INVALID_ARGUMENT", $"Unable to parse range: {a1}");
        }

        return ApiResult.Ok(new JsonObject
        {
            ["spreadsheetId"] = spreadsheet.Id,
            ["updatedRange"] = a1,
            ["updatedRows"] = rows.Count,
            ["updatedColumns"] = rows.Count == 0 ? 0 : rows.Max(r => r.Count),
            ["updatedCells"] = cells,
        });
    }

    private ApiResult Token(IFormCollection? form)
    {
        var grant = form?["grant_type"].ToString();
        string? subject = grant switch
        {
            JwtBearerGrant => CheckAssertion(form!["assertion"].ToString()),
            "refresh_token" => form!["client_id"] == Credentials.ClientId && form["client_secret"] == Credentials.ClientSecret && form["refresh_token"] == Credentials.RefreshToken
                ? "user:" + Credentials.ClientId
                : null,
            _ => null,
        };
        if (subject is null)
        {
            return new ApiResult(400, new JsonObject
            {
                ["error"] = grant is JwtBearerGrant or "refresh_token" ? "invalid_grant" : "unsupported_grant_type",
                ["error_description"] = grant is JwtBearerGrant ? "Invalid JWT Signature." : grant == "refresh_token" ? "Bad Request" : "Invalid grant_type.",
            });
        }

        return ApiResult.Ok(new JsonObject
        {
            ["access_token"] = _tokens.Issue(subject),
            ["expires_in"] = (int)_options.TokenLifetime.TotalSeconds,
            ["token_type"] = "Bearer",
            ["scope"] = SheetsScope,
        });
    }

    // Google.Apis.Auth addresses the assertion to Google's token endpoint whatever token_uri says, and Google accepts that.
    private const string GoogleTokenUri = "https://oauth2.googleapis.com/token";

    // An RS256 JWT signed with the service account's key, issued by it, for this token endpoint, with the Sheets scope, unexpired.
    private string? CheckAssertion(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            if (!Credentials.Key.VerifyData(signed, Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return null;
            }

            using var claims = JsonDocument.Parse(Base64Url(parts[1]));
            var root = claims.RootElement;
            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            var scopes = root.TryGetProperty("scope", out var scope) ? scope.GetString()?.Split(' ') ?? [] : [];
            return root.GetProperty("iss").GetString() == Credentials.ServiceAccountEmail
                && root.GetProperty("aud").GetString() is { } audience && (audience == TokenUri || audience == GoogleTokenUri)
                && root.GetProperty("exp").GetInt64() > now
                && scopes.Contains(SheetsScope, StringComparer.Ordinal)
                ? "sa:" + Credentials.ServiceAccountEmail
                : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or KeyNotFoundException or InvalidOperationException or CryptographicException)
        {
            return null;
        }
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }

    private static ApiResult Error(int code, string status, string message) =>
        new(code, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status } });
}
