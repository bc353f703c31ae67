using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LsatsHub.Simulator.Hosting;

namespace LsatsHub.Simulator.Tdx;

/// <summary>The TDX endpoints the bronze steps and the ticket daemon call (docs/sources.md, TeamDynamix), dispatched on normalised path segments.</summary>
internal sealed class TdxApi(TdxStore store, TdxTokenService tokens, TdxCredentials credentials, TdxSimulatorOptions options)
{
    private const int DaemonReport = 1344;
    private const int ComplianceReport = 31623;

    /// <summary>Finds the route: its template (the rate-limit key), whether it needs a token, and its handler.</summary>
    public (string Template, bool Anonymous, Func<JsonNode?, string?, ApiResult> Handler)? Match(string method, string[] s, IReadOnlyDictionary<string, string> query)
    {
        var l = s.Select(x => x.ToLowerInvariant()).ToArray();
        return (method, l) switch
        {
            ("POST", ["auth", "loginadmin"]) => ("POST auth/loginadmin", true, (b, _) => LoginAdmin(b as JsonObject)),
            ("POST", ["auth"]) or ("POST", ["auth", "login"]) => ("POST auth", true, (b, _) => Login(b as JsonObject)),
            ("POST", ["people", "search"]) => ("POST people/search", false, (b, _) => Guarded(() => ApiResult.Ok(store.SearchPeople(b as JsonObject)))),
            ("GET", ["people", var uid]) => ("GET people/{uid}", false, (_, _) => store.User(uid) is { } u ? ApiResult.Ok(u) : ApiResult.NotFound($"User {uid}")),
            ("GET", ["accounts"]) => ("GET accounts", false, (_, _) => ApiResult.Ok(store.Accounts())),
            ("GET", ["accounts", var id]) => ("GET accounts/{id}", false, (_, _) => WithId(id, i => store.Account(i), "Account")),
            ("POST", [_, "assets", "search"]) => ("POST assets/search", false, (b, _) => Guarded(() => ApiResult.Ok(store.SearchAssets(b as JsonObject)))),
            ("GET", [_, "assets", var id]) => ("GET assets/{id}", false, (_, _) => WithId(id, i => store.Asset(i), "Asset")),
            ("POST", [_, "assets", var id, "tickets", var ticket]) => ("POST assets/{id}/tickets/{ticketId}", false, (_, _) => LinkAsset(ticket, id)),
            ("POST", [_, "cmdb", "search"]) => ("POST cmdb/search", false, (b, _) => Guarded(() => ApiResult.Ok(store.SearchCis(b as JsonObject)))),
            ("POST", [_, "cmdb", "relationships", "bulkadd"]) => ("POST cmdb/relationships/bulkadd", false, (b, _) => Guarded(() => ApiResult.Ok(store.BulkAddRelationships(b as JsonObject)))),
            ("POST", [_, "cmdb"]) => ("POST cmdb", false, (b, _) => b is JsonObject o ? Guarded(() => new ApiResult(201, store.SaveCi(null, o))) : ApiResult.Error(400, "A configuration item body is required.")),
            ("GET", [_, "cmdb", var id]) => ("GET cmdb/{id}", false, (_, _) => WithId(id, i => store.Ci(i), "Configuration item")),
            ("PUT", [_, "cmdb", var id]) => ("PUT cmdb/{id}", false, (b, _) => UpdateCi(id, b as JsonObject)),
            ("GET", [_, "cmdb", var id, "relationships"]) => ("GET cmdb/{id}/relationships", false, (_, _) => WithId(id, i => store.Ci(i) is null ? null : store.Relationships(i), "Configuration item")),
            ("DELETE", [_, "cmdb", var id, "relationships", var relationship]) => ("DELETE cmdb/{id}/relationships/{relationshipId}", false, (_, _) => DeleteRelationship(id, relationship)),
            ("GET", [_, "cmdb", var id, "tickets"]) => ("GET cmdb/{id}/tickets", false, (_, _) => WithId(id, i => store.Ci(i) is null ? null : store.TicketsOfCi(i), "Configuration item")),
            ("POST", [_, "cmdb", var id, "tickets", var ticket]) => ("POST cmdb/{id}/tickets/{ticketId}", false, (_, _) => LinkCi(ticket, id)),
            ("POST", [_, "tickets", "search"]) => ("POST tickets/search", false, (b, _) => Guarded(() => ApiResult.Ok(store.SearchTickets(b as JsonObject, options.TicketSearchCap)))),
            ("POST", [_, "tickets"]) => ("POST tickets", false, (b, _) => b is JsonObject o ? Guarded(() => new ApiResult(201, store.CreateTicket(o))) : ApiResult.Error(400, "A ticket body is required.")),
            ("GET", [_, "tickets", var id]) => ("GET tickets/{id}", false, (_, _) => WithId(id, store.Ticket, "Ticket")),
            ("POST", [_, "tickets", var id]) => ("POST tickets/{id}", false, (b, _) => EditTicket(id, b, "ticket.edit")),
            ("PATCH", [_, "tickets", var id]) => ("PATCH tickets/{id}", false, (b, _) => EditTicket(id, b, "ticket.patch")),
            ("GET", [_, "tickets", var id, "assets"]) => ("GET tickets/{id}/assets", false, (_, _) => WithId(id, i => store.Ticket(i) is null ? null : store.TicketCis(i), "Ticket")),
            ("POST", [_, "tickets", var id, "assets", var asset]) => ("POST tickets/{id}/assets/{assetId}", false, (_, _) => LinkAsset(id, asset)),
            ("GET", [_, "tickets", var id, "feed"]) => ("GET tickets/{id}/feed", false, (_, _) => WithId(id, store.TicketFeed, "Ticket")),
            ("POST", [_, "tickets", var id, "feed"]) => ("POST tickets/{id}/feed", false, (b, _) => b is JsonObject o ? WithId(id, i => store.AddFeed(i, o), "Ticket") : ApiResult.Error(400, "A feed entry body is required.")),
            ("POST", [_, "tickets", var id, "contacts", var uid]) => ("POST tickets/{id}/contacts/{uid}", false, (_, _) => AddContact(id, uid)),
            ("GET", ["feed", var id]) => ("GET feed/{id}", false, (_, _) => WithId(id, store.Feed, "Feed entry")),
            ("GET", ["reports", var id]) => ("GET reports/{id}", false, (_, _) => Report(id, JsonFields.ParseBool(query.GetValueOrDefault("withData")) ?? false)),
            _ => null,
        };
    }

