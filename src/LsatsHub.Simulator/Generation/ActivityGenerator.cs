using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Generation;

/// <summary>The moving parts of a freshly generated world: USNs in directory order, password, logon and inventory times.</summary>
internal static class ActivityGenerator
{
    /// <summary>uSNChanged of a generated object lies this far above its uSNCreated (the directory has been busy since).</summary>
    private const long ChangedOffset = 1_000_000;

    public static SimWorld Initial(SimWorld world)
    {
        var now = world.Now;
        var ad = new Dictionary<Guid, AdActivity>();
        var usn = 10_000L;

        AdActivity Times(DateTimeOffset created)
        {
            var whenChanged = created > now.AddDays(-60) ? created : now.AddDays(-(usn % 60) - 1);
            usn++;
            return new AdActivity(usn, usn + ChangedOffset, whenChanged);
        }

        foreach (var unit in world.OrganizationalUnits)
        {
            ad[unit.Guid] = Times(unit.Created);
        }

        foreach (var person in world.People.Where(p => p.Presence.InAd))
        {
            ad[person.AdGuid] = Times(person.Created) with
            {
                PwdLastSet = now.AddDays(-(person.Id % 300) - 1),
                LastLogonTimestamp = now.AddDays(-(person.Id % 20) - 1),
            };
        }

        foreach (var group in world.Groups.Where(g => g.Kind != GroupKind.Mcommunity))
        {
            ad[group.AdGuid] = Times(group.Created);
        }

        foreach (var computer in world.Computers.Where(c => c.InAd))
        {
            ad[computer.AdGuid] = Times(computer.Created) with
            {
                PwdLastSet = now.AddDays(-(computer.AdRid % 30) - 1),
                LastLogon = now.AddHours(-(computer.AdRid % 200) - 1),
                LastLogonTimestamp = now.AddDays(-(computer.AdRid % 14) - 1),
                LapsExpiry = now.AddDays(30 - (computer.AdRid % 30)),
            };
        }

        var use = world.Computers.ToDictionary(
            c => c.Name,
            c => new ComputerUse(now.AddHours(-(c.AdRid % 300) - 1), now.AddDays(-(c.TdxAssetId % 60))),
            StringComparer.Ordinal);
        return world with { Ad = ad, ComputerUse = use, HighestUsn = usn + ChangedOffset };
    }
}
