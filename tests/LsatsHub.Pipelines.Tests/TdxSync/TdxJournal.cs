using LsatsHub.Simulator.Tdx;

namespace LsatsHub.Pipelines.Tests.TdxSync;

/// <summary>What the TDX simulator's request journal says clients asked for.</summary>
internal static class TdxJournal
{
    /// <summary>Requests since <paramref name="from"/> that would change TDX: anything but GET, searches and logins.</summary>
    public static List<string> WritesSince(TdxSimulator tdx, int from) =>
        [.. tdx.Journal.Entries.Skip(from)
            .Where(e => e.Method != "GET"
                && !e.Path.EndsWith("/search", StringComparison.OrdinalIgnoreCase)
                && !e.Path.Contains("/auth", StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Method + " " + e.Path)];
}