    /// <summary>Calls per window allowed for a route.</summary>
    public int LimitFor(string template) => template switch
    {
        "POST tickets" => options.TicketCreateRateLimit,
        "GET reports/{id}" => options.ReportRateLimit,
        _ => options.RateLimit,
    };

    private ApiResult LoginAdmin(JsonObject? body) =>
        string.Equals(JsonFields.String(body, "BEID"), credentials.Beid, StringComparison.OrdinalIgnoreCase)
        && string.Equals(JsonFields.String(body, "WebServicesKey"), credentials.WebServicesKey, StringComparison.OrdinalIgnoreCase)
            ? new ApiResult(200, Text: tokens.Issue("admin:" + credentials.Beid))
            : new ApiResult(401, Text: "Invalid BEID or web services key.");

    private ApiResult Login(JsonObject? body) =>
        string.Equals(JsonFields.String(body, "UserName"), credentials.UserName, StringComparison.OrdinalIgnoreCase)
        && JsonFields.String(body, "Password") == credentials.Password
            ? new ApiResult(200, Text: tokens.Issue("user:" + credentials.UserName))
            : new ApiResult(401, Text: "Invalid username or password.");

    private ApiResult UpdateCi(string id, JsonObject? body)
    {
        if (!int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ciId) || store.Ci(ciId) is null)
        {
            return ApiResult.NotFound($"Configuration item {id}");
        }

