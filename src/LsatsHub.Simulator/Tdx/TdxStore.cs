using System.Text.Json.Nodes;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Hosting;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Tdx;

/// <summary>The simulator's in-memory TDX tenant, seeded from a world; every write is recorded in <see cref="Writes"/>.</summary>
public sealed class TdxStore
{
    /// <summary>Ticket status ids treated as active (docs/sources.md, TeamDynamix constant ids).</summary>
    public static readonly IReadOnlySet<int> ActiveStatuses = new HashSet<int> { 115, 117, 121, 619, 620, 622 };

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<int, JsonObject> _accounts = [];
    private readonly Dictionary<string, TdxUserRow> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, TdxAssetRow> _assets = [];
    private readonly Dictionary<int, JsonObject> _cis = [];
    private readonly List<JsonObject> _relationships = [];
    private readonly Dictionary<int, JsonObject> _tickets = [];
    private readonly Dictionary<int, SortedSet<int>> _ticketCis = [];
    private readonly Dictionary<int, SortedSet<string>> _ticketContacts = [];
    private readonly Dictionary<int, JsonObject> _feed = [];
    private readonly Dictionary<int, List<int>> _ticketFeed = [];
    private readonly List<TdxWrite> _writes = [];
    private int _nextCi = 900_000;
    private int _nextRelationship = 1;
    private int _nextTicket = 5_000_000;
    private int _nextFeed = 80_000_000;

    /// <summary>Seeds the tenant from <paramref name="index"/>.</summary>
    public TdxStore(WorldIndex index, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(index);
        _time = time;
        Projection = new TdxProjection(index);
        foreach (var department in Projection.AccountDepartments)
        {
            _accounts[department.TdxAccountId] = Projection.Account(department, full: true);
        }

        foreach (var person in Projection.Users)
        {
            _users[person.TdxUid.ToString()] = TdxUserRow.Of(Projection.User(person, full: true));
        }

        foreach (var computer in Projection.Assets)
        {
            _assets[computer.TdxAssetId] = TdxAssetRow.Of(Projection.Asset(computer, full: true));
            _cis[computer.TdxCiId] = Projection.AssetCi(computer);
        }

        SeedTickets(index);
    }

    /// <summary>The projection the tenant was seeded from.</summary>
    public TdxProjection Projection { get; }

    /// <summary>Every write so far.</summary>
    public IReadOnlyList<TdxWrite> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    /// <summary>A ticket by id (a copy), or null.</summary>
    public JsonObject? Ticket(int id)
    {
        lock (_gate)
        {
            return _tickets.TryGetValue(id, out var t) ? (JsonObject)t.DeepClone() : null;
        }
    }

