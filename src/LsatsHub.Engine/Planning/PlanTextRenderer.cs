using System.Text;

namespace LsatsHub.Engine.Planning;

/// <summary>
/// Writes an <see cref="ExecutionPlan"/> as text for people (what a plan command prints): a header
/// with counts by layer, source and resource, then each tier with its steps, their layer, source and
/// resources, what each waits for, and which unselected parents' existing output it reads.
/// </summary>
public static class PlanTextRenderer
{
    private const string None = "-";

    /// <summary>Renders the plan; lines end with \n and the text ends with a newline.</summary>
    /// <param name="plan">The plan.</param>
    /// <returns>The text.</returns>
    public static string Render(ExecutionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var descriptors = plan.Steps.Select(step => plan.Graph[step].Descriptor).ToArray();
        var text = new StringBuilder();

        text.Append($"Plan: {Count(plan.Steps.Count, "step")} in {Count(plan.Tiers.Count, "tier")}\n");
        text.Append($"Layers: {Tally(descriptors.Select(descriptor => descriptor.Layer.Name))}\n");
        var withoutSource = descriptors.Count(descriptor => descriptor.Source is null);
        var sources = Tally(descriptors.Where(descriptor => descriptor.Source is not null).Select(descriptor => descriptor.Source!));
        text.Append($"Sources: {sources}{(withoutSource > 0 ? $", no source {withoutSource}" : string.Empty)}\n");
        text.Append($"Resources: {Tally(descriptors.SelectMany(descriptor => descriptor.Resources.Select(resource => resource.Name)))}\n");

        var nameWidth = descriptors.Select(descriptor => descriptor.Name.Length).DefaultIfEmpty(0).Max();
        var layerWidth = descriptors.Select(descriptor => descriptor.Layer.Name.Length).DefaultIfEmpty(0).Max();
        var sourceWidth = descriptors.Select(descriptor => (descriptor.Source ?? None).Length).DefaultIfEmpty(0).Max();

        for (var tier = 0; tier < plan.Tiers.Count; tier++)
        {
            var steps = plan.Tiers[tier];
            text.Append('\n');
            text.Append($"Tier {tier}: {Count(steps.Count, "step")}{(tier == 0 ? ", nothing to wait for" : string.Empty)}\n");
            foreach (var step in steps)
            {
                var descriptor = plan.Graph[step].Descriptor;
                var resources = descriptor.Resources.Count == 0 ? None : string.Join(", ", descriptor.Resources);
                var line = $"  {descriptor.Name.PadRight(nameWidth)}  layer {descriptor.Layer.Name.PadRight(layerWidth)}  source {(descriptor.Source ?? None).PadRight(sourceWidth)}  resources {resources}";
                text.Append(line.TrimEnd()).Append('\n');

                var waitsFor = plan.ParentsWithinSelection(step);
                if (waitsFor.Count > 0)
                {
                    text.Append($"      waits for: {string.Join(", ", waitsFor)}\n");
                }

                var notRun = plan.ParentsOutsideSelection(step);
                if (notRun.Count > 0)
                {
                    text.Append($"      reads as is (not selected): {string.Join(", ", notRun)}\n");
                }
            }
        }

        return text.ToString();
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Tally(IEnumerable<string> values)
    {
        var counts = values
            .GroupBy(value => value, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => $"{group.Key} {group.Count()}")
            .ToArray();
        return counts.Length == 0 ? "none" : string.Join(", ", counts);
    }
}
