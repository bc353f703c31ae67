using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Tests;

/// <summary>The small worlds the tests share (generation is deterministic, so caching is safe).</summary>
public static class Worlds
{
    private static readonly Lazy<SimWorld> LazySmall = new(() => WorldGenerator.Generate(new WorldOptions(42, 0.002)));

    /// <summary>Seed 42, scale 0.002.</summary>
    public static SimWorld Small => LazySmall.Value;
}
