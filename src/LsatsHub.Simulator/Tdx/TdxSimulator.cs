using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LsatsHub.Simulator.Hosting;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;
using Microsoft.AspNetCore.Http;

namespace LsatsHub.Simulator.Tdx;

/// <summary>
/// A TeamDynamix Web API stand-in on 127.0.0.1: production (<c>/TDWebApi/api</c>) and sandbox (<c>/SBTDWebApi/api</c>) base paths,
/// JWT auth with expiry, per-route fixed-window rate limits with 429 and X-RateLimit-* headers, switchable faults, and a journal.
/// </summary>
public sealed class TdxSimulator : IAsyncDisposable
{
    private static readonly string[] ProductionPrefix = ["tdwebapi", "api"];
    private static readonly string[] SandboxPrefix = ["sbtdwebapi", "api"];
    private readonly TdxApi _api;
    private readonly TdxSimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly TdxTokenService _tokens;
    private readonly FixedWindowRateLimiter _limiter;
    private LoopbackServer? _server;

    private TdxSimulator(SimWorld world, TdxSimulatorOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        Store = new TdxStore(new WorldIndex(world), time);
        Credentials = TdxCredentials.For(world.Options.Seed, Store.Projection.Beid);
        Faults = new FaultSettings(world.Options.Seed);
        _tokens = new TdxTokenService(time, options.TokenLifetime);
        _limiter = new FixedWindowRateLimiter(time, options.RateLimitWindow);
        _api = new TdxApi(Store, _tokens, Credentials, options);
    }

    /// <summary>The server root (http://127.0.0.1:port/).</summary>
    public Uri Address => _server!.Address;

    /// <summary>TDX_BASE_URL for production.</summary>
    public string ProductionBaseUrl => Address + "TDWebApi/api";

    /// <summary>TDX_BASE_URL for the sandbox.</summary>
    public string SandboxBaseUrl => Address + "SBTDWebApi/api";

    /// <summary>Accepted credentials (BEID + web services key, username + password).</summary>
    public TdxCredentials Credentials { get; }

    /// <summary>The tenant's data and the writes clients made.</summary>
    public TdxStore Store { get; }

    /// <summary>Switchable faults.</summary>
    public FaultSettings Faults { get; }

    /// <summary>Every request received.</summary>
    public RequestJournal Journal { get; } = new();

    /// <summary>Starts a simulator serving <paramref name="world"/>.</summary>
    public static async Task<TdxSimulator> StartAsync(SimWorld world, TdxSimulatorOptions? options = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(world);
        options ??= new TdxSimulatorOptions();
        var simulator = new TdxSimulator(world, options, time ?? TimeProvider.System);
        simulator._server = await LoopbackServer.StartAsync(simulator.HandleAsync, options.Port, cancellationToken).ConfigureAwait(false);
        return simulator;
    }

    /// <summary>Invalidates every token issued so far.</summary>
    public void RevokeTokens() => _tokens.RevokeAll();

    /// <summary>Starts every rate-limit window afresh.</summary>
    public void ResetRateLimits() => _limiter.Reset();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var cancel = context.RequestAborted;
        var request = await SimulatorRequest.ReadAsync(context, cancel).ConfigureAwait(false);
        var segments = request.Segments;
        var lower = segments.Take(2).Select(s => s.ToLowerInvariant()).ToArray();
        if (segments.Length < 2 || !(lower.SequenceEqual(ProductionPrefix) || lower.SequenceEqual(SandboxPrefix)))
        {
            await RespondAsync(context, request, ApiResult.NotFound($"Path {request.Path}"), cancel).ConfigureAwait(false);
            return;
        }

        var route = _api.Match(request.Method, segments[2..], request.Query);
        if (route is not { } found)
        {
            await RespondAsync(context, request, ApiResult.NotFound($"Endpoint {request.Method} {request.Path}"), cancel).ConfigureAwait(false);
            return;
        }

