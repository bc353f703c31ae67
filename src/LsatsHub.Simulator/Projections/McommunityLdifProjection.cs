using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Projections;

/// <summary>
/// The world as MCommunity LDIF (people and user groups) for slapadd. Every entry carries the operational
/// <c>createTimestamp</c>, <c>modifyTimestamp</c> and <c>entryCSN</c> a server keeps for it, in the world's time: slapadd
/// keeps them (it stamps the load time only on entries without them, which would make every entry look changed at each
/// load), and <c>slapadd -w</c> makes the highest entryCSN the suffix's <c>contextCSN</c>, the directory's
/// latest change, which a reader takes as its high-water mark (docs/bronze-incremental.md).
/// </summary>
public sealed class McommunityLdifProjection(WorldIndex index, LdapAccounts accounts)
{
    /// <summary>When the directory's containers and service entries were made (before any person).</summary>
    private static readonly DateTimeOffset Founded = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes every MCommunity entry.</summary>
    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var ldif = new LdifWriter(output);
        var world = index.World;

        ldif.BeginEntry(AdLayout.McommunityBase);
        ldif.Attribute("objectClass", ["top", "domain"]);
        ldif.Attribute("dc", "umich");
        Stamps(ldif, Founded, Founded);
        foreach (var (dn, ou) in new[] { (AdLayout.McommunityPeople, "People"), ("ou=Groups," + AdLayout.McommunityBase, "Groups"), (AdLayout.McommunityGroups, "User Groups"), (AdLayout.McommunityApplications, "Applications") })
        {
            ldif.BeginEntry(dn);
            ldif.Attribute("objectClass", ["top", "organizationalUnit"]);
            ldif.Attribute("ou", ou);
            Stamps(ldif, Founded, Founded);
        }

        ldif.BeginEntry(accounts.McommunityBindDn);
        ldif.Attribute("objectClass", ["top", "applicationProcess", "simpleSecurityObject"]);
        ldif.Attribute("cn", "lsats-hub");
        ldif.Attribute("userPassword", accounts.McommunityPassword);
        Stamps(ldif, Founded, Founded);

        foreach (var person in world.People.Where(p => p.Presence.InMcommunity))
        {
            WritePerson(ldif, person);
        }

