using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.SourceSpecific;

/// <summary>
/// What the four silver AD tables must hold for a world, computed from the world itself (what the simulated AD serves,
/// per its LDIF projection), not from bronze: key → the compared columns as PostgreSQL prints them (NULL = null).
/// Times are compared as UTC text with microseconds (<see cref="Time"/>), JSON arrays in PostgreSQL's jsonb text form.
/// </summary>
public static partial class AdTruth
{
    /// <summary>The AD tables, their keys (as text) and the columns compared.</summary>
    public static readonly IReadOnlyDictionary<string, AdTable> Tables = new Dictionary<string, AdTable>(StringComparer.Ordinal)
    {
        ["ad_users"] = new("silver.ad_users", "ad_user_guid",
        [
            "uniqname", "cn", "name", "sam_account_name", "distinguished_name", "user_principal_name", "display_name", "initials",
            "title", "first_name", "last_name", "primary_email", "proxy_addresses", "member_of", "umichad_ou", "umichad_role",
            "user_account_control", Time("pwd_last_set"), Time("last_logon_timestamp"), Time("account_expires"), Time("when_created"),
            "object_sid", "uid_number", "gid_number", "primary_group_id", "object_class", "ou_root", "ou_organization_type",
            "ou_organization", "ou_immediate_parent", "ou_depth", "parent_ou_dn",
        ]),
        ["ad_groups"] = new("silver.ad_groups", "ad_group_guid",
        [
            "cn", "group_name", "sam_account_name", "distinguished_name", "description", "display_name", "group_email", "managed_by",
            "group_type", "sam_account_type", "members", "object_class", Time("when_created"), "object_sid", "ou_root",
            "ou_organization", "ou_category", "ou_division", "ou_immediate_parent", "ou_full_path", "ou_depth", "parent_ou_dn",
        ]),
        ["ad_computers"] = new("silver.ad_computers", "sam_account_name",
        [
            "computer_name", "dns_hostname", "distinguished_name", "object_guid", "object_sid", "ou_root", "ou_organization_type",
            "ou_organization", "ou_category", "ou_division", "ou_department", "ou_immediate_parent", "ou_full_path",
            "operating_system", "operating_system_version", "is_enabled", "user_account_control", "is_critical_system_object",
            "service_principal_names", "member_of_groups", "managed_by", "description", Time("pwd_last_set"), Time("last_logon"),
            Time("last_logon_timestamp"), Time("account_expires"), "ms_mcs_adm_pwd_expiration_time", "msds_supported_encryption_types",
            Time("when_created"),
        ]),
        ["ad_organizational_units"] = new("silver.ad_organizational_units", "object_guid",
        [
            "distinguished_name", "ou_name", "name", "description", "managed_by", "ou_root", "ou_organization_type", "ou_organization",
            "ou_category", "ou_status", "ou_division", "ou_department", "ou_subdepartment", "ou_immediate_parent", "ou_full_path",
            "ou_depth", "parent_ou_dn", "direct_computer_count", "has_computer_children", "child_ou_count", "has_child_ous",
            "extracted_uniqname", Time("when_created"),
        ]),
    };

    private static readonly string[] OuBases = [AdLayout.ResearchAndInstrumentation, AdLayout.Workstations];

    /// <summary>A timestamptz column as UTC text with microseconds, independent of the session's time zone.</summary>
    public static string Time(string column) => $"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')";

    /// <summary>The rows <paramref name="table"/> must hold for <paramref name="world"/>.</summary>
    public static Dictionary<string, string?[]> Expected(string table, SimWorld world) => table switch
    {
        "ad_users" => Users(new WorldIndex(world)),
        "ad_groups" => Groups(new WorldIndex(world)),
        "ad_computers" => Computers(new WorldIndex(world)),
        "ad_organizational_units" => OrganizationalUnits(world),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not an AD table"),
    };