        if (Faults.TakeDrop())
        {
            Journal.Add(new JournalEntry(request.Method, request.Path, request.QueryString, request.Body, _time.GetUtcNow(), 0));
            context.Abort();
            return;
        }

        if (Faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Latency, _time, cancel).ConfigureAwait(false);
        }

        string? subject = null;
        if (!found.Anonymous)
        {
            var header = context.Request.Headers.Authorization.ToString();
            subject = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? _tokens.Validate(header[7..].Trim()) : null;
            if (subject is null)
            {
                await RespondAsync(context, request, new ApiResult(401, Text: "Unauthorized: missing, invalid or expired bearer token."), cancel).ConfigureAwait(false);
                return;
            }
        }

        if (_options.RateLimitEnabled)
        {
            var key = found.Template == "GET reports/{id}" ? subject ?? "anonymous" : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var decision = _limiter.Acquire(found.Template, key, _api.LimitFor(found.Template));
            context.Response.Headers["X-RateLimit-Limit"] = decision.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_options.SendResetHeader)
            {
                context.Response.Headers["X-RateLimit-Reset"] = decision.ResetHeader;
            }

            if (!decision.Allowed || Faults.TakeForcedRateLimit(found.Template))
            {
                await RespondAsync(context, request, ApiResult.Error(429, $"Rate limit of {decision.Limit} calls per {_options.RateLimitWindow.TotalSeconds:0} s exceeded for {found.Template}."), cancel).ConfigureAwait(false);
                return;
            }
        }
        else if (Faults.TakeForcedRateLimit(found.Template))
        {
            await RespondAsync(context, request, ApiResult.Error(429, "Rate limit exceeded (injected)."), cancel).ConfigureAwait(false);
            return;
        }

        if (Faults.TakeServerError() || IsAboutFailingTicket(segments))
        {
            await RespondAsync(context, request, ApiResult.Error(500, "An unexpected error occurred (injected)."), cancel).ConfigureAwait(false);
            return;
        }

        JsonNode? body = null;
        if (!string.IsNullOrWhiteSpace(request.Body))
        {
            try
            {
                body = JsonNode.Parse(request.Body);
            }
            catch (JsonException e)
            {
                await RespondAsync(context, request, ApiResult.Error(400, "The request body is not valid JSON: " + e.Message), cancel).ConfigureAwait(false);
                return;
            }
        }

        await RespondAsync(context, request, found.Handler(body, subject), cancel).ConfigureAwait(false);
    }

    private bool IsAboutFailingTicket(string[] segments)
    {
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            if (string.Equals(segments[i], "tickets", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(segments[i + 1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id)
                && Faults.IsTicketFailing(id))
            {
                return true;
            }
        }

        return false;
    }

    private async Task RespondAsync(HttpContext context, SimulatorRequest request, ApiResult result, CancellationToken cancel)
    {
        Journal.Add(new JournalEntry(request.Method, request.Path, request.QueryString, request.Body, _time.GetUtcNow(), result.Status));
        await WriteAsync(context, result, Faults, cancel).ConfigureAwait(false);
    }

    /// <summary>Writes a result, applying the empty-body and malformed-body faults to successful JSON.</summary>
    internal static async Task WriteAsync(HttpContext context, ApiResult result, FaultSettings faults, CancellationToken cancel)
    {
        context.Response.StatusCode = result.Status;
        if (result.Text is { } text)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(text, cancel).ConfigureAwait(false);
            return;
        }

        if (result.Json is null)
        {
            return;
        }

        // UTF-8 bytes at once, not a UTF-16 string and then its bytes: a search of every user is tens of MB at scale 1.0.
        var json = JsonSerializer.SerializeToUtf8Bytes(result.Json);
        if (result.Status is >= 200 and < 300)
        {
            if (faults.TakeEmpty())
            {
                return;
            }

            if (faults.TakeMalformed())
            {
                json = json[..(json.Length / 2)];
            }
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(json, cancel).ConfigureAwait(false);
    }
}
