using System.Text.Json.Nodes;
using LsatsHub.Connectors.Tdx;

namespace LsatsHub.Compliance.Outreach;

/// <summary>
/// Finds the chief administrators (CA) and financial owners (FO) of a ticket's computers (docs/compliance.md, third
/// outreach). Every answer is deterministic: assets in id order, a department's CA resolved once per run, a people
/// search accepted only on an exact match, and an ambiguous CA left out (and noted) instead of taking the first hit.
/// Reads only.
/// </summary>
public sealed class EscalationResolver
{
    private const string ChiefAdministratorTitle = "Chief Administrator";

    private readonly TdxClient _tdx;
    private readonly UnitAssignments _assignments;
    private readonly int _financialOwnerAttribute;
    private readonly Dictionary<string, (string? Uid, string? Email, string? Note)> _caByDepartment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject?> _people = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the resolver for one run.</summary>
    /// <param name="tdx">TDX.</param>
    /// <param name="assignments">The Unit Assignments sheet.</param>
    /// <param name="financialOwnerAttribute">The asset attribute holding the financial owner's UID (10896).</param>
    public EscalationResolver(TdxClient tdx, UnitAssignments assignments, int financialOwnerAttribute)
    {
        _tdx = tdx;
        _assignments = assignments;
        _financialOwnerAttribute = financialOwnerAttribute;
    }

    /// <summary>The CAs and FOs of the computers linked to a ticket.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>Whom to copy; <see cref="Escalation.Assets"/> 0 when the ticket has no assets.</returns>
    public async Task<Escalation> ResolveAsync(int ticketId, CancellationToken cancellationToken)
    {
        var cis = await _tdx.GetTicketAssetsAsync(ticketId, cancellationToken).ConfigureAwait(false);
        var assetIds = cis.OfType<JsonObject>()
            .Where(ci => TdxFields.Int(ci, "BackingItemType") == 27 && TdxFields.Int(ci, "BackingItemID") is > 0)
            .Select(ci => TdxFields.Int(ci, "BackingItemID")!.Value)
            .Distinct()
            .Order()
            .ToList();
        if (assetIds.Count == 0)
        {
            return Escalation.None;
        }

        var cas = new List<(string Uid, string Email)>();
        var fos = new List<(string Uid, string Email)>();
        var notes = new List<string>();
        foreach (var assetId in assetIds)
        {
            var asset = await _tdx.GetAssetAsync(assetId, cancellationToken).ConfigureAwait(false);
            if (asset is null)
            {
                notes.Add($"asset {assetId} is not in TDX");
                continue;
            }

            var department = TdxFields.String(asset, "OwningDepartmentName");
            var (caUid, caEmail, caNote) = await ChiefAdministratorAsync(department, cancellationToken).ConfigureAwait(false);
            if (caUid is not null && caEmail is not null)
            {
                cas.Add((caUid, caEmail));
            }
            else if (caNote is not null)
            {
                notes.Add($"asset {assetId}: {caNote}");
            }

            var owner = FinancialOwner(asset);
            if (owner is not null && !string.Equals(owner, TdxFields.String(asset, "OwningCustomerID"), StringComparison.OrdinalIgnoreCase))
            {
                var person = await PersonAsync(owner, cancellationToken).ConfigureAwait(false);
                var email = TdxFields.String(person, "PrimaryEmail");
                if (person is null || string.IsNullOrWhiteSpace(email))
                {
                    notes.Add($"asset {assetId}: financial owner {owner} {(person is null ? "is not in TDX" : "has no email")}");
                }
                else
                {
                    fos.Add((owner, email.Trim()));
                }
            }
        }

        var contacts = new List<string>();
        var emails = new List<string>();
        foreach (var (uid, email) in cas.Concat(fos))
        {
            if (!contacts.Contains(uid, StringComparer.OrdinalIgnoreCase))
            {
                contacts.Add(uid);
            }

            if (!emails.Contains(email, StringComparer.OrdinalIgnoreCase))
            {
                emails.Add(email);
            }
        }

        return new Escalation(contacts, emails, assetIds.Count, notes);
    }

