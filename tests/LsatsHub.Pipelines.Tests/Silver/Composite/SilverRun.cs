using LsatsHub.Engine;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Pipelines.Tests.Silver.Composite;

/// <summary>One silver run as the executor orders it: every silver step once, each after the steps whose outputs it reads.</summary>
public static class SilverRun
{
    /// <summary>The silver steps in an order that respects their declared inputs.</summary>
    public static List<IStep> Ordered(SilverTestBed bed)
    {
        var silver = bed.Steps.Where(step => step.Descriptor.Layer == Layers.Silver).OrderBy(step => step.Descriptor.Name, StringComparer.Ordinal).ToList();
        var produced = silver.SelectMany(step => step.Descriptor.Outputs).ToHashSet();
        var written = new HashSet<DatasetId>();
        var ordered = new List<IStep>();
        while (silver.Count > 0)
        {
            var ready = silver.First(step => step.Descriptor.Inputs.All(input => !produced.Contains(input) || written.Contains(input)));
            ordered.Add(ready);
            written.UnionWith(ready.Descriptor.Outputs);
            silver.Remove(ready);
        }

        return ordered;
    }

    /// <summary>Runs every silver step once against <paramref name="database"/>; returns each step's summary.</summary>
    public static async Task<Dictionary<string, string>> RunAsync(SilverTestBed bed, TestDatabase? database = null, bool fullRefresh = false)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in Ordered(bed))
        {
            summaries[step.Descriptor.Name] = (await bed.RunAsync(step, database, fullRefresh: fullRefresh)).Summary ?? string.Empty;
        }

        return summaries;
    }
}
