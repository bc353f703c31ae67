using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

/// <summary>
/// What silver.users must hold for a world, computed from the world's people (never from SQL): which source records of
/// each person reach tier 1 (TDX only serves active people of TDX accounts; a record the source serves malformed never
/// lands), and the merged values the spec's priorities give.
/// </summary>
public static class UsersTruth
{
    /// <summary>The identifier columns: one per source.</summary>
    public static readonly IReadOnlyList<string> IdentifierColumns = ["tdx_user_uid", "ad_object_guid", "ldap_uid_number", "umich_empl_id"];

    /// <summary>The merged columns compared, after the identifiers.</summary>
    public static readonly IReadOnlyList<string> ValueColumns =
    [
        "first_name", "last_name", "full_name", "preferred_name", "primary_email", "department_id", "department_name", "job_title",
        "is_pi", "is_active", "is_employee", "ad_account_disabled", "source_system",
    ];

    /// <summary>Every compared column, identifiers first.</summary>
    public static IReadOnlyList<string> Columns => [.. IdentifierColumns, .. ValueColumns];

    /// <summary>The people TDX's active-people search returns (the accounts TDX has).</summary>
    public static HashSet<int> TdxServed(SimWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var accounts = world.Departments.Where(d => d.InTdx).Select(d => d.DeptId).ToHashSet(StringComparer.Ordinal);
        return world.People.Where(p => p.Presence.InTdx && p.Presence.TdxActive && p.DeptId is { } d && accounts.Contains(d)).Select(p => p.Id).ToHashSet();
    }

    /// <summary>The UMich API records land (tier 1 rejects records without a first name).</summary>
    public static bool InUmApi(Person person) => person.InUmApi && !person.Dirt.MalformedUmApi;

    /// <summary>The MCommunity entry lands (tier 1 rejects entries without uidNumber).</summary>
    public static bool InMcommunity(Person person) => person.Presence.InMcommunity && !person.Dirt.MalformedMcommunity;

    /// <summary>
    /// The person's TDX record joins them: served (or, after a departure, kept inactive) and spelled with a uniqname, or
    /// without one but with an EmplId the UMich API gives the person.
    /// </summary>
    public static bool TdxJoins(Person person, IReadOnlySet<int> tdx) =>
        tdx.Contains(person.Id) && (!person.Dirt.MalformedTdx || InUmApi(person));

    /// <summary>
    /// uniqname → identifiers then values, as PostgreSQL prints them. <paramref name="tdx"/>: the people whose TDX record
    /// tier 1 holds (default: those served now); <paramref name="tdxActive"/>: those of them TDX calls active.
    /// </summary>
    public static Dictionary<string, string?[]> Expected(SimWorld world, IReadOnlySet<int>? tdx = null, IReadOnlySet<int>? tdxActive = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        var index = new WorldIndex(world);
        tdx ??= TdxServed(world);
        tdxActive ??= tdx;
        var rows = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var p in world.People)
        {
            var inTdx = TdxJoins(p, tdx);
            var inAd = p.Presence.InAd;
            var inMcom = InMcommunity(p);
            var inUmApi = InUmApi(p);
            if (!(inTdx || inAd || inMcom || inUmApi))
            {
                continue;
            }

            var department = p.DeptId is { } d ? index.Departments[d] : null;
            var oldLast = p.Dirt.PreviousLastName ?? p.LastName;
            var display = p.MiddleName is null ? p.FullName : $"{p.FirstName} {p.MiddleName} {p.LastName}";
            var lastName = inTdx ? oldLast : inUmApi || inMcom ? p.LastName : oldLast;
            var fullName = inMcom ? display : inAd || inTdx ? $"{p.FirstName} {oldLast}" : $"{p.FirstName} {p.LastName}";
            var email = (inTdx && !p.Dirt.TdxMissingEmail) || (inMcom && !p.Dirt.McommunityMissingEmail) || inAd ? p.Email : null;
            var primary = inUmApi ? p.Employments.MinBy(e => e.EmplRcd) : null;
            var tdxDepartment = inTdx && department is { InTdx: true, TdxCodeMissing: false } ? department : null;
            var departmentId = primary?.DeptId ?? tdxDepartment?.DeptId;
            var departmentName = primary is not null ? index.Departments[primary.DeptId].Name : tdxDepartment?.Name;
            var jobTitle = primary?.UniversityJobTitle
                ?? (inMcom && p.InUmApi && department is not null ? $"{p.Title}, {department.Name}" : null)
                ?? (inTdx ? p.Title : null);
            var active = (inTdx && tdxActive.Contains(p.Id)) || (inAd && !p.Presence.AdDisabled) || inUmApi || inMcom;
            var employee = inUmApi ? "true" : inTdx ? Bool(p.InUmApi) : null;
            var sources = string.Join('+', new[] { inAd ? "ad" : null, inMcom ? "mcom" : null, inTdx ? "tdx" : null, inUmApi ? "umapi" : null }.OfType<string>());
            rows.Add(p.Uniqname,
            [
                inTdx ? p.TdxUid.ToString() : null,
                inAd ? p.AdGuid.ToString() : null,
                inMcom ? p.UidNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                inUmApi ? p.EmplId : null,
                p.FirstName, lastName, fullName, fullName, email, departmentId, departmentName, jobTitle,
                Bool(index.PiIds.Contains(p.Id)), Bool(active), employee, inAd ? Bool(p.Presence.AdDisabled) : null, sources,
            ]);
        }

        return rows;
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