    private string? FinancialOwner(JsonObject asset)
    {
        var attribute = (asset["Attributes"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(a => TdxFields.Int(a, "ID") == _financialOwnerAttribute);
        var value = TdxFields.String(attribute, "Value")?.Trim();
        return Guid.TryParse(value, out var uid) && uid != Guid.Empty ? value : null;
    }

    private async Task<(string? Uid, string? Email, string? Note)> ChiefAdministratorAsync(string? department, CancellationToken cancellationToken)
    {
        var key = UnitAssignments.Key(department);
        if (key.Length == 0 || key == "NONE")
        {
            return (null, null, "no owning department");
        }

        if (_caByDepartment.TryGetValue(key, out var known))
        {
            return known;
        }

        var resolved = await ResolveChiefAdministratorAsync(department!, cancellationToken).ConfigureAwait(false);
        _caByDepartment[key] = resolved;
        return resolved;
    }

    private async Task<(string? Uid, string? Email, string? Note)> ResolveChiefAdministratorAsync(string department, CancellationToken cancellationToken)
    {
        var assignment = _assignments.Find(department);
        if (assignment is null)
        {
            return (null, null, $"department '{department}' is not in the Unit Assignments sheet");
        }

        if (assignment.CaEmail.Contains('@', StringComparison.Ordinal) && await ByEmailAsync(assignment.CaEmail, cancellationToken).ConfigureAwait(false) is { } byEmail)
        {
            return (TdxFields.String(byEmail, "UID"), assignment.CaEmail, null);
        }

        // The sheet's email is unknown to TDX: a person whose name contains the CA's last name and whose title says
        // Chief Administrator; several: the one whose default account is the department; still several or none: nobody.
        if (assignment.CaLastName.Length == 0)
        {
            return (null, null, $"the CA of '{department}' ({assignment.CaEmail}) is not in TDX and the sheet gives no name");
        }

        var titled = (await _tdx.SearchPeopleAsync(new JsonObject { ["SearchText"] = assignment.CaLastName, ["IsActive"] = null }, cancellationToken).ConfigureAwait(false))
            .OfType<JsonObject>()
            .Where(p => TdxFields.String(p, "Title")?.Contains(ChiefAdministratorTitle, StringComparison.OrdinalIgnoreCase) == true)
            .OrderBy(p => TdxFields.String(p, "UID"), StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (titled.Count > 1)
        {
            titled = [.. titled.Where(p => string.Equals(TdxFields.String(p, "DefaultAccountName")?.Trim(), department.Trim(), StringComparison.OrdinalIgnoreCase))];
        }

        if (titled.Count != 1)
        {
            return (null, null, $"the CA of '{department}' ({assignment.CaEmail}, {assignment.CaName}) is not in TDX and {titled.Count} people named '{assignment.CaLastName}' with title {ChiefAdministratorTitle} match");
        }

        var person = titled[0];
        var email = TdxFields.String(person, "PrimaryEmail") is { Length: > 0 } primary ? primary : TdxFields.String(person, "UserName") ?? string.Empty;
        if (email.Length > 0 && !email.Contains('@', StringComparison.Ordinal))
        {
            email += "@umich.edu";
        }

        return email.Length == 0 ? (null, null, $"the CA of '{department}' found in TDX has no email") : (TdxFields.String(person, "UID"), email, null);
    }

    /// <summary>The uniqname cascade (UserName, AlternateID, then email text), any active status, exact matches only.</summary>
    private async Task<JsonObject?> ByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var uniqname = email.Split('@', 2)[0].Trim();
        var searches = new (JsonObject Body, Func<JsonObject, bool> Exact)[]
        {
            (new JsonObject { ["UserName"] = uniqname + "@umich.edu", ["IsActive"] = null }, p => string.Equals(TdxFields.String(p, "UserName"), uniqname + "@umich.edu", StringComparison.OrdinalIgnoreCase)),
            (new JsonObject { ["AlternateID"] = uniqname, ["IsActive"] = null }, p => string.Equals(TdxFields.String(p, "AlternateID"), uniqname, StringComparison.OrdinalIgnoreCase)),
            (new JsonObject { ["SearchText"] = email, ["IsActive"] = null }, p => string.Equals(TdxFields.String(p, "PrimaryEmail"), email, StringComparison.OrdinalIgnoreCase)),
        };
        foreach (var (body, exact) in searches)
        {
            var hits = (await _tdx.SearchPeopleAsync(body, cancellationToken).ConfigureAwait(false)).OfType<JsonObject>().Where(exact)
                .OrderBy(p => TdxFields.String(p, "UID"), StringComparer.OrdinalIgnoreCase).ToList();
            if (hits.Count > 0)
            {
                return hits[0];
            }
        }

        return null;
    }

    private async Task<JsonObject?> PersonAsync(string uid, CancellationToken cancellationToken)
    {
        if (!_people.TryGetValue(uid, out var person))
        {
            person = await _tdx.GetPersonAsync(uid, cancellationToken).ConfigureAwait(false);
            _people[uid] = person;
        }

        return person;
    }
}