        foreach (var group in world.Groups.Where(g => g.Kind != GroupKind.ActiveDirectory))
        {
            WriteGroup(ldif, group);
        }
    }

    private void WritePerson(LdifWriter ldif, Person person)
    {
        var malformed = person.Dirt.MalformedMcommunity;
        ldif.BeginEntry(AdLayout.McommunityPersonDn(person.Uniqname));
        ldif.Attribute("objectClass", malformed
            ? ["top", "person", "organizationalPerson", "inetOrgPerson", "umichPerson"]
            : ["top", "person", "organizationalPerson", "inetOrgPerson", "posixAccount", "umichPerson"]);
        ldif.Attribute("uid", person.Uniqname);
        if (!malformed)
        {
            ldif.Attribute("uidNumber", Formats.Int(person.UidNumber));
            ldif.Attribute("gidNumber", "100");
            ldif.Attribute("homeDirectory", $"/users/{person.Uniqname}");
            ldif.Attribute("loginShell", "/bin/csh");
        }

        var full = person.MiddleName is null ? person.FullName : $"{person.FirstName} {person.MiddleName} {person.LastName}";
        ldif.Attribute("cn", full == person.FullName ? [full] : [full, person.FullName]);
        ldif.Attribute("displayName", full);
        ldif.Attribute("givenName", person.FirstName);
        ldif.Attribute("sn", person.LastName);
        ldif.Attribute("mail", person.Dirt.McommunityMissingEmail ? null : person.Email);
        var department = person.DeptId is { } d ? index.Departments[d] : null;
        var affiliation = person.Affiliation switch
        {
            Affiliation.Faculty or Affiliation.Staff => "Faculty and Staff",
            Affiliation.Student => "Students",
            Affiliation.Alumni => "Alumni",
            _ => "Sponsored Affiliates",
        };
        ldif.Attribute("ou", department is null || person.Affiliation is Affiliation.Alumni ? [affiliation] : [$"{department.Name} - {affiliation}", affiliation]);
        if (person.InUmApi && department is not null)
        {
            ldif.Attribute("umichTitle", $"{person.Title}, {department.Name}");
            ldif.Attribute("telephoneNumber", $"+1 734 {(person.UidNumber % 900) + 100:D3}-{person.UidNumber % 10_000:D4}");
            ldif.Attribute("umichPostalAddress", "500 S State St $ Ann Arbor, MI 48109");
            ldif.Attribute("umichPostalAddressData", "{addr1=500 S State St}:{city=Ann Arbor}:{state=MI}:{postal=48109}");
        }

        Stamps(ldif, Earliest(person.Created), Modified(person));
    }

    /// <summary>
    /// A person's last modification: the month's change when one happened since the world began, else a moment
    /// between their creation and the world's first date that depends on the person only (stable across generations).
    /// </summary>
    private DateTimeOffset Modified(Person person)
    {
        if (index.World.McommunityChanged.TryGetValue(person.Id, out var changed))
        {
            return changed;
        }

        var created = Earliest(person.Created);
        var span = (Start - created).Ticks;
        var share = (uint)(person.UidNumber * 2_654_435_761L) / (double)uint.MaxValue;
        return created.AddTicks((long)(span * share));
    }

    private DateTimeOffset Start => new(index.World.Options.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>A time no later than the world's first date (nothing that existed then was made after it).</summary>
    private DateTimeOffset Earliest(DateTimeOffset created) => created < Start ? created : Start;

    private static void Stamps(LdifWriter ldif, DateTimeOffset created, DateTimeOffset modified)
    {
        ldif.Attribute("createTimestamp", LdapTime(created));
        ldif.Attribute("modifyTimestamp", LdapTime(modified));
        ldif.Attribute("entryCSN", modified.UtcDateTime.ToString("yyyyMMddHHmmss'.'ffffff'Z#000000#000#000000'", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string LdapTime(DateTimeOffset value) => value.UtcDateTime.ToString("yyyyMMddHHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private void WriteGroup(LdifWriter ldif, Group group)
    {
        var members = group.MemberIds.Select(id => index.World.People[id]).Select(p => AdLayout.McommunityPersonDn(p.Uniqname)).ToList();
        var owners = group.OwnerIds.Select(id => AdLayout.McommunityPersonDn(index.World.People[id].Uniqname)).ToList();
        ldif.BeginEntry(AdLayout.McommunityGroupDn(group.Name));
        ldif.Attribute("objectClass", ["top", "groupOfNames", "posixGroup", "umichGroup"]);
        ldif.Attribute("cn", string.Equals(group.Name, group.DisplayName, StringComparison.OrdinalIgnoreCase) ? [group.Name] : [group.Name, group.DisplayName]);
        ldif.Attribute("gidNumber", Formats.Int(group.GidNumber));
        ldif.Attribute("member", members);
        ldif.Attribute("umichDirectMember", members);
        ldif.Attribute("owner", owners);
        ldif.Attribute("requestsTo", owners.FirstOrDefault());
        ldif.Attribute("umichGroupEmail", group.Name + "@umich.edu");
        ldif.Attribute("umichDescription", group.Description);
        ldif.Attribute("description", group.Description);
        ldif.Attribute("joinable", "FALSE");
        ldif.Attribute("membersonly", group.LabPi is null ? "FALSE" : "TRUE");
        ldif.Attribute("umichPrivate", "FALSE");
        ldif.Attribute("umichExpiryTimestamp", Formats.GeneralizedTime(group.Created.AddYears(10)).Replace(".0Z", "Z", StringComparison.Ordinal));
        Stamps(ldif, Earliest(group.Created), Earliest(group.Created));
    }
}
