using LsatsHub.Engine.Graph;

namespace LsatsHub.Runner.Output;

/// <summary>The <c>list</c> output: each step with its layer, source, tags, resources, inputs and outputs.</summary>
internal static class StepListRenderer
{
    public static string Render(PipelineGraph graph)
    {
        if (graph.Steps.Count == 0)
        {
            return "No steps are registered.";
        }

        var lines = new List<string>();
        foreach (var step in graph.Steps.Select(step => step.Descriptor))
        {
            lines.Add(step.Name + (step.Description is null ? string.Empty : "  — " + step.Description));
            lines.Add($"    layer: {step.Layer}{(step.Source is null ? string.Empty : ", source: " + step.Source)}"
                + (step.Tags.Count > 0 ? ", tags: " + string.Join(' ', step.Tags) : string.Empty)
                + (step.Resources.Count > 0 ? ", resources: " + string.Join(' ', step.Resources) : string.Empty));
            lines.Add("    inputs:  " + (step.Inputs.Count > 0 ? string.Join(", ", step.Inputs.Order()) : "(none)"));
            lines.Add("    outputs: " + string.Join(", ", step.Outputs.Order()));
        }

        lines.Add($"{graph.Steps.Count} steps, {graph.Edges.Count} dependencies, {graph.Externals.Count} external datasets");
        return string.Join(Environment.NewLine, lines);
    }
}