    private static Dictionary<string, string?[]> Users(WorldIndex index)
    {
        var world = index.World;
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var person in world.People.Where(p => p.Presence.InAd))
        {
            var dn = AdLayout.AdUserDn(person.Uniqname);
            var lastName = person.Dirt.PreviousLastName ?? person.LastName;
            var ous = Ous(dn, includeLeaf: false);
            var groups = index.AdGroupsOfPerson.TryGetValue(person.Id, out var list) ? list.Select(WorldIndex.AdGroupDn) : [];
            rows.Add(Key(person.AdGuid), [
                person.Uniqname.ToLowerInvariant(), person.Uniqname, person.Uniqname, person.Uniqname, dn, person.Email,
                $"{person.FirstName} {lastName}", Text(person.MiddleName), person.InUmApi ? Text(person.Title) : null,
                person.FirstName, lastName, person.Email,
                Json([$"SMTP:{person.Email}", $"smtp:{person.Uniqname}@umich.onmicrosoft.com"]), Json(groups),
                Json([person.DeptId is { } d && index.Departments[d].IsLsa ? "LSA" : "UMICH"]),
                Json([person.Affiliation switch
                {
                    Affiliation.Faculty or Affiliation.Staff => "Faculty and Staff",
                    Affiliation.Student => "Student",
                    Affiliation.Alumni => "Alumni",
                    _ => "Sponsored Affiliate",
                }]),
                person.Presence.AdDisabled ? "514" : "512", Iso(Activity(world, person.AdGuid, person.Created).PwdLastSet),
                Iso(Activity(world, person.AdGuid, person.Created).LastLogonTimestamp), null, Iso(Seconds(person.Created)),
                AdLayout.Sid(person.AdRid), Int(person.UidNumber), "100", "513", Json(["organizationalPerson", "person", "top", "user"]),
                ous[^1], ous[^2], ous[^3], ous[0], Int(ous.Length), Parent(dn),
            ]);
        }

