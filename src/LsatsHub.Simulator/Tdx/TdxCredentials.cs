using LsatsHub.Simulator.Generation;

namespace LsatsHub.Simulator.Tdx;

/// <summary>The credentials the simulator accepts (derived from the seed so a generated .env matches a later serve).</summary>
public sealed record TdxCredentials(string Beid, string WebServicesKey, string UserName, string Password)
{
    /// <summary>The credentials of a seed; <paramref name="beid"/> is the tenant's BEID.</summary>
    public static TdxCredentials For(int seed, Guid beid)
    {
        var random = RandomExtensions.Derive(seed, 51);
        return new TdxCredentials(beid.ToString(), random.NextGuid().ToString(), "lsats-svc", "pw-" + random.NextGuid().ToString("N")[..16]);
    }
}
