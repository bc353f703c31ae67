namespace LsatsHub.Simulator.Generation;

/// <summary>How many of each thing a scale produces (docs/sources.md, Sizes at UMich, at scale 1.0; floors keep tiny worlds meaningful).</summary>
internal sealed record WorldCounts(int Departments, int People, int Labs, int Computers, int McommunityGroups, int AdGroups)
{
    public static WorldCounts For(double scale) => new(
        Departments: Math.Max(30, (int)Math.Round(4_936 * scale)),
        People: Math.Max(600, (int)Math.Round(720_000 * scale)),
        Labs: Math.Max(4, (int)Math.Round(500 * scale)),
        Computers: Math.Max(30, (int)Math.Round(23_000 * scale)),
        McommunityGroups: Math.Max(30, (int)Math.Round(33_961 * scale)),
        AdGroups: Math.Max(10, (int)Math.Round(8_736 * scale)));
}
