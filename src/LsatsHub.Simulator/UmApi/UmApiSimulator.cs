using System.Globalization;
using System.Text.Json.Nodes;
using LsatsHub.Simulator.Hosting;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Simulator.World;
using Microsoft.AspNetCore.Http;

namespace LsatsHub.Simulator.UmApi;

/// <summary>
/// The UMich API gateway stand-in on 127.0.0.1: OAuth2 client-credentials token at <c>/um/oauth2/token</c>,
/// <c>/um/{category}/Department/v2/DeptData</c> and <c>DeptEmpData</c> with $count/$start_index paging, bearer check, 429.
/// </summary>
public sealed class UmApiSimulator : IAsyncDisposable
{
    private readonly UmApiSimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly TdxTokenService _tokens;
    private readonly FixedWindowRateLimiter _limiter;
    private readonly List<JsonObject> _departments;
    private readonly UmApiProjection _projection;
    // People and employments, not their JSON: each record is made when a page is served (21 JsonObject fields per
    // employment took 23 MB at scale 0.1).
    private readonly List<(Person Person, Employment Employment)> _employees;
    private LoopbackServer? _server;

    private UmApiSimulator(SimWorld world, UmApiSimulatorOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _projection = new UmApiProjection(new WorldIndex(world));
        _departments = [.. _projection.Departments()];
        _employees = [.. _projection.Employments()];
        Credentials = UmApiCredentials.For(world.Options.Seed);
        Faults = new FaultSettings(world.Options.Seed + 1);
        _tokens = new TdxTokenService(time, options.TokenLifetime);
        _limiter = new FixedWindowRateLimiter(time, options.RateLimitWindow);
    }

    /// <summary>The server root.</summary>
    public Uri Address => _server!.Address;

    /// <summary>UM_BASE_URL (…/um).</summary>
    public string BaseUrl => Address + "um";

    /// <summary>The token endpoint.</summary>
    public string TokenUrl => Address + "um/oauth2/token";

    /// <summary>UM_CATEGORY_ID.</summary>
    public string CategoryId => _options.CategoryId;

    /// <summary>Accepted client credentials.</summary>
    public UmApiCredentials Credentials { get; }

    /// <summary>Switchable faults.</summary>
    public FaultSettings Faults { get; }

    /// <summary>Every request received.</summary>
    public RequestJournal Journal { get; } = new();

    /// <summary>Number of DeptData records served.</summary>
    public int DepartmentCount => _departments.Count;

    /// <summary>Number of DeptEmpData records served.</summary>
    public int EmployeeCount => _employees.Count;

    /// <summary>Starts a simulator serving <paramref name="world"/>.</summary>
    public static async Task<UmApiSimulator> StartAsync(SimWorld world, UmApiSimulatorOptions? options = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(world);
        options ??= new UmApiSimulatorOptions();
        var simulator = new UmApiSimulator(world, options, time ?? TimeProvider.System);
        simulator._server = await LoopbackServer.StartAsync(simulator.HandleAsync, options.Port, cancellationToken).ConfigureAwait(false);
        return simulator;
    }

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
        var isForm = context.Request.HasFormContentType;
        var form = isForm ? await context.Request.ReadFormAsync(cancel).ConfigureAwait(false) : null;
        var request = await SimulatorRequest.ReadAsync(context, cancel).ConfigureAwait(false);
        var s = request.Segments.Select(x => x.ToLowerInvariant()).ToArray();
        var result = (request.Method, s) switch
        {
            ("POST", ["um", "oauth2", "token"]) => Token(form),
            ("GET", ["um", var category, "department", "v2", var resource]) when string.Equals(category, _options.CategoryId, StringComparison.OrdinalIgnoreCase)
                && resource is "deptdata" or "deptempdata" => null,
            _ => ApiResult.NotFound($"Path {request.Path}"),
        };

        if (result is null)
        {
            if (Faults.TakeDrop())
            {
                Journal.Add(new JournalEntry(request.Method, request.Path, request.QueryString, request.Body, _time.GetUtcNow(), 0));
                context.Abort();
                return;
            }

            var header = context.Request.Headers.Authorization.ToString();
            var subject = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? _tokens.Validate(header[7..].Trim()) : null;
            if (subject is null)
            {
                result = ApiResult.Error(401, "Unauthorized: missing, invalid or expired access token.");
            }
            else if (Limited(context, s[^1]))
            {
                result = ApiResult.Error(429, "Too many requests.");
            }
            else if (Faults.TakeServerError())
            {
                result = ApiResult.Error(500, "Internal error (injected).");
            }
            else
            {
                result = s[^1] == "deptdata" ? Departments(request.Query) : Employees(request.Query);
            }
        }

