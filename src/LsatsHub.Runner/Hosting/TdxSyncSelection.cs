using LsatsHub.Connectors;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Selection;
using LsatsHub.Pipelines;
using LsatsHub.Runner.Configuration;

namespace LsatsHub.Runner.Hosting;

/// <summary>
/// The steps of the <c>tdx</c> layer write to TDX (docs/tdx-sync.md). A run of the whole DAG (no <c>--target</c>, no
/// <c>--select</c>, as the timer starts it) leaves them out unless <c>LSATS_TDX_SYNC=true</c>; naming them selects them.
/// Whichever runs passes the sandbox-first policy first (<see cref="TdxWriteGate"/>).
/// </summary>
internal static class TdxSyncSelection
{
    /// <summary>The switch that puts the tdx layer into whole-DAG runs.</summary>
    public const string EnabledVariable = "LSATS_TDX_SYNC";

    /// <summary>The selection without the tdx layer when the run is the whole DAG and the sync is not switched on.</summary>
    public static IReadOnlySet<string> Apply(CommandSession session, SelectionRequest request, IReadOnlySet<string> steps)
    {
        var everything = request.Targets.Count == 0 && request.Select.Count == 0;
        var enabled = session.Configuration[EnabledVariable]?.Trim().ToLowerInvariant() is "true" or "1" or "yes";
        return everything && !enabled
            ? steps.Where(step => session.Graph[step].Descriptor.Layer != Layers.TdxSync).ToHashSet(StringComparer.Ordinal)
            : steps;
    }

    /// <summary>The selected steps of the tdx layer, ordered by name.</summary>
    public static IReadOnlyList<string> TdxSteps(PipelineGraph graph, IReadOnlySet<string> steps) =>
        [.. steps.Where(step => graph[step].Descriptor.Layer == Layers.TdxSync).Order(StringComparer.Ordinal)];

    /// <summary>The configured TDX tenant; missing settings are a configuration error.</summary>
    public static TdxWriteTarget Target(CommandSession session)
    {
        try
        {
            return TdxWriteTarget.Of(TdxOptions.FromConfiguration(session.Configuration));
        }
        catch (ConnectorException exception)
        {
            throw new ConfigurationException(exception.Message, exception);
        }
    }
}
