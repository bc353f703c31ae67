using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Generation;

/// <summary>
/// Moves a month's AD and inventory activity forward: an AD object whose content changed, or whose password or logon
/// time moved at its <see cref="ChurnRates"/> rate, gets a new whenChanged and the next USN of the world's counter;
/// every other object keeps its values byte for byte, and uSNCreated never changes.
/// </summary>
internal static class ActivityChurn
{
    private const int SecondsInMonth = 30 * 86_400;

    public static SimWorld Apply(SimWorld before, SimWorld after, ChurnRates rates, Random random)
    {
        var now = after.Now;
        var ad = new Dictionary<Guid, AdActivity>(before.Ad);
        var usn = before.HighestUsn;

        DateTimeOffset Moment() => now.AddSeconds(-random.Next(1, SecondsInMonth));

        void Changed(Guid id, AdActivity updated, DateTimeOffset when) => ad[id] = updated with { UsnChanged = ++usn, WhenChanged = when };

        foreach (var unit in after.OrganizationalUnits)
        {
            var edited = random.Chance(rates.OrganizationalUnitEdits);
            var at = Moment();
            if (edited && ad.TryGetValue(unit.Guid, out var current))
            {
                Changed(unit.Guid, current, at);
            }
        }

        foreach (var person in after.People.Where(p => p.Presence.InAd))
        {
            // Every draw happens whether or not it is used, so one object's luck never shifts another's.
            var passwordChanged = random.Chance(rates.UserPasswordChanges);
            var passwordAt = Moment();
            var logonAt = now.AddDays(-random.Next(1, 15)).AddSeconds(-random.Next(86_400));
            var contentAt = Moment();
            var signedIn = ChurnRates.IsActive(person.AdGuid, rates.ActiveUsers);
            if (!ad.TryGetValue(person.AdGuid, out var current))
            {
                usn++;
                ad[person.AdGuid] = new AdActivity(usn, usn, person.Created, PwdLastSet: person.Created, LastLogonTimestamp: logonAt);
                continue;
            }

            var contentChanged = person.Id < before.People.Count && !ReferenceEquals(before.People[person.Id], person);
            var updated = current with
            {
                PwdLastSet = passwordChanged ? passwordAt : current.PwdLastSet,
                LastLogonTimestamp = signedIn ? logonAt : current.LastLogonTimestamp,
            };
            if (contentChanged || updated != current)
            {
                Changed(person.AdGuid, updated, Latest(contentChanged ? contentAt : null, passwordChanged ? passwordAt : null, signedIn ? logonAt : null));
            }
        }

        var use = new Dictionary<string, ComputerUse>(before.ComputerUse, StringComparer.Ordinal);
        for (var i = 0; i < after.Computers.Count; i++)
        {
            var computer = after.Computers[i];
            var passwordAt = now.AddDays(-random.Next(1, 31)).AddSeconds(-random.Next(86_400));
            var lastLogon = now.AddHours(-random.Next(1, 200));
            var logonAt = now.AddDays(-random.Next(1, 15)).AddSeconds(-random.Next(86_400));
            var sessionAt = now.AddHours(-random.Next(1, 300));
            var inventoriedAt = now.AddDays(-random.Next(0, 30));
            var contentAt = Moment();
            var active = ChurnRates.IsActive(computer.AdGuid, rates.ActiveComputers);
            if (active)
            {
                use[computer.Name] = new ComputerUse(sessionAt, inventoriedAt);
            }

            if (!computer.InAd || !ad.TryGetValue(computer.AdGuid, out var current))
            {
                continue;
            }

            var moved = i < before.Computers.Count && !ReferenceEquals(before.Computers[i], computer);
            if (moved || active)
            {
                var updated = active
                    ? current with { PwdLastSet = passwordAt, LapsExpiry = passwordAt.AddDays(30), LastLogon = lastLogon, LastLogonTimestamp = logonAt }
                    : current;
                Changed(computer.AdGuid, updated, Latest(moved ? contentAt : null, active ? lastLogon : null));
            }
        }

        return after with { Ad = ad, ComputerUse = use, HighestUsn = usn };
    }

    private static DateTimeOffset Latest(params DateTimeOffset?[] moments) => moments.Where(m => m is not null).Max()!.Value;
}
