using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.World;

namespace LsatsHub.Connectors.Tests.Tdx;

/// <summary>The small synthetic university the TDX connector tests run against.</summary>
public static class TdxWorlds
{
    private static readonly Lazy<SimWorld> LazySmall = new(() => WorldGenerator.Generate(new WorldOptions(42, 0.002)));

    public static SimWorld Small => LazySmall.Value;
}
