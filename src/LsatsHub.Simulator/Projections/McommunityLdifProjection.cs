using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Projections;

/// <summary>The world as MCommunity LDIF (people and user groups) for slapadd.</summary>
public sealed class McommunityLdifProjection(WorldIndex index, LdapAccounts accounts)
{
    /// <summary>Writes every MCommunity entry.</summary>
    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var ldif = new LdifWriter(output);
        var world = index.World;

        ldif.BeginEntry(AdLayout.McommunityBase);
        ldif.Attribute("objectClass", ["top", "domain"]);
        ldif.Attribute("dc", "umich");
        foreach (var (dn, ou) in new[] { (AdLayout.McommunityPeople, "People"), ("ou=Groups," + AdLayout.McommunityBase, "Groups"), (AdLayout.McommunityGroups, "User Groups"), (AdLayout.McommunityApplications, "Applications") })
        {
            ldif.BeginEntry(dn);
            ldif.Attribute("objectClass", ["top", "organizationalUnit"]);
            ldif.Attribute("ou", ou);
        }

        ldif.BeginEntry(accounts.McommunityBindDn);
        ldif.Attribute("objectClass", ["top", "applicationProcess", "simpleSecurityObject"]);
        ldif.Attribute("cn", "lsats-hub");
        ldif.Attribute("userPassword", accounts.McommunityPassword);

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
    }

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
    }
}
