using System.Globalization;
using System.Text.Json;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Projections;

/// <summary>Writes truth.json: what silver must find (people and their identifiers per source, labs, computers, groups).</summary>
public static class GroundTruthWriter
{
    /// <summary>Streams the truth of <paramref name="index"/>'s world.</summary>
    public static void Write(WorldIndex index, Stream output)
    {
        ArgumentNullException.ThrowIfNull(index);
        var world = index.World;
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("seed", world.Options.Seed);
        json.WriteNumber("scale", world.Options.Scale);
        json.WriteNumber("generation", world.Generation);
        json.WriteString("asOf", world.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        json.WriteStartArray("departments");
        foreach (var d in world.Departments)
        {
            json.WriteStartObject();
            json.WriteString("deptId", d.DeptId);
            json.WriteString("name", d.Name);
            json.WriteString("deptGroup", d.College.DeptGroup);
            json.WriteBoolean("inUmichApi", d.InUmApi);
            if (d.InTdx)
            {
                json.WriteNumber("tdxAccountId", d.TdxAccountId);
            }
            else
            {
                json.WriteNull("tdxAccountId");
            }

            json.WriteBoolean("isLsa", d.IsLsa);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("people");
        foreach (var p in world.People)
        {
            WritePerson(json, index, p);
        }

        json.WriteEndArray();

        json.WriteStartArray("labs");
        foreach (var lab in world.Labs)
        {
            json.WriteStartObject();
            json.WriteString("pi", lab.PiUniqname);
            json.WriteString("deptId", lab.DeptId);
            json.WriteString("ouDn", lab.OuDn);
            json.WriteString("ouName", lab.OuName);
            json.WriteBoolean("hasAwards", lab.HasAwards);
            Names(json, "members", lab.MemberIds.Select(id => world.People[id].Uniqname));
            Names(json, "managers", lab.ManagerIds.Select(id => world.People[id].Uniqname));
            Names(json, "computers", lab.ComputerNames);
            Names(json, "groups", world.Groups.Where(g => g.LabPi == lab.PiUniqname).Select(g => g.Name));
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("computers");
        foreach (var c in world.Computers)
        {
            WriteComputer(json, index, c);
        }

        json.WriteEndArray();

        json.WriteStartArray("groups");
        foreach (var g in world.Groups)
        {
            json.WriteStartObject();
            json.WriteString("name", g.Name);
            json.WriteString("kind", g.Kind.ToString());
            json.WriteString("lab", g.LabPi);
            Names(json, "members", g.MemberIds.Select(id => world.People[id].Uniqname));
            Names(json, "memberComputers", g.MemberComputerNames);
            Names(json, "owners", g.OwnerIds.Select(id => world.People[id].Uniqname));
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("awards");
        foreach (var a in world.Awards)
        {
            json.WriteStartObject();
            json.WriteString("awardId", a.AwardId);
            json.WriteStartArray("people");
            foreach (var named in a.People)
            {
                json.WriteStartObject();
                json.WriteString("uniqname", world.People[named.PersonId].Uniqname);
                json.WriteString("role", named.Role);
                json.WriteString("deptId", named.DeptId);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePerson(Utf8JsonWriter json, WorldIndex index, Person p)
    {
        json.WriteStartObject();
        json.WriteString("uniqname", p.Uniqname);
        json.WriteString("emplId", p.EmplId);
        json.WriteString("firstName", p.FirstName);
        json.WriteString("lastName", p.LastName);
        json.WriteString("email", p.Email);
        json.WriteString("affiliation", p.Affiliation.ToString());
        json.WriteString("deptId", p.DeptId);
        json.WriteBoolean("isPi", index.PiIds.Contains(p.Id));
        json.WriteStartObject("sources");
        if (p.Presence.InTdx)
        {
            json.WriteStartObject("tdx");
            json.WriteString("uid", p.TdxUid.ToString());
            json.WriteString("alternateId", p.Dirt.MalformedTdx ? null : p.Dirt.TdxUniqnameSpelling ?? p.Uniqname);
            json.WriteString("externalId", p.EmplId);
            json.WriteBoolean("isActive", p.Presence.TdxActive);
            json.WriteEndObject();
        }

        if (p.Presence.InAd)
        {
            json.WriteStartObject("activeDirectory");
            json.WriteString("objectGUID", "{" + p.AdGuid + "}");
            json.WriteString("objectSid", AdLayout.Sid(p.AdRid));
            json.WriteString("dn", AdLayout.AdUserDn(p.Uniqname));
            json.WriteBoolean("disabled", p.Presence.AdDisabled);
            json.WriteEndObject();
        }

        if (p.Presence.InMcommunity)
        {
            json.WriteStartObject("mcommunity");
            json.WriteString("dn", AdLayout.McommunityPersonDn(p.Uniqname));
            if (p.Dirt.MalformedMcommunity)
            {
                json.WriteNull("uidNumber");
            }
            else
            {
                json.WriteNumber("uidNumber", p.UidNumber);
            }

            json.WriteEndObject();
        }

        if (p.InUmApi)
        {
            json.WriteStartObject("umichApi");
            json.WriteString("emplId", p.EmplId);
            json.WriteStartArray("emplRcds");
            foreach (var e in p.Employments)
            {
                json.WriteNumberValue(e.EmplRcd);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteStartObject("dirt");
        json.WriteString("tdxUniqnameSpelling", p.Dirt.TdxUniqnameSpelling);
        json.WriteString("previousLastName", p.Dirt.PreviousLastName);
        json.WriteBoolean("tdxMissingEmail", p.Dirt.TdxMissingEmail);
        json.WriteBoolean("mcommunityMissingEmail", p.Dirt.McommunityMissingEmail);
        json.WriteBoolean("malformedTdx", p.Dirt.MalformedTdx);
        json.WriteBoolean("malformedUmichApi", p.Dirt.MalformedUmApi);
        json.WriteBoolean("malformedMcommunity", p.Dirt.MalformedMcommunity);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteComputer(Utf8JsonWriter json, WorldIndex index, Computer c)
    {
        json.WriteStartObject();
        json.WriteString("name", c.Name);
        json.WriteString("serialNumber", c.SerialNumber);
        Names(json, "macs", c.Macs);
        json.WriteString("deptId", c.DeptId);
        json.WriteString("lab", c.LabPi);
        json.WriteString("owner", c.OwnerPersonId is { } o ? index.World.People[o].Uniqname : null);
        if (c.InTdx)
        {
            json.WriteStartObject("tdx");
            json.WriteNumber("assetId", c.TdxAssetId);
            json.WriteNumber("configurationItemId", c.TdxCiId);
            json.WriteString("tag", c.TdxTag);
            json.WriteString("name", c.TdxNameSpelling);
            Names(json, "macs", c.Macs.Select(m => MacAddress.Format(m, c.TdxMacFormat)));
            json.WriteEndObject();
        }

        if (c.InAd)
        {
            json.WriteStartObject("activeDirectory");
            json.WriteString("objectGUID", "{" + c.AdGuid + "}");
            json.WriteString("dn", WorldIndex.AdComputerDn(c));
            json.WriteBoolean("disabled", c.AdDisabled);
            json.WriteEndObject();
        }

        if (c.InKeyConfigure)
        {
            json.WriteStartObject("keyConfigure");
            json.WriteString("idnt", c.KeyConfigureId);
            Names(json, "macs", c.Macs.Select(m => MacAddress.Format(m, c.KeyConfigureMacFormat)));
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void Names(Utf8JsonWriter json, string property, IEnumerable<string> values)
    {
        json.WriteStartArray(property);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
