using LsatsHub.Simulator.Generation;

namespace LsatsHub.Simulator.UmApi;

/// <summary>The client credentials the gateway simulator accepts (UM_CLIENT_KEY / UM_CLIENT_SECRET), derived from the seed.</summary>
public sealed record UmApiCredentials(string ClientId, string ClientSecret)
{
    /// <summary>The credentials of a seed.</summary>
    public static UmApiCredentials For(int seed)
    {
        var random = RandomExtensions.Derive(seed, 53);
        return new UmApiCredentials(random.NextGuid().ToString("N"), random.NextGuid().ToString("N"));
    }
}
