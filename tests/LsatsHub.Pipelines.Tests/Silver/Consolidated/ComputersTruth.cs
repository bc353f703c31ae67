using LsatsHub.Pipelines.Tests.Silver.SourceSpecific;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

/// <summary>
/// What silver.computers must say about a world's machines: which source records are one machine (the generator knows,
/// the sources do not), and how the generator's dirt (MAC formats, name case, missing sources) must land.
/// </summary>
public static class ComputersTruth
{
    /// <summary>A machine's records: TDX asset id, KeyConfigure computer_id, AD sAMAccountName (null where the source lacks it).</summary>
    public sealed record Identity(string? Tdx, string? KeyConfigure, string? Ad)
    {
        public IEnumerable<string> Records() =>
            new[] { Tdx is null ? null : "tdx:" + Tdx, KeyConfigure is null ? null : "kc:" + KeyConfigure, Ad is null ? null : "ad:" + Ad }.OfType<string>();

        /// <summary>Every pair of records that belong together (a machine in one source only has its record alone).</summary>
        public IEnumerable<string> Links()
        {
            var records = Records().ToList();
            if (records.Count == 1)
            {
                yield return records[0];
            }

            for (var i = 0; i < records.Count; i++)
            {
                for (var j = i + 1; j < records.Count; j++)
                {
                    yield return records[i] + "=" + records[j];
                }
            }
        }
    }

    /// <summary>The machines that at least one source knows.</summary>
    public static IEnumerable<Computer> Known(SimWorld world) => world.Computers.Where(c => c.InTdx || c.InAd || c.InKeyConfigure);

    public static Identity IdentityOf(Computer computer) => new(
        computer.InTdx ? computer.TdxAssetId.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        computer.InKeyConfigure ? KeyConfigureComputersTruth.ComputerId(computer.Name, computer.SerialNumber) : null,
        computer.InAd ? computer.Name + "$" : null);

    /// <summary>No dirt: TDX spells the name canonically and both sources write MACs their usual way.</summary>
    public static bool IsClean(Computer computer) =>
        computer.TdxNameSpelling == computer.Name && computer.TdxMacFormat == MacFormat.ColonUpper && computer.KeyConfigureMacFormat == MacFormat.Bare;

    /// <summary>The sources string silver must carry: tdx, keyconfigure, ad in that order, joined by '+'.</summary>
    public static string Sources(Computer computer) =>
        string.Join('+', new[] { computer.InTdx ? "tdx" : null, computer.InKeyConfigure ? "keyconfigure" : null, computer.InAd ? "ad" : null }.OfType<string>());

    /// <summary>The AD groups (DNs) of a machine that has an AD object.</summary>
    public static IReadOnlyList<string> AdGroupDns(WorldIndex index, Computer computer) =>
        computer.InAd && index.AdGroupsOfComputer.TryGetValue(computer.Name, out var groups) ? groups.Select(WorldIndex.AdGroupDn).ToList() : [];

    /// <summary>
    /// The owner silver must find for a machine, given who silver.users knows: the TDX owning customer (when the owner
    /// is in TDX), else the KeyConfigure Owner (the lab's PI for a lab machine, else the owner), else AD's managedBy.
    /// </summary>
    /// <param name="users">silver.users: uniqname → tdx_user_uid (null when the person has no TDX identity there).</param>
    public static string? Owner(SimWorld world, Computer computer, IReadOnlyDictionary<string, Guid?> users)
    {
        var owner = computer.OwnerPersonId is { } id ? world.People[id] : null;
        if (computer.InTdx && owner is { Presence.InTdx: true }
            && users.Where(user => user.Value == owner.TdxUid).Select(user => user.Key).Order(StringComparer.Ordinal).FirstOrDefault() is { } byUid)
        {
            return byUid;
        }

        var keyConfigureOwner = computer.LabPi ?? owner?.Uniqname;
        if (computer.InKeyConfigure && keyConfigureOwner is not null && users.ContainsKey(keyConfigureOwner.ToLowerInvariant()))
        {
            return keyConfigureOwner.ToLowerInvariant();
        }

        return computer.InAd && owner is { Presence.InAd: true } && users.ContainsKey(owner.Uniqname) ? owner.Uniqname : null;
    }
}