        return rows;
    }

    private static Dictionary<string, string?[]> Groups(WorldIndex index)
    {
        var world = index.World;
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var group in world.Groups.Where(g => g.Kind != GroupKind.Mcommunity))
        {
            var dn = WorldIndex.AdGroupDn(group);
            var ous = Ous(dn, includeLeaf: false);
            var members = group.MemberIds.Where(id => world.People[id].Presence.InAd).Select(id => AdLayout.AdUserDn(world.People[id].Uniqname))
                .Concat(group.MemberComputerNames.Where(n => index.Computers[n].InAd).Select(n => WorldIndex.AdComputerDn(index.Computers[n])));
            var synced = group.Kind == GroupKind.Synced;
            rows.Add(Key(group.AdGuid), [
                group.Name, group.Name, group.Name, dn, Text(group.Description), Text(group.DisplayName),
                synced ? group.Name + "@umich.edu" : null,
                group.OwnerIds.Select(id => world.People[id]).Where(p => p.Presence.InAd).Select(p => AdLayout.AdUserDn(p.Uniqname)).FirstOrDefault(),
                synced ? "2" : "-2147483646", synced ? "268435457" : "268435456", Json(members), "{group,top}", Iso(Seconds(group.Created)),
                AdLayout.Sid(group.AdRid), ous[^1], ous[^3], At(ous, 4), At(ous, 5), ous[0], Path(ous), Int(ous.Length), Parent(dn),
            ]);
        }

        return rows;
    }

    private static Dictionary<string, string?[]> Computers(WorldIndex index)
    {
        var world = index.World;
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var computer in world.Computers.Where(c => c.InAd))
        {
            var dn = WorldIndex.AdComputerDn(computer);
            var ous = Ous(dn, includeLeaf: false);
            var fqdn = computer.Name.ToLowerInvariant() + ".adsroot.itcs.umich.edu";
            var owner = computer.OwnerPersonId is { } o ? world.People[o] : null;
            var groups = index.AdGroupsOfComputer.TryGetValue(computer.Name, out var list) ? list.Select(WorldIndex.AdGroupDn) : [];
            var activity = Activity(world, computer.AdGuid, computer.Created);
            rows.Add(computer.Name + "$", [
                computer.Name, fqdn, dn, computer.AdGuid.ToString("D", CultureInfo.InvariantCulture), AdLayout.Sid(computer.AdRid),
                ous[^1], ous[^2], ous[^3], At(ous, 4), At(ous, 5), At(ous, 6), ous[0], Path(ous),
                computer.OperatingSystem, computer.OperatingSystemVersion, computer.AdDisabled ? "false" : "true",
                computer.AdDisabled ? "4098" : "4096", "false",
                Json([$"HOST/{computer.Name}", $"HOST/{fqdn}", $"RestrictedKrbHost/{computer.Name}"]), Json(groups),
                owner is { Presence.InAd: true } ? AdLayout.AdUserDn(owner.Uniqname) : null,
                computer.LabPi is null ? null : $"{computer.LabPi} lab",
                Iso(activity.PwdLastSet), Iso(activity.LastLogon), Iso(activity.LastLogonTimestamp), null,
                activity.LapsExpiry is { } laps ? Formats.FileTime(laps) : null, "28", Iso(Seconds(computer.Created)),
            ]);
        }

        return rows;
    }

    private static Dictionary<string, string?[]> OrganizationalUnits(SimWorld world)
    {
        var units = world.OrganizationalUnits
            .Where(u => OuBases.Any(b => u.Dn.Equals(b, StringComparison.OrdinalIgnoreCase) || u.Dn.EndsWith("," + b, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            var ous = Ous(unit.Dn, includeLeaf: true);
            var computers = world.Computers.Count(c => c.InAd && c.OuDn.Equals(unit.Dn, StringComparison.OrdinalIgnoreCase));
            var children = units.Count(u => Parent(u.Dn)!.Equals(unit.Dn, StringComparison.OrdinalIgnoreCase));
            rows.Add(Key(unit.Guid), [
                unit.Dn, unit.Name, unit.Name, Text(unit.Description), unit.ManagedByDn,
                ous[^1], ous[^2], ous[^3], At(ous, 4), At(ous, 5), At(ous, 6), At(ous, 7), At(ous, 8), ous.Length > 1 ? ous[1] : null,
                Path(ous), Int(ous.Length), Parent(unit.Dn), Int(computers), computers > 0 ? "true" : "false", Int(children),
                children > 0 ? "true" : "false", ExtractedUniqname(unit.Name), Iso(Seconds(unit.Created)),
            ]);
        }

        return rows;
    }

    /// <summary>bronze.md §4 A3's rule, written again here: -lab suffix, then dept-uniqname, then a bare uniqname.</summary>
    private static string? ExtractedUniqname(string name)
    {
        if (LabSuffix().Match(name) is { Success: true } lab)
        {
            return lab.Groups[1].Value.ToLowerInvariant();
        }

        if (DeptUniqname().Match(name) is { Success: true } dept && !dept.Groups[1].Value.Equals("lab", StringComparison.OrdinalIgnoreCase))
        {
            return dept.Groups[1].Value.ToLowerInvariant();
        }

        return UniqnameOnly().IsMatch(name) ? name.ToLowerInvariant() : null;
    }

    public static string Key(Guid guid) => guid.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>The OU names of a DN (no escaped commas in the simulated tree), leaf to root, DC parts dropped.</summary>
    private static string[] Ous(string dn, bool includeLeaf) =>
        dn.Split(',').Skip(includeLeaf ? 0 : 1).Where(rdn => !rdn.StartsWith("DC=", StringComparison.OrdinalIgnoreCase)).Select(rdn => rdn[(rdn.IndexOf('=', StringComparison.Ordinal) + 1)..]).ToArray();

    private static string? Parent(string dn) => dn.IndexOf(',', StringComparison.Ordinal) is var i and >= 0 ? dn[(i + 1)..] : null;

    /// <summary>The n-th OU counted from the root (1 = the root), or null.</summary>
    private static string? At(string[] ous, int fromRoot) => ous.Length >= fromRoot ? ous[^fromRoot] : null;

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset Seconds(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static string? Iso(DateTimeOffset? value) => value is { } moment ? Iso(moment) : null;

    /// <summary>An AD object's moving parts as the projection writes them (a hand-built object looks freshly created).</summary>
    private static AdActivity Activity(SimWorld world, Guid id, DateTimeOffset created) =>
        world.Ad.TryGetValue(id, out var activity) ? activity : new AdActivity(1, 1, created, created, created, created, created.AddDays(30));

    /// <summary>An LDAP list as PostgreSQL prints a jsonb array of strings, in code-point order (the ingest sorts values); NULL when empty.</summary>
    private static string? Json(IEnumerable<string> values) => Path(values.Order(StringComparer.Ordinal).ToList());

    /// <summary>A list as PostgreSQL prints a jsonb array of strings, in the given order; NULL when empty.</summary>
    private static string? Path(IReadOnlyList<string> sorted)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder("[");
        foreach (var value in sorted)
        {
            text.Append(text.Length > 1 ? ", \"" : "\"").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        return text.Append(']').ToString();
    }

    [GeneratedRegex("^([a-z]{3,8})-lab$", RegexOptions.IgnoreCase)]
    private static partial Regex LabSuffix();

    [GeneratedRegex("^[a-z]{2,6}-([a-z]{3,8})$", RegexOptions.IgnoreCase)]
    private static partial Regex DeptUniqname();

    [GeneratedRegex("^[a-z]{3,8}$", RegexOptions.IgnoreCase)]
    private static partial Regex UniqnameOnly();
}
