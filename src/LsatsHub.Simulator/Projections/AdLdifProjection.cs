using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Projections;

/// <summary>The world as Active Directory LDIF (OUs, users, groups, computers) for slapadd; parents come before children.</summary>
public sealed class AdLdifProjection(WorldIndex index, LdapAccounts accounts)
{
    private const string Schema = "CN=Schema,CN=Configuration," + AdLayout.Domain;
    private const long NeverExpires = long.MaxValue;

    /// <summary>Writes every AD entry.</summary>
    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var ldif = new LdifWriter(output);
        var world = index.World;
        ldif.BeginEntry(AdLayout.Domain);
        ldif.Attribute("objectClass", ["top", "domain"]);
        ldif.Attribute("dc", "adsroot");

        foreach (var unit in world.OrganizationalUnits)
        {
            ldif.BeginEntry(unit.Dn);
            ldif.Attribute("objectClass", ["top", "organizationalUnit"]);
            ldif.Attribute("ou", unit.Name);
            ldif.Attribute("name", unit.Name);
            ldif.Attribute("distinguishedName", unit.Dn);
            ldif.Binary("objectGUID", unit.Guid.ToByteArray());
            ldif.Attribute("description", unit.Description);
            ldif.Attribute("managedBy", unit.ManagedByDn);
            ldif.Attribute("objectCategory", $"CN=Organizational-Unit,{Schema}");
            ldif.Attribute("instanceType", "4");
            Times(ldif, Activity(unit.Guid, unit.Created), unit.Created);
        }

        ldif.BeginEntry(accounts.AdBindDn);
        ldif.Attribute("objectClass", ["top", "person", "organizationalPerson", "user"]);
        ldif.Attribute("cn", "lsats-svc");
        ldif.Attribute("sn", "lsats-svc");
        ldif.Attribute("sAMAccountName", "lsats-svc");
        ldif.Attribute("userPassword", accounts.AdPassword);

        foreach (var person in world.People.Where(p => p.Presence.InAd))
        {
            WriteUser(ldif, person);
        }

        foreach (var group in world.Groups.Where(g => g.Kind != GroupKind.Mcommunity))
        {
            WriteGroup(ldif, group);
        }

