using LsatsHub.Engine;

namespace LsatsHub.Pipelines;

/// <summary>
/// The warehouse's layers, declared once. A step's layer is never typed on the step: it is the layer of the
/// datasets it writes (<see cref="Datasets"/>), and the runner's pre-silver snapshot gate compares against <see cref="Silver"/>.
/// </summary>
public static class Layers
{
    /// <summary>Raw versions of source records (bronze.raw_entities).</summary>
    public static readonly LayerName Bronze = new("bronze");

    /// <summary>Clean, typed, cross-source tables.</summary>
    public static readonly LayerName Silver = new("silver");

    /// <summary>Writes to TDX from silver (docs/tdx-sync.md); left out of a whole-DAG run unless LSATS_TDX_SYNC=true.</summary>
    public static readonly LayerName TdxSync = new("tdx");
}
