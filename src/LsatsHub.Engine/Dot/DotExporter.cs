using System.Text;
using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Planning;

namespace LsatsHub.Engine.Dot;

/// <summary>
/// Writes the graph, or a selection of it, in Graphviz DOT: steps clustered by layer, inside a layer optionally by
/// band (tags the caller names, such as tiers), and inside that by source; external datasets as cylinders feeding their readers; step nodes filled by the status of the
/// last run. The output is deterministic (same graph, same text) so it can be diffed and golden-tested.
/// </summary>
public static class DotExporter
{
    private const string Indent = "  ";

    /// <summary>Exports the graph as DOT text.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="selection">The steps to show (with the externals they read and the edges between them); null for all.</param>
    /// <param name="lastStatus">Each step's status in the last run; steps without an entry are drawn white. Null draws no statuses and no legend.</param>
    /// <param name="bands">
    /// Tags that band a layer, in data-flow order (e.g. tier 1, tier 2, tier 3): inside its layer, a step carrying one of
    /// them is drawn in that band's cluster (the first band it carries), so the picture reads band by band; steps
    /// without one stay directly in their layer. Null or empty: no bands.
    /// </param>
    /// <returns>The DOT text, ending with a newline.</returns>
    /// <exception cref="ArgumentException">The selection names a step the graph does not have.</exception>
    public static string Export(
        PipelineGraph graph,
        IReadOnlySet<string>? selection,
        IReadOnlyDictionary<string, StepStatus>? lastStatus,
        IReadOnlyList<StepTag>? bands = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var allSteps = graph.Steps.Select(step => step.Descriptor.Name).ToHashSet(StringComparer.Ordinal);
        var shown = selection ?? allSteps;
        var unknown = shown.Where(step => !allSteps.Contains(step)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"the selection names steps the graph does not have: {string.Join(", ", unknown)}", nameof(selection));
        }

        var descriptors = graph.Steps.Select(step => step.Descriptor).Where(descriptor => shown.Contains(descriptor.Name)).ToArray();
        var depth = ExecutionPlan.Create(graph, allSteps);
        var dot = new StringBuilder();
        dot.Append("digraph \"pipeline\" {\n");
        dot.Append(Indent).Append("graph [rankdir=\"LR\", fontname=\"Helvetica\", fontsize=\"12\", newrank=\"true\"];\n");
        dot.Append(Indent).Append("node [shape=\"box\", style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=\"10\", fillcolor=\"#ffffff\"];\n");
        dot.Append(Indent).Append("edge [color=\"#555555\", arrowsize=\"0.7\"];\n");

        // Layers in the order data flows through them (shallowest step first), then by name.
        var layers = descriptors
            .GroupBy(descriptor => descriptor.Layer.Name, StringComparer.Ordinal)
            .OrderBy(layer => layer.Min(descriptor => depth.TierOf(descriptor.Name)))
            .ThenBy(layer => layer.Key, StringComparer.Ordinal);
        var columns = new List<IReadOnlyList<string>>();
        foreach (var layer in layers)
        {
            dot.Append('\n');
            dot.Append(Indent).Append($"subgraph {Quote("cluster_layer_" + layer.Key)} {{\n");
            dot.Append(Indent).Append(Indent).Append($"label={Quote(layer.Key)};\n");
            dot.Append(Indent).Append(Indent).Append("style=\"rounded\";\n");
            dot.Append(Indent).Append(Indent).Append("color=\"#888888\";\n");
            var banded = layer.ToLookup(descriptor => BandOf(descriptor, bands));
            if (banded.Contains(string.Empty))
            {
                columns.Add(banded[string.Empty].Select(descriptor => descriptor.Name).Order(StringComparer.Ordinal).ToList());
            }

            columns.AddRange((bands ?? []).Where(band => banded.Contains(band.Name))
                .Select(band => banded[band.Name].Select(descriptor => descriptor.Name).Order(StringComparer.Ordinal).ToList()));
            foreach (var band in bands ?? [])
            {
                if (!banded.Contains(band.Name))
                {
                    continue;
                }

                var inner = Indent + Indent + Indent;
                dot.Append(Indent).Append(Indent).Append($"subgraph {Quote("cluster_layer_" + layer.Key + "_band_" + band.Name)} {{\n");
                dot.Append(inner).Append($"label={Quote(band.Name)};\n");
                dot.Append(inner).Append("style=\"rounded,filled\";\n");
                dot.Append(inner).Append("fillcolor=\"#f5f5f5\";\n");
                dot.Append(inner).Append("color=\"#aaaaaa\";\n");
                AppendSteps(dot, inner, "cluster_layer_" + layer.Key + "_band_" + band.Name, banded[band.Name], lastStatus);
                dot.Append(Indent).Append(Indent).Append("}\n");
            }

            AppendSteps(dot, Indent + Indent, "cluster_layer_" + layer.Key, banded[string.Empty], lastStatus);
            dot.Append(Indent).Append("}\n");
        }