        foreach (var computer in world.Computers.Where(c => c.InAd))
        {
            WriteComputer(ldif, computer);
        }
    }

    private void WriteUser(LdifWriter ldif, Person person)
    {
        var activity = Activity(person.AdGuid, person.Created);
        var dn = AdLayout.AdUserDn(person.Uniqname);
        var lastName = person.Dirt.PreviousLastName ?? person.LastName;
        ldif.BeginEntry(dn);
        ldif.Attribute("objectClass", ["top", "person", "organizationalPerson", "user"]);
        ldif.Attribute("cn", person.Uniqname);
        ldif.Attribute("name", person.Uniqname);
        ldif.Attribute("distinguishedName", dn);
        ldif.Attribute("sAMAccountName", person.Uniqname);
        ldif.Attribute("uid", person.Uniqname);
        ldif.Attribute("userPrincipalName", person.Email);
        ldif.Binary("objectGUID", person.AdGuid.ToByteArray());
        ldif.Binary("objectSid", AdLayout.SidBytes(person.AdRid));
        ldif.Attribute("givenName", person.FirstName);
        ldif.Attribute("sn", lastName);
        ldif.Attribute("initials", person.MiddleName);
        ldif.Attribute("displayName", $"{person.FirstName} {lastName}");
        ldif.Attribute("mail", person.Email);
        ldif.Attribute("proxyAddresses", [$"SMTP:{person.Email}", $"smtp:{person.Uniqname}@umich.onmicrosoft.com"]);
        if (index.AdGroupsOfPerson.TryGetValue(person.Id, out var groups))
        {
            ldif.Attribute("memberOf", groups.Select(WorldIndex.AdGroupDn));
        }

        ldif.Attribute("umichadOU", person.DeptId is { } d && index.Departments[d].IsLsa ? "LSA" : "UMICH");
        ldif.Attribute("umichadRole", person.Affiliation switch
        {
            Affiliation.Faculty or Affiliation.Staff => "Faculty and Staff",
            Affiliation.Student => "Student",
            Affiliation.Alumni => "Alumni",
            _ => "Sponsored Affiliate",
        });
        ldif.Attribute("title", person.InUmApi ? person.Title : null);
        ldif.Attribute("userAccountControl", person.Presence.AdDisabled ? "514" : "512");
        ldif.Attribute("uidNumber", Formats.Int(person.UidNumber));
        ldif.Attribute("gidNumber", "100");
        ldif.Attribute("primaryGroupID", "513");
        ldif.Attribute("sAMAccountType", "805306368");
        ldif.Attribute("objectCategory", $"CN=Person,{Schema}");
        ldif.Attribute("instanceType", "4");
        ldif.Attribute("pwdLastSet", FileTime(activity.PwdLastSet));
        ldif.Attribute("lastLogonTimestamp", FileTime(activity.LastLogonTimestamp));
        ldif.Attribute("accountExpires", Formats.Int(NeverExpires));
        ldif.Attribute("dSCorePropagationData", ["16010101000000.0Z", "20230501120000.0Z"]);
        Times(ldif, activity, person.Created);
    }

    private void WriteGroup(LdifWriter ldif, Group group)
    {
        var dn = WorldIndex.AdGroupDn(group);
        ldif.BeginEntry(dn);
        ldif.Attribute("objectClass", ["top", "group"]);
        ldif.Attribute("cn", group.Name);
        ldif.Attribute("name", group.Name);
        ldif.Attribute("distinguishedName", dn);
        ldif.Attribute("sAMAccountName", group.Name);
        ldif.Binary("objectGUID", group.AdGuid.ToByteArray());
        ldif.Binary("objectSid", AdLayout.SidBytes(group.AdRid));
        ldif.Attribute("member", group.MemberIds.Where(id => index.World.People[id].Presence.InAd).Select(id => AdLayout.AdUserDn(index.World.People[id].Uniqname)));
        ldif.Attribute("member", group.MemberComputerNames.Where(n => index.Computers[n].InAd).Select(n => WorldIndex.AdComputerDn(index.Computers[n])));
        ldif.Attribute("description", group.Description);
        ldif.Attribute("displayName", group.DisplayName);
        ldif.Attribute("mail", group.Kind == GroupKind.Synced ? group.Name + "@umich.edu" : null);
        ldif.Attribute("managedBy", group.OwnerIds.Select(id => index.World.People[id]).Where(p => p.Presence.InAd).Select(p => AdLayout.AdUserDn(p.Uniqname)).FirstOrDefault());
        ldif.Attribute("groupType", group.Kind == GroupKind.Synced ? "2" : "-2147483646");
        ldif.Attribute("sAMAccountType", group.Kind == GroupKind.Synced ? "268435457" : "268435456");
        ldif.Attribute("objectCategory", $"CN=Group,{Schema}");
        ldif.Attribute("instanceType", "4");
        Times(ldif, Activity(group.AdGuid, group.Created), group.Created);
    }

    private void WriteComputer(LdifWriter ldif, Computer computer)
    {
        var activity = Activity(computer.AdGuid, computer.Created);
        var dn = WorldIndex.AdComputerDn(computer);
        var fqdn = computer.Name.ToLowerInvariant() + ".adsroot.itcs.umich.edu";
        ldif.BeginEntry(dn);
        ldif.Attribute("objectClass", ["top", "person", "organizationalPerson", "user", "computer"]);
        ldif.Attribute("cn", computer.Name);
        ldif.Attribute("name", computer.Name);
        ldif.Attribute("distinguishedName", dn);
        ldif.Attribute("sAMAccountName", computer.Name + "$");
        ldif.Attribute("dNSHostName", fqdn);
        ldif.Binary("objectGUID", computer.AdGuid.ToByteArray());
        ldif.Binary("objectSid", AdLayout.SidBytes(computer.AdRid));
        ldif.Attribute("operatingSystem", computer.OperatingSystem);
        ldif.Attribute("operatingSystemVersion", computer.OperatingSystemVersion);
        ldif.Attribute("userAccountControl", computer.AdDisabled ? "4098" : "4096");
        if (index.AdGroupsOfComputer.TryGetValue(computer.Name, out var groups))
        {
            ldif.Attribute("memberOf", groups.Select(WorldIndex.AdGroupDn));
        }

        ldif.Attribute("servicePrincipalName", [$"HOST/{computer.Name}", $"HOST/{fqdn}", $"RestrictedKrbHost/{computer.Name}"]);
        var owner = computer.OwnerPersonId is { } o ? index.World.People[o] : null;
        ldif.Attribute("managedBy", owner is { Presence.InAd: true } ? AdLayout.AdUserDn(owner.Uniqname) : null);
        ldif.Attribute("description", computer.LabPi is null ? null : $"{computer.LabPi} lab");
        ldif.Attribute("pwdLastSet", FileTime(activity.PwdLastSet));
        ldif.Attribute("lastLogon", FileTime(activity.LastLogon));
        ldif.Attribute("lastLogonTimestamp", FileTime(activity.LastLogonTimestamp));
        ldif.Attribute("accountExpires", Formats.Int(NeverExpires));
        ldif.Attribute("ms-Mcs-AdmPwdExpirationTime", FileTime(activity.LapsExpiry));
        ldif.Attribute("msDS-SupportedEncryptionTypes", "28");
        ldif.Attribute("isCriticalSystemObject", "FALSE");
        ldif.Attribute("primaryGroupID", "515");
        ldif.Attribute("sAMAccountType", "805306369");
        ldif.Attribute("objectCategory", $"CN=Computer,{Schema}");
        ldif.Attribute("instanceType", "4");
        ldif.Attribute("localPolicyFlags", "0");
        ldif.Attribute("countryCode", "0");
        ldif.Attribute("codePage", "0");
        Times(ldif, activity, computer.Created);
    }

    private static void Times(LdifWriter ldif, AdActivity activity, DateTimeOffset created)
    {
        ldif.Attribute("whenCreated", Formats.GeneralizedTime(created));
        ldif.Attribute("whenChanged", Formats.GeneralizedTime(activity.WhenChanged));
        ldif.Attribute("uSNCreated", Formats.Int(activity.UsnCreated));
        ldif.Attribute("uSNChanged", Formats.Int(activity.UsnChanged));
    }

    private static string? FileTime(DateTimeOffset? moment) => moment is { } value ? Formats.FileTime(value) : null;

    // An object the world has no activity for (a test built it by hand) looks freshly created.
    private AdActivity Activity(Guid id, DateTimeOffset created) =>
        index.World.Ad.TryGetValue(id, out var activity) ? activity : new AdActivity(1, 1, created, created, created, created, created.AddDays(30));
}
