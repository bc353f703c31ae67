using System.Text.Json.Nodes;
using LsatsHub.Connectors.Tdx;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Compliance.Create;

/// <summary>
/// Finds owners' TDX users by uniqname: one <c>people/search</c> by the sheet's departments (200 accounts a call) for most,
/// then, for the rest, the uniqname cascade (<c>UserName</c> = uniqname@umich.edu, then <c>AlternateID</c>, then
/// <c>SearchText</c>), any active status. A hit counts only when its uniqname (<c>AuthenticationUserName</c>, else the
/// <c>UserName</c>'s local part), trimmed, equals the owner's in any case: a free-text hit on a longer uniqname is not the owner.
/// </summary>
public sealed class OwnerDirectory(TdxClient tdx, ILogger logger)
{
    private readonly Dictionary<string, TdxOwner> _known = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Loads the users of the given accounts.</summary>
    /// <param name="accountIds">Account ids.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>A task.</returns>
    public async Task LoadAccountsAsync(IReadOnlyCollection<int> accountIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        foreach (var chunk in accountIds.Distinct().Chunk(200))
        {
            foreach (var user in (await tdx.SearchPeopleByAccountsAsync(chunk, isActive: null, cancellationToken).ConfigureAwait(false)).OfType<JsonObject>())
            {
                if (Uniqname(user) is { } uniqname && Owner(user) is { } owner)
                {
                    _known.TryAdd(uniqname, owner);
                }
            }
        }

        logger.LogInformation("{Count} TDX users loaded from {Accounts} department(s)", _known.Count, accountIds.Count);
    }

    /// <summary>The owner with this uniqname, or null when TDX has no such user.</summary>
    /// <param name="uniqname">The uniqname (the e-mail's local part).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The owner, or null.</returns>
    public async Task<TdxOwner?> FindAsync(string uniqname, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uniqname);
        var key = uniqname.Trim();
        if (_known.TryGetValue(key, out var known))
        {
            return known;
        }

        JsonObject[] searches =
        [
            new() { ["UserName"] = key + "@umich.edu", ["IsActive"] = null },
            new() { ["AlternateID"] = key, ["IsActive"] = null },
            new() { ["SearchText"] = key, ["IsActive"] = null },
        ];
        foreach (var search in searches)
        {
            var hits = await tdx.SearchPeopleAsync(search, cancellationToken).ConfigureAwait(false);
            var match = hits.OfType<JsonObject>().FirstOrDefault(u => string.Equals(Uniqname(u), key, StringComparison.OrdinalIgnoreCase));
            if (match is not null && Owner(match) is { } owner)
            {
                _known[key] = owner;
                return owner;
            }
        }

        return null;
    }

    private static string? Uniqname(JsonObject user)
    {
        var name = Text(user, "AuthenticationUserName") ?? Text(user, "UserName")?.Split('@')[0];
        return name?.Trim() is { Length: > 0 } trimmed ? trimmed : null;
    }

    private static TdxOwner? Owner(JsonObject user) =>
        Text(user, "UID") is { } uid && Guid.TryParse(uid, out var parsed) && parsed != Guid.Empty ? new TdxOwner(uid, Text(user, "FirstName")?.Trim() ?? string.Empty) : null;

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