        var externals = graph.Externals
            .Select(external => (External: external, Readers: descriptors.Where(descriptor => descriptor.Inputs.Contains(external.Id)).Select(descriptor => descriptor.Name).ToArray()))
            .Where(pair => pair.Readers.Length > 0)
            .ToArray();
        if (externals.Length > 0)
        {
            // Sources sit in the first rank, left of everything that reads them.
            dot.Append('\n');
            dot.Append(Indent).Append("subgraph \"externals\" {\n");
            dot.Append(Indent).Append(Indent).Append("rank=\"min\";\n");
            foreach (var (external, _) in externals)
            {
                var label = external.Id.Name + (string.IsNullOrWhiteSpace(external.Description) ? string.Empty : "\n" + external.Description);
                dot.Append(Indent).Append(Indent).Append($"{ExternalNodeId(external)} [label={Quote(label)}, shape=\"cylinder\", style=\"filled\", fillcolor=\"#e3ecf7\", color=\"#5b7aa6\"];\n");
            }

            dot.Append(Indent).Append("}\n");

            foreach (var (external, readers) in externals)
            {
                foreach (var reader in readers)
                {
                    dot.Append(Indent).Append($"{ExternalNodeId(external)} -> {Quote(reader)} [style=\"dashed\", color=\"#5b7aa6\"];\n");
                }
            }
        }

        var edges = graph.Edges.Where(edge => shown.Contains(edge.Source) && shown.Contains(edge.Target)).ToArray();
        if (edges.Length > 0)
        {
            dot.Append('\n');
            foreach (var (source, target) in edges)
            {
                dot.Append(Indent).Append($"{Quote(source)} -> {Quote(target)};\n");
            }
        }

        if (bands is { Count: > 0 } && columns.Count > 1)
        {
            // Each band (and each layer's steps outside a band) is a column: an invisible point between two columns
            // that every step of the first points to and that points to every step of the second, so no step is drawn
            // left of a step of an earlier column. Without it dot packs a short chain (a tier-1 table of a source with
            // one bronze step) beside long ones and the tiers overlap.
            dot.Append('\n');
            for (var i = 0; i + 1 < columns.Count; i++)
            {
                var anchor = Quote("column:" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                dot.Append(Indent).Append($"{anchor} [shape=\"point\", style=\"invis\", width=\"0\", height=\"0\", label=\"\"];\n");
                foreach (var step in columns[i])
                {
                    dot.Append(Indent).Append($"{Quote(step)} -> {anchor} [style=\"invis\", weight=\"0\"];\n");
                }

                foreach (var step in columns[i + 1])
                {
                    dot.Append(Indent).Append($"{anchor} -> {Quote(step)} [style=\"invis\", weight=\"0\"];\n");
                }
            }
        }

        if (lastStatus is not null)
        {
            AppendLegend(dot);
        }

        dot.Append("}\n");
        return dot.ToString();
    }

