using System.Text;
using LsatsHub.Engine.Execution;
using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Planning;

namespace LsatsHub.Engine.Dot;

/// <summary>
/// Writes the graph, or a selection of it, in Graphviz DOT: steps clustered by layer and, inside a layer,
/// by source; external datasets as cylinders feeding their readers; step nodes filled by the status of the
/// last run. The output is deterministic (same graph, same text) so it can be diffed and golden-tested.
/// </summary>
public static class DotExporter
{
    private const string Indent = "  ";

    /// <summary>Exports the graph as DOT text.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="selection">The steps to show (with the externals they read and the edges between them); null for all.</param>
    /// <param name="lastStatus">Each step's status in the last run; steps without an entry are drawn white. Null draws no statuses and no legend.</param>
    /// <returns>The DOT text, ending with a newline.</returns>
    /// <exception cref="ArgumentException">The selection names a step the graph does not have.</exception>
    public static string Export(PipelineGraph graph, IReadOnlySet<string>? selection, IReadOnlyDictionary<string, StepStatus>? lastStatus)
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
        foreach (var layer in layers)
        {
            dot.Append('\n');
            dot.Append(Indent).Append($"subgraph {Quote("cluster_layer_" + layer.Key)} {{\n");
            dot.Append(Indent).Append(Indent).Append($"label={Quote(layer.Key)};\n");
            dot.Append(Indent).Append(Indent).Append("style=\"rounded\";\n");
            dot.Append(Indent).Append(Indent).Append("color=\"#888888\";\n");
            foreach (var source in layer.Where(descriptor => descriptor.Source is not null).GroupBy(descriptor => descriptor.Source!, StringComparer.Ordinal).OrderBy(source => source.Key, StringComparer.Ordinal))
            {
                var inner = Indent + Indent + Indent;
                dot.Append(Indent).Append(Indent).Append($"subgraph {Quote("cluster_layer_" + layer.Key + "_source_" + source.Key)} {{\n");
                dot.Append(inner).Append($"label={Quote("source " + source.Key)};\n");
                dot.Append(inner).Append("style=\"rounded,dashed\";\n");
                foreach (var descriptor in source.OrderBy(descriptor => descriptor.Name, StringComparer.Ordinal))
                {
                    dot.Append(inner).Append(StepNode(descriptor, lastStatus)).Append('\n');
                }

                dot.Append(Indent).Append(Indent).Append("}\n");
            }

            foreach (var descriptor in layer.Where(descriptor => descriptor.Source is null).OrderBy(descriptor => descriptor.Name, StringComparer.Ordinal))
            {
                dot.Append(Indent).Append(Indent).Append(StepNode(descriptor, lastStatus)).Append('\n');
            }

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