        Journal.Add(new JournalEntry(request.Method, request.Path, request.QueryString, request.Body, _time.GetUtcNow(), result.Status));
        await TdxSimulator.WriteAsync(context, result, Faults, cancel).ConfigureAwait(false);
    }

    private bool Limited(HttpContext context, string route)
    {
        if (Faults.TakeForcedRateLimit(route) || Faults.TakeForcedRateLimit("GET " + route))
        {
            SetResetHeader(context, _time.GetUtcNow() + _options.RateLimitWindow);
            return true;
        }

        if (!_options.RateLimitEnabled)
        {
            return false;
        }

        var decision = _limiter.Acquire("department", context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _options.RateLimit);
        context.Response.Headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        SetResetHeader(context, decision.Reset);
        return !decision.Allowed;
    }

    private void SetResetHeader(HttpContext context, DateTimeOffset reset)
    {
        if (_options.SendResetHeader)
        {
            context.Response.Headers["X-RateLimit-Reset"] = reset.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
        }
    }

    private ApiResult Token(IFormCollection? form)
    {
        if (form is null || form["grant_type"] != "client_credentials")
        {
            return new ApiResult(400, new JsonObject { ["error"] = "unsupported_grant_type", ["error_description"] = "grant_type must be client_credentials (form encoded)." });
        }

        if (form["client_id"] != Credentials.ClientId || form["client_secret"] != Credentials.ClientSecret)
        {
            return new ApiResult(401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "Unknown client_id or wrong client_secret." });
        }

        var scope = form["scope"].ToString();
        if (!scope.Split(' ').Contains("department", StringComparer.Ordinal))
        {
            return new ApiResult(400, new JsonObject { ["error"] = "invalid_scope", ["error_description"] = $"Scope '{scope}' is not granted; use 'department'." });
        }

        return ApiResult.Ok(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["access_token"] = _tokens.Issue(Credentials.ClientId + ":" + scope),
            ["expires_in"] = (int)_options.TokenLifetime.TotalSeconds,
            ["consented_on"] = _time.GetUtcNow().ToUnixTimeSeconds(),
            ["scope"] = scope,
        });
    }

    private ApiResult Departments(IReadOnlyDictionary<string, string> query)
    {
        var hits = _departments.Where(d => Matches(d, query, "DeptId", "DeptDescription", "DeptGroup", "DeptGroupDescription")).ToList();
        return Page(hits, h => (JsonObject)h.DeepClone(), query, "DepartmentList", "DeptData");
    }

    private ApiResult Employees(IReadOnlyDictionary<string, string> query)
    {
        var filters = query.ToDictionary(q => q.Key == "Uniqname" ? "UniqName" : q.Key == "DepartmentId" ? "DepartmentId" : q.Key, q => q.Value, StringComparer.OrdinalIgnoreCase);
        var hits = _employees.Where(e => Matches(filters, field => field switch
        {
            "EmplId" => e.Person.EmplId,
            "UniqName" => e.Person.Uniqname,
            "DepartmentId" => _projection.DepartmentOf(e.Employment).DeptId,
            _ => _projection.DepartmentOf(e.Employment).Name,
        }, "EmplId", "UniqName", "DepartmentId", "Dept_Description")).ToList();
        return Page(hits, e => _projection.Employee(e.Person, e.Employment), query, "DeptEmpInfo", "DeptEmpData");
    }

    private ApiResult Page<T>(List<T> hits, Func<T, JsonObject> record, IReadOnlyDictionary<string, string> query, string envelope, string list)
    {
        var count = int.TryParse(query.GetValueOrDefault("count"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) && c > 0 ? Math.Min(c, _options.MaxPageSize) : _options.MaxPageSize;
        var start = int.TryParse(query.GetValueOrDefault("start_index"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i > 0 ? i : 0;
        var page = hits.Skip(start).Take(count).Select(h => (JsonNode)record(h)).ToList();
        // The gateway returns a lone record as an object, not a one-element list (docs/sources.md, UMich API).
        JsonNode? records = page.Count == 1 ? page[0] : new JsonArray([.. page]);
        return ApiResult.Ok(new JsonObject { [envelope] = new JsonObject { [list] = records } });
    }

    private static bool Matches(JsonObject record, IReadOnlyDictionary<string, string> query, params string[] fields) =>
        Matches(query, field => record[field]?.ToString(), fields);

    private static bool Matches(IReadOnlyDictionary<string, string> query, Func<string, string?> value, params string[] fields)
    {
        foreach (var field in fields)
        {
            if (query.TryGetValue(field, out var wanted) && !string.IsNullOrEmpty(wanted)
                && !string.Equals(value(field), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