    /// <summary>
    /// A DOT double-quoted string: backslashes and quotes escaped, line breaks as <c>\n</c> (a centred line
    /// break in labels), so any step name or description is safe as an id or label.
    /// </summary>
    /// <param name="text">Any text.</param>
    /// <returns>The quoted text.</returns>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var character in text)
        {
            _ = character switch
            {
                '\\' => quoted.Append("\\\\"),
                '"' => quoted.Append("\\\""),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted,
                _ => quoted.Append(character),
            };
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>The fill colour of a step whose last run ended with <paramref name="status"/> (white when there is none).</summary>
    /// <param name="status">The last status, if any.</param>
    /// <returns>A Graphviz colour.</returns>
    public static string FillColour(StepStatus? status) => status switch
    {
        StepStatus.Succeeded => "#b7e4a8",
        StepStatus.Failed => "#f4a3a3",
        StepStatus.Skipped => "#d9d9d9",
        StepStatus.Cancelled => "#f9c784",
        StepStatus.Running => "#fff59d",
        _ => "#ffffff",
    };

    private static string BandOf(StepDescriptor descriptor, IReadOnlyList<StepTag>? bands)
    {
        foreach (var band in bands ?? [])
        {
            if (descriptor.Tags.Contains(band))
            {
                return band.Name;
            }
        }

        return string.Empty;
    }

    /// <summary>Steps of one cluster: per source a dashed sub-cluster, then the steps without a source.</summary>
    private static void AppendSteps(StringBuilder dot, string indent, string clusterId, IEnumerable<StepDescriptor> steps, IReadOnlyDictionary<string, StepStatus>? lastStatus)
    {
        var list = steps.ToList();
        foreach (var source in list.Where(descriptor => descriptor.Source is not null).GroupBy(descriptor => descriptor.Source!, StringComparer.Ordinal).OrderBy(source => source.Key, StringComparer.Ordinal))
        {
            var inner = indent + Indent;
            dot.Append(indent).Append($"subgraph {Quote(clusterId + "_source_" + source.Key)} {{\n");
            dot.Append(inner).Append($"label={Quote("source " + source.Key)};\n");
            dot.Append(inner).Append("style=\"rounded,dashed\";\n");
            foreach (var descriptor in source.OrderBy(descriptor => descriptor.Name, StringComparer.Ordinal))
            {
                dot.Append(inner).Append(StepNode(descriptor, lastStatus)).Append('\n');
            }

            dot.Append(indent).Append("}\n");
        }

        foreach (var descriptor in list.Where(descriptor => descriptor.Source is null).OrderBy(descriptor => descriptor.Name, StringComparer.Ordinal))
        {
            dot.Append(indent).Append(StepNode(descriptor, lastStatus)).Append('\n');
        }
    }

    private static string StepNode(StepDescriptor descriptor, IReadOnlyDictionary<string, StepStatus>? lastStatus)
    {
        StepStatus? status = lastStatus is not null && lastStatus.TryGetValue(descriptor.Name, out var found) ? found : null;
        var label = status is null ? descriptor.Name : descriptor.Name + "\n" + StatusWord(status.Value);
        var attributes = new List<string> { $"label={Quote(label)}" };
        if (status is not null)
        {
            attributes.Add($"fillcolor={Quote(FillColour(status))}");
        }

        if (!string.IsNullOrWhiteSpace(descriptor.Description))
        {
            attributes.Add($"tooltip={Quote(descriptor.Description)}");
        }

        return $"{Quote(descriptor.Name)} [{string.Join(", ", attributes)}];";
    }

    private static string ExternalNodeId(ExternalDataset external) => Quote("external:" + external.Id.Name);

    private static string StatusWord(StepStatus status) => status.ToString().ToLowerInvariant();

    private static void AppendLegend(StringBuilder dot)
    {
        var inner = Indent + Indent;
        dot.Append('\n');
        dot.Append(Indent).Append("subgraph \"cluster_legend\" {\n");
        dot.Append(inner).Append("label=\"last run\";\n");
        dot.Append(inner).Append("style=\"rounded\";\n");
        dot.Append(inner).Append("color=\"#888888\";\n");
        StepStatus?[] statuses = [StepStatus.Succeeded, StepStatus.Failed, StepStatus.Skipped, StepStatus.Cancelled, StepStatus.Running, null];
        foreach (var status in statuses)
        {
            var word = status is null ? "no record" : StatusWord(status.Value);
            dot.Append(inner).Append($"{Quote("legend:" + word)} [label={Quote(word)}, fillcolor={Quote(FillColour(status))}];\n");
        }

        dot.Append(Indent).Append("}\n");
    }
}
