using LsatsHub.Connectors;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Selection;
using LsatsHub.Pipelines;
using LsatsHub.Runner.Configuration;

namespace LsatsHub.Runner.Hosting;

/// <summary>
/// The steps of the <c>tdx</c> layer write to TDX (docs/tdx-sync.md), so they run only when asked for by name: a
/// <c>--target</c> or <c>--select</c> term naming a <c>tdx.</c> step or <c>layer:tdx</c>, or, for every run including the
/// timer's whole-DAG run, <c>LSATS_TDX_SYNC=true</c>. Otherwise they are left out even when a selection such as
/// <c>source:tdx</c> or <c>silver.labs+</c> reaches them, so re-ingesting TDX never writes to it by surprise. Whichever
/// runs passes the sandbox-first policy first (<see cref="TdxWriteGate"/>).
/// </summary>
internal static class TdxSyncSelection
{
    /// <summary>The switch that puts the tdx layer into whole-DAG runs.</summary>
    public const string EnabledVariable = "LSATS_TDX_SYNC";

    /// <summary>The selection without the tdx layer unless it was asked for (see the class).</summary>
    public static IReadOnlySet<string> Apply(CommandSession session, SelectionRequest request, IReadOnlySet<string> steps)
    {
        var enabled = session.Configuration[EnabledVariable]?.Trim().ToLowerInvariant() is "true" or "1" or "yes";
        return !enabled && !request.Targets.Concat(request.Select).Any(NamesTdxLayer)
            ? steps.Where(step => session.Graph[step].Descriptor.Layer != Layers.TdxSync).ToHashSet(StringComparer.Ordinal)
            : steps;
    }

    /// <summary>True for a term such as <c>tdx.lab_cis</c>, <c>+tdx.lab_cis</c>, <c>layer:tdx</c> or <c>tag:x,layer:tdx</c>.</summary>
    private static bool NamesTdxLayer(string term) =>
        term.Split(',', ' ').Select(part => part.TrimStart('@', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'))
            .Any(part => part.StartsWith("tdx.", StringComparison.Ordinal) || part == "layer:" + Layers.TdxSync.Name);

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
