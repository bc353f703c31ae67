using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Projections;

/// <summary>The simulator's bind accounts; not secret (they guard only synthetic data), but still not printed in logs.</summary>
/// <param name="AdBindDn">AD service account DN (production uses DOMAIN\user, which OpenLDAP cannot bind; a DN is the stand-in).</param>
/// <param name="AdPassword">Its password.</param>
/// <param name="McommunityBindDn">MCommunity application DN.</param>
/// <param name="McommunityPassword">Its password.</param>
public sealed record LdapAccounts(string AdBindDn, string AdPassword, string McommunityBindDn, string McommunityPassword)
{
    /// <summary>The accounts of a seed.</summary>
    public static LdapAccounts For(int seed)
    {
        var random = RandomExtensions.Derive(seed, 60);
        return new LdapAccounts(
            $"CN=lsats-svc,{AdLayout.ServiceAccounts}", "ad-" + Convert.ToHexStringLower(random.NextGuid().ToByteArray())[..20],
            $"cn=lsats-hub,{AdLayout.McommunityApplications}", "mc-" + Convert.ToHexStringLower(random.NextGuid().ToByteArray())[..20]);
    }
}