    /// <summary>
    /// Admin hook for tests: changes a user's <c>Title</c> as a TDX administrator would (not recorded as a client write),
    /// e.g. to make someone findable as a "Chief Administrator".
    /// </summary>
    /// <param name="uid">The user's UID.</param>
    /// <param name="title">The new title.</param>
    /// <returns>False when there is no such user.</returns>
    public bool SetUserTitle(string uid, string title)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(uid, out var row))
            {
                return false;
            }

            var user = row.Parse();
            user["Title"] = title;
            _users[uid] = TdxUserRow.Of(user);
            return true;
        }
    }

    /// <summary>The contacts (UIDs) of a ticket.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <returns>The UIDs, sorted.</returns>
    public IReadOnlyList<string> TicketContacts(int ticketId)
    {
        lock (_gate)
        {
            return [.. _ticketContacts.GetValueOrDefault(ticketId) ?? []];
        }
    }

    /// <summary>The CIs (ids) linked to a ticket.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <returns>The CI ids, sorted.</returns>
    public IReadOnlyList<int> TicketCiIds(int ticketId)
    {
        lock (_gate)
        {
            return [.. _ticketCis.GetValueOrDefault(ticketId) ?? []];
        }
    }

    /// <summary>All ticket ids.</summary>
    public IReadOnlyList<int> TicketIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _tickets.Keys.Order()];
            }
        }
    }

    internal JsonArray Accounts()
    {
        lock (_gate)
        {
            return [.. _accounts.Values.Where(a => a["IsActive"]!.GetValue<bool>()).OrderBy(a => a["ID"]!.GetValue<int>()).Select(a => Without(a, "Attributes", "Address1", "Address2", "City", "StateAbbr", "PostalCode", "Country"))];
        }
    }

    internal JsonObject? Account(int id) => Read(_accounts, id);

    internal JsonObject? User(string uid)
    {
        lock (_gate)
        {
            return _users.TryGetValue(uid, out var u) ? u.Parse() : null;
        }
    }

    internal JsonArray SearchPeople(JsonObject? body)
    {
        var userName = JsonFields.String(body, "UserName");
        var alternateId = JsonFields.String(body, "AlternateID");
        var text = JsonFields.String(body, "SearchText");
        var accounts = JsonFields.IntList(body, "AccountIDs")?.ToHashSet();
        var active = JsonFields.Bool(body, "IsActive");
        var max = JsonFields.Int(body, "MaxResults");
        lock (_gate)
        {
            var hits = _users.Values.Where(u =>
                (userName is null || string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase))
                && (alternateId is null || string.Equals(u.AlternateId, alternateId, StringComparison.OrdinalIgnoreCase))
                && (text is null || new[] { u.FullName, u.UserName, u.PrimaryEmail, u.AlternateId }.Any(f => f?.Contains(text, StringComparison.OrdinalIgnoreCase) == true))
                && (accounts is null || accounts.Contains(u.DefaultAccountId))
                && (active is null || u.IsActive == active))
                .OrderBy(u => u.ReferenceId);
            return [.. (max is > 0 ? hits.Take(max.Value) : hits).Select(u => CompactJson.ParseWithout(u.Json, "Attributes", "Applications", "OrgApplications", "GroupIDs", "Permissions"))];
        }
    }

    internal JsonObject? Asset(int id)
    {
        lock (_gate)
        {
            return _assets.TryGetValue(id, out var a) ? a.Parse() : null;
        }
    }

    internal JsonArray SearchAssets(JsonObject? body)
    {
        var serial = JsonFields.String(body, "SerialLike");
        var text = JsonFields.String(body, "SearchText");
        var statuses = JsonFields.IntList(body, "StatusIDs")?.ToHashSet();
        var forms = JsonFields.IntList(body, "FormIDs")?.ToHashSet();
        var owners = JsonFields.StringList(body, "OwningCustomerIDs")?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var max = JsonFields.Int(body, "MaxResults");
        lock (_gate)
        {
            var hits = _assets.Values.Where(a =>
                (serial is null || a.SearchedText[TdxAssetRow.SerialNumber]!.Contains(serial, StringComparison.OrdinalIgnoreCase) || a.SearchedText[TdxAssetRow.Tag]!.Contains(serial, StringComparison.OrdinalIgnoreCase))
                && (text is null || a.SearchedText.Any(f => f?.Contains(text, StringComparison.OrdinalIgnoreCase) == true))
                && (statuses is null || statuses.Contains(a.StatusId))
                && (forms is null || forms.Contains(a.FormId))
                && (owners is null || owners.Contains(a.OwningCustomerId!)))
                .OrderBy(a => a.Id);
            return [.. (max is > 0 ? hits.Take(max.Value) : hits).Select(a => CompactJson.ParseWithout(a.Json, "Attributes", "Attachments"))];
        }
    }

    internal JsonObject? Ci(int id) => Read(_cis, id);

    internal JsonArray SearchCis(JsonObject? body)
    {
        var name = JsonFields.String(body, "NameLike");
        var types = JsonFields.IntList(body, "TypeIDs")?.ToHashSet();
        var active = JsonFields.Bool(body, "IsActive");
        lock (_gate)
        {
            return [.. _cis.Values.Where(c =>
                (name is null || S(c, "Name")!.Contains(name, StringComparison.OrdinalIgnoreCase))
                && (types is null || types.Contains(JsonFields.ToInt(c["TypeID"]) ?? 0))
                && (active is null || JsonFields.ToBool(c["IsActive"]) == active))
                .OrderBy(c => c["ID"]!.GetValue<int>()).Select(c => c.DeepClone())];
        }
    }

    internal JsonObject SaveCi(int? id, JsonObject body)
    {
        lock (_gate)
        {
            var ciId = id ?? ++_nextCi;
            var ci = new JsonObject();
            foreach (var (key, value) in body)
            {
                ci[key] = value?.DeepClone();
            }

            foreach (var key in new[] { "TypeID", "LocationID", "FormID", "OwningDepartmentID", "MaintenanceScheduleID", "ExternalSourceID", "AppID" })
            {
                if (JsonFields.Get(ci, key) is { } value)
                {
                    ci.Remove(key);
                    ci[key] = JsonFields.ToInt(value) ?? 0;
                }
            }

            foreach (var key in new[] { "IsActive", "IsSystemMaintained" })
            {
                if (JsonFields.Get(ci, key) is { } value)
                {
                    ci.Remove(key);
                    ci[key] = JsonFields.ToBool(value) ?? false;
                }
            }

            ci["ID"] = ciId;
            ci["BackingItemID"] = ciId;
            ci["BackingItemType"] = TdxConstants.BackingPlainCi;
            ci["Uri"] = $"api/{TdxConstants.AssetsAppId}/cmdb/{ciId}";
            ci["ModifiedDateUtc"] = Formats.TdxDate(_time.GetUtcNow());
            _cis[ciId] = ci;
            _writes.Add(new TdxWrite(id is null ? "ci.create" : "ci.update", ciId, body.DeepClone(), _time.GetUtcNow()));
            return (JsonObject)ci.DeepClone();
        }
    }

    internal JsonArray Relationships(int ciId)
    {
        lock (_gate)
        {
            return [.. _relationships.Where(r => r["ParentID"]!.GetValue<int>() == ciId || r["ChildID"]!.GetValue<int>() == ciId).Select(r => r.DeepClone())];
        }
    }

    internal JsonObject BulkAddRelationships(JsonObject? body)
    {
        var added = 0;
        var notAdded = 0;
        var errors = new JsonArray();
        lock (_gate)
        {
            foreach (var item in JsonFields.Get(body, "Relationships") as JsonArray ?? [])
            {
                var parent = JsonFields.Int(item as JsonObject, "ParentItemID") ?? 0;
                var child = JsonFields.Int(item as JsonObject, "ChildItemID") ?? 0;
                var type = JsonFields.Int(item as JsonObject, "RelationshipTypeID") ?? 0;
                if (!_cis.ContainsKey(parent) || !_cis.ContainsKey(child))
                {
                    notAdded++;
                    errors.Add($"Configuration item {(!_cis.ContainsKey(parent) ? parent : child)} was not found.");
                    continue;
                }

                if (_relationships.Any(r => r["ParentID"]!.GetValue<int>() == parent && r["ChildID"]!.GetValue<int>() == child && r["RelationshipTypeID"]!.GetValue<int>() == type))
                {
                    notAdded++;
                    errors.Add($"Relationship {parent} -> {child} (type {type}) already exists.");
                    continue;
                }

                _relationships.Add(new JsonObject
                {
                    ["ID"] = _nextRelationship++,
                    ["ParentID"] = parent,
                    ["ParentName"] = S(_cis[parent], "Name"),
                    ["ChildID"] = child,
                    ["ChildName"] = S(_cis[child], "Name"),
                    ["RelationshipTypeID"] = type,
                    ["Description"] = type == 10016 ? "Located in" : "Related to",
                    ["InverseDescription"] = type == 10016 ? "Contains" : "Related to",
                    ["IsSystemMaintained"] = false,
                    ["CreatedDateUtc"] = Formats.TdxDate(_time.GetUtcNow()),
                    ["CreatedUid"] = Guid.Empty.ToString(),
                    ["CreatedFullName"] = "LSATS Hub",
                });
                added++;
            }

            _writes.Add(new TdxWrite("relationships.bulkadd", 0, body?.DeepClone(), _time.GetUtcNow()));
        }

        return new JsonObject { ["AddedCount"] = added, ["NotAddedCount"] = notAdded, ["ErrorMessages"] = errors };
    }

    /// <summary>Removes relationship <paramref name="relationshipId"/> if CI <paramref name="ciId"/> is one of its ends.</summary>
    internal bool DeleteRelationship(int ciId, int relationshipId)
    {
        lock (_gate)
        {
            var index = _relationships.FindIndex(r => r["ID"]!.GetValue<int>() == relationshipId
                && (r["ParentID"]!.GetValue<int>() == ciId || r["ChildID"]!.GetValue<int>() == ciId));
            if (index < 0)
            {
                return false;
            }

            var removed = _relationships[index];
            _relationships.RemoveAt(index);
            _writes.Add(new TdxWrite("relationship.delete", relationshipId, removed.DeepClone(), _time.GetUtcNow()));
            return true;
        }
    }

    internal JsonArray TicketsOfCi(int ciId)
    {
        lock (_gate)
        {
            return [.. _ticketCis.Where(kv => kv.Value.Contains(ciId)).Select(kv => TicketSummary(_tickets[kv.Key]))];
        }
    }

    internal bool LinkCi(int ticketId, int ciId, string kind)
    {
        lock (_gate)
        {
            if (!_tickets.ContainsKey(ticketId) || !_cis.ContainsKey(ciId))
            {
                return false;
            }

            (_ticketCis.TryGetValue(ticketId, out var set) ? set : _ticketCis[ticketId] = []).Add(ciId);
            _writes.Add(new TdxWrite(kind, ticketId, new JsonObject { ["ConfigurationItemID"] = ciId }, _time.GetUtcNow()));
            return true;
        }
    }

    internal int? CiOfAsset(int assetId)
    {
        lock (_gate)
        {
            return _assets.TryGetValue(assetId, out var a) ? a.ConfigurationItemId : null;
        }
    }

    internal JsonArray TicketCis(int ticketId)
    {
        lock (_gate)
        {
            return [.. (_ticketCis.GetValueOrDefault(ticketId) ?? []).Where(_cis.ContainsKey).Select(id => _cis[id].DeepClone())];
        }
    }

    internal JsonArray SearchTickets(JsonObject? body, int cap)
    {
        var requestors = JsonFields.StringList(body, "RequestorUids")?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var statuses = JsonFields.IntList(body, "StatusIDs")?.ToHashSet();
        var cis = JsonFields.IntList(body, "ConfigurationItemIDs")?.ToHashSet();
        var max = JsonFields.Int(body, "MaxResults");
        lock (_gate)
        {
            var hits = _tickets.Values.Where(t =>
                (requestors is null || requestors.Contains(S(t, "RequestorUid")!))
                && (statuses is null || statuses.Contains(t["StatusID"]!.GetValue<int>()))
                && (cis is null || (_ticketCis.GetValueOrDefault(t["ID"]!.GetValue<int>()) ?? []).Overlaps(cis)))
                .OrderBy(t => t["ID"]!.GetValue<int>());
            var limit = max switch { null => cap, 0 => int.MaxValue, _ => max.Value };
            return [.. hits.Take(limit).Select(TicketSummary)];
        }
    }

    internal JsonObject CreateTicket(JsonObject body)
    {
        lock (_gate)
        {
            var requestor = JsonFields.String(body, "RequestorUid");
            var user = requestor is null ? null : _users.GetValueOrDefault(requestor)?.Parse();
            if (requestor is not null && user is null)
            {
                // TDX refuses a requestor it does not know (the original sent the literal "nan" for an unmapped owner).
                throw new FormatException($"RequestorUid '{requestor}' is not a user of this tenant.");
            }

            var id = ++_nextTicket;
            var ticket = NewTicket(id, JsonFields.String(body, "Title") ?? string.Empty, JsonFields.String(body, "Description") ?? string.Empty,
                JsonFields.Int(body, "StatusID") ?? 115, JsonFields.Int(body, "ResponsibleGroupID") ?? 0, user, JsonFields.Int(body, "AccountID") ?? 0);
            foreach (var key in new[] { "TypeID", "TypeCategoryID", "FormID", "SourceID", "ServiceID", "ServiceOfferingID", "ServiceCategoryID", "PriorityID" })
            {
                ticket[key] = JsonFields.Int(body, key) ?? 0;
            }

            _tickets[id] = ticket;
            _writes.Add(new TdxWrite("ticket.create", id, body.DeepClone(), _time.GetUtcNow()));
            return (JsonObject)ticket.DeepClone();
        }
    }

    internal JsonObject? UpdateTicket(int id, JsonObject body, string kind)
    {
        lock (_gate)
        {
            if (!_tickets.TryGetValue(id, out var ticket))
            {
                return null;
            }

            foreach (var (key, value) in body)
            {
                if (!string.Equals(key, "ID", StringComparison.OrdinalIgnoreCase))
                {
                    var existing = ticket.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) ?? key;
                    ticket[existing] = value?.DeepClone();
                }
            }

            ticket["StatusName"] = StatusName(JsonFields.ToInt(ticket["StatusID"]) ?? 0);
            Touch(ticket);
            _writes.Add(new TdxWrite(kind, id, body.DeepClone(), _time.GetUtcNow()));
            return (JsonObject)ticket.DeepClone();
        }
    }

    internal JsonArray? TicketFeed(int ticketId)
    {
        lock (_gate)
        {
            return !_tickets.ContainsKey(ticketId) ? null : [.. (_ticketFeed.GetValueOrDefault(ticketId) ?? []).Select(id => Without(_feed[id], "Replies", "Likes"))];
        }
    }

    internal JsonObject? AddFeed(int ticketId, JsonObject body)
    {
        lock (_gate)
        {
            if (!_tickets.TryGetValue(ticketId, out var ticket))
            {
                return null;
            }

            var now = _time.GetUtcNow();
            var id = ++_nextFeed;
            var entry = new JsonObject
            {
                ["ID"] = id,
                ["CreatedUid"] = Guid.Empty.ToString(),
                ["CreatedFullName"] = "LSATS Hub",
                ["CreatedDate"] = Formats.TdxDate(now),
                ["LastUpdatedDate"] = Formats.TdxDate(now),
                ["Body"] = JsonFields.String(body, "Comments") ?? string.Empty,
                ["UpdateType"] = 1,
                ["IsPrivate"] = JsonFields.Bool(body, "IsPrivate") ?? false,
                ["IsParent"] = true,
                ["IsCommunication"] = JsonFields.Bool(body, "IsCommunication") ?? false,
                ["Notified"] = new JsonArray([.. (JsonFields.StringList(body, "Notify") ?? []).Where(n => n != "null").Select(n => JsonValue.Create(n))]),
                ["RepliesCount"] = 0,
                ["LikesCount"] = 0,
                ["Uri"] = $"api/feed/{id}",
                ["Replies"] = new JsonArray(),
                ["Likes"] = new JsonArray(),
            };
            _feed[id] = entry;
            (_ticketFeed.TryGetValue(ticketId, out var list) ? list : _ticketFeed[ticketId] = []).Add(id);
            if (JsonFields.Int(body, "NewStatusID") is > 0 and var status)
            {
                ticket["StatusID"] = status;
                ticket["StatusName"] = StatusName(status);
            }

            Touch(ticket);
            _writes.Add(new TdxWrite("ticket.feed", ticketId, body.DeepClone(), now));
            return Without(entry, "Replies", "Likes");
        }
    }

    internal JsonObject? Feed(int id) => Read(_feed, id);

    internal bool AddContact(int ticketId, string uid)
    {
        lock (_gate)
        {
            if (!_tickets.ContainsKey(ticketId) || !_users.ContainsKey(uid))
            {
                return false;
            }

            (_ticketContacts.TryGetValue(ticketId, out var set) ? set : _ticketContacts[ticketId] = new SortedSet<string>(StringComparer.OrdinalIgnoreCase)).Add(uid);
            _writes.Add(new TdxWrite("ticket.contact", ticketId, JsonValue.Create(uid), _time.GetUtcNow()));
            return true;
        }
    }

    internal JsonArray ReportRows(Func<JsonObject, bool> filter)
    {
        lock (_gate)
        {
            return [.. _tickets.Values.Where(filter).OrderBy(t => t["ID"]!.GetValue<int>()).Select(t => (JsonNode)new JsonObject
            {
                ["TicketID"] = t["ID"]!.GetValue<int>(),
                ["Title"] = S(t, "Title"),
                ["CustomerName"] = S(t, "RequestorName"),
                ["StatusName"] = S(t, "StatusName"),
            })];
        }
    }

    private void SeedTickets(WorldIndex index)
    {
        var random = RandomExtensions.Derive(index.World.Options.Seed, 52);
        var users = _users.Values.OrderBy(u => u.ReferenceId).ToList();
        if (users.Count == 0)
        {
            return;
        }

        foreach (var lab in index.World.Labs)
        {
            var pi = index.World.People[lab.PiPersonId];
            var computer = lab.ComputerNames.Select(n => index.Computers[n]).FirstOrDefault(c => c.InTdx);
            if (computer is null || !_users.TryGetValue(pi.TdxUid.ToString(), out var piRow))
            {
                continue;
            }

            var id = ++_nextTicket;
            _tickets[id] = NewTicket(id, $"{computer.Name} will not boot", "<p>The lab workstation shows a blue screen.</p>", 115, 367, piRow.Parse(), computer.DeptId is { } d && index.Departments[d].InTdx ? index.Departments[d].TdxAccountId : 0);
            _ticketCis[id] = [computer.TdxCiId];
        }

        for (var i = 0; i < 12; i++)
        {
            var id = ++_nextTicket;
            var requestor = random.Pick(users);
            var awaiting = i % 3 == 0;
            _tickets[id] = NewTicket(id, awaiting ? "Unified list compliance: please confirm your computers" : $"Printer problem #{i + 1}", "<p>Synthetic ticket.</p>",
                awaiting ? 620 : 115, awaiting ? 1678 : 367, requestor.Parse(), requestor.DefaultAccountId);
        }

        SeedComplianceTickets(index);
    }

    /// <summary>
    /// Compliance tickets as <c>lsats-run compliance create</c> leaves them (docs/compliance.md): awaiting input for Unified
    /// List Management, requested by a computer owner, a description with the table of the owner's computers, each of them
    /// linked. Owners with a lab computer whose financial owner (the PI) is someone else come first, so the third outreach
    /// has financial owners to copy; the last ticket has its table but no computer linked. Appended after every other
    /// seeded ticket and drawn from no random source, so the ids and contents of the others are unchanged.
    /// </summary>
    private void SeedComplianceTickets(WorldIndex index)
    {
        var owned = Projection.Assets
            .Where(c => !c.AdDisabled && c.OwnerPersonId is { } o && _users.ContainsKey(index.World.People[o].TdxUid.ToString()) && index.Departments[c.DeptId].InTdx)
            .GroupBy(c => c.OwnerPersonId!.Value)
            .Select(g => (Owner: index.World.People[g.Key], Computers: g.OrderBy(c => c.TdxAssetId).Take(3).ToList()))
            .Where(o => !string.IsNullOrEmpty(_users[o.Owner.TdxUid.ToString()].PrimaryEmail))
            .ToList();
        bool FinancedByOther((Person Owner, List<Computer> Computers) o) =>
            o.Computers.Any(c => c.LabPi is { } pi && index.World.Labs.First(l => l.PiUniqname == pi).PiPersonId != o.Owner.Id);
        var chosen = owned.Where(FinancedByOther).OrderBy(o => o.Owner.Id).Take(3)
            .Concat(owned.Where(o => !FinancedByOther(o)).OrderBy(o => o.Owner.Id).Take(3))
            .ToList();
        for (var i = 0; i < chosen.Count + 1 && chosen.Count > 0; i++)
        {
            var (owner, computers) = i < chosen.Count ? chosen[i] : owned.Except(chosen).OrderBy(o => o.Owner.Id).FirstOrDefault();
            if (owner is null)
            {
                break;
            }

            var user = _users[owner.TdxUid.ToString()].Parse();
            var id = ++_nextTicket;
            var month = _time.GetUtcNow().ToString("MMMM", System.Globalization.CultureInfo.InvariantCulture);
            _tickets[id] = NewTicket(id, $"{month} Computer Compliance report for {S(user, "FullName")}", ComplianceDescription(S(user, "FirstName") ?? string.Empty, computers),
                620, 1678, user, index.Departments[computers[0].DeptId].TdxAccountId);
            if (i < chosen.Count)
            {
                _ticketCis[id] = [.. computers.Select(c => c.TdxCiId)];
            }
        }
    }

    private static string ComplianceDescription(string firstName, IEnumerable<Computer> computers)
    {
        var rows = string.Concat(computers.Select(c =>
            $"<tr><td>{c.Name}</td><td>{c.OperatingSystem}</td><td>{c.SerialNumber}</td><td>Unsupported OS</td><td>Upgrade to a supported version</td></tr>"));
        return $"<p>Hello {firstName},</p><p>This is the monthly outreach about computers that do not meet the university's compliance requirements.</p>"
            + "<p>Please reply to this ticket once you have fixed them.</p>"
            + "<table border=\"1\"><thead><tr><th>Name</th><th>OS</th><th>Serial</th><th>Issue(s)</th><th>Fix(es)</th></tr></thead><tbody>"
            + rows + "</tbody></table><p>Thank you,<br>LSA Technology Services Desktop Support team</p>";
    }

    private JsonObject NewTicket(int id, string title, string description, int status, int group, JsonObject? requestor, int accountId)
    {
        var now = Formats.TdxDate(_time.GetUtcNow());
        return new JsonObject
        {
            ["ID"] = id,
            ["AppID"] = TdxConstants.TicketsAppId,
            ["Title"] = title,
            ["Description"] = description,
            ["TypeID"] = 652,
            ["TypeCategoryID"] = 6,
            ["FormID"] = 107,
            ["AccountID"] = accountId,
            ["AccountName"] = _accounts.TryGetValue(accountId, out var account) ? S(account, "Name") : "None",
            ["SourceID"] = 8,
            ["StatusID"] = status,
            ["StatusName"] = StatusName(status),
            ["PriorityID"] = 20,
            ["ServiceID"] = 2325,
            ["ServiceOfferingID"] = 281,
            ["ServiceCategoryID"] = 307,
            ["RequestorUid"] = requestor is null ? Guid.Empty.ToString() : S(requestor, "UID"),
            ["RequestorName"] = requestor is null ? "None" : S(requestor, "FullName"),
            ["RequestorEmail"] = requestor is null ? string.Empty : S(requestor, "PrimaryEmail"),
            ["ResponsibleGroupID"] = group,
            ["ResponsibleGroupName"] = group switch { 367 => "LSA-TS-East Hall", 1678 => "LSA-TS-UnifiedListManagement", _ => "None" },
            ["CreatedDate"] = now,
            ["ModifiedDate"] = now,
            ["ModifiedFullName"] = "System",
            ["Attributes"] = new JsonArray(),
            ["Notify"] = new JsonArray(),
            ["Uri"] = $"api/{TdxConstants.TicketsAppId}/tickets/{id}",
        };
    }

    private void Touch(JsonObject ticket)
    {
        ticket["ModifiedDate"] = Formats.TdxDate(_time.GetUtcNow());
        ticket["ModifiedFullName"] = "LSATS Hub";
    }

    private static string StatusName(int status) => status switch
    {
        115 => "New",
        117 => "In Process",
        121 => "On Hold",
        619 => "Scheduled",
        620 => "Awaiting Input",
        622 => "Reopened",
        77 => "Closed",
        78 => "Resolved",
        _ => "Other",
    };

    private static JsonObject TicketSummary(JsonObject ticket) => Without(ticket, "Description", "Attributes", "Notify", "Attachments", "Tasks");

    private JsonObject? Read(Dictionary<int, JsonObject> table, int id)
    {
        lock (_gate)
        {
            return table.TryGetValue(id, out var item) ? (JsonObject)item.DeepClone() : null;
        }
    }

    private static JsonObject Without(JsonObject source, params string[] names)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in source)
        {
            if (!names.Contains(key, StringComparer.Ordinal))
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }

    private static string? S(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