        return body is null ? ApiResult.Error(400, "A configuration item body is required.") : Guarded(() => ApiResult.Ok(store.SaveCi(ciId, body)));
    }

    private ApiResult DeleteRelationship(string ci, string relationship)
    {
        if (!int.TryParse(ci, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ciId) || !int.TryParse(relationship, NumberStyles.Integer, CultureInfo.InvariantCulture, out var relationshipId))
        {
            return ApiResult.Error(400, "Configuration item and relationship ids must be integers.");
        }

        return store.DeleteRelationship(ciId, relationshipId)
            ? ApiResult.Ok(new JsonObject { ["Message"] = $"Relationship {relationshipId} removed from configuration item {ciId}." })
            : ApiResult.NotFound($"Relationship {relationshipId} of configuration item {ciId}");
    }

    private ApiResult LinkAsset(string ticket, string asset)
    {
        if (!int.TryParse(ticket, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticketId) || !int.TryParse(asset, NumberStyles.Integer, CultureInfo.InvariantCulture, out var assetId))
        {
            return ApiResult.Error(400, "Ticket and asset ids must be integers.");
        }

        return store.CiOfAsset(assetId) is { } ci && store.LinkCi(ticketId, ci, "ticket.asset")
            ? ApiResult.Ok(new JsonObject { ["Message"] = $"Asset {assetId} added to ticket {ticketId}." })
            : ApiResult.NotFound($"Ticket {ticketId} or asset {assetId}");
    }

    private ApiResult LinkCi(string ticket, string ci)
    {
        if (!int.TryParse(ticket, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticketId) || !int.TryParse(ci, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ciId))
        {
            return ApiResult.Error(400, "Ticket and configuration item ids must be integers.");
        }

        return store.LinkCi(ticketId, ciId, "ticket.ci") ? ApiResult.Ok(store.Ci(ciId)) : ApiResult.NotFound($"Ticket {ticketId} or configuration item {ciId}");
    }

    private ApiResult EditTicket(string id, JsonNode? body, string kind)
    {
        if (!int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticketId))
        {
            return ApiResult.Error(400, "The ticket id must be an integer.");
        }

        var changes = body switch
        {
            JsonObject o => o,
            JsonArray patch => PatchToObject(patch),
            _ => null,
        };
        if (changes is null)
        {
            return ApiResult.Error(400, "A ticket or a patch document is required.");
        }

        return store.UpdateTicket(ticketId, changes, kind) is { } t ? ApiResult.Ok(t) : ApiResult.NotFound($"Ticket {ticketId}");
    }

    private static JsonObject PatchToObject(JsonArray patch)
    {
        var changes = new JsonObject();
        foreach (var op in patch.OfType<JsonObject>())
        {
            if (JsonFields.String(op, "op") is "add" or "replace" && JsonFields.String(op, "path") is { } path)
            {
                changes[path.TrimStart('/')] = JsonFields.Get(op, "value")?.DeepClone();
            }
        }

        return changes;
    }

    private ApiResult AddContact(string id, string uid) =>
        int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticketId) && store.AddContact(ticketId, uid)
            ? ApiResult.Ok(new JsonObject { ["Message"] = $"Contact {uid} added to ticket {ticketId}." })
            : ApiResult.NotFound($"Ticket {id} or user {uid}");

    private ApiResult Report(string id, bool withData)
    {
        if (!int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var reportId) || reportId is not (DaemonReport or ComplianceReport))
        {
            return ApiResult.NotFound($"Report {id}");
        }

        var (name, filter) = reportId == DaemonReport
            ? ("Desktop Support-East Hall Unassigned Tickets", (Func<JsonObject, bool>)(t => TdxStore.ActiveStatuses.Contains(t["StatusID"]!.GetValue<int>()) && t["ResponsibleGroupID"]!.GetValue<int>() == 367))
            : ("Unified List Mgmt - Awaiting Input", t => t["StatusID"]!.GetValue<int>() == 620 && t["ResponsibleGroupID"]!.GetValue<int>() == 1678);
        var columns = new JsonArray([.. new[] { ("TicketID", "ID", "Int32"), ("Title", "Title", "String"), ("CustomerName", "Requestor", "String"), ("StatusName", "Status", "String") }
            .Select(c => (JsonNode)new JsonObject { ["ColumnName"] = c.Item1, ["HeaderText"] = c.Item2, ["DataType"] = c.Item3 })]);
        return ApiResult.Ok(new JsonObject
        {
            ["ID"] = reportId,
            ["Name"] = name,
            ["Description"] = "Simulated report evaluated live against the ticket store.",
            ["MaxResults"] = 0,
            ["DisplayedColumns"] = columns,
            ["DataRows"] = withData ? store.ReportRows(filter) : null,
        });
    }

    private static ApiResult WithId(string id, Func<int, JsonNode?> read, string what) =>
        !int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? ApiResult.Error(400, $"{what} id '{id}' is not an integer.")
        : read(value) is { } found ? ApiResult.Ok(found) : ApiResult.NotFound($"{what} {value}");

    private static ApiResult Guarded(Func<ApiResult> action)
    {
        try
        {
            return action();
        }
        catch (FormatException e)
        {
            return ApiResult.Error(400, e.Message);
        }
        catch (JsonException e)
        {
            return ApiResult.Error(400, e.Message);
        }
    }
}
