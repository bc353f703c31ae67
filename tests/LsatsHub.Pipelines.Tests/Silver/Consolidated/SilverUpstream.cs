using LsatsHub.Engine;
using LsatsHub.Pipelines.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

/// <summary>
/// Runs the silver steps a tier-2 step reads from (transitively, in dependency order), found through the step
/// descriptors, so a test builds exactly what the real DAG would build first, including tier-2 inputs once their steps exist.
/// </summary>
public static class SilverUpstream
{
    /// <summary>The silver steps <paramref name="target"/> depends on, in an order that respects their inputs.</summary>
    public static List<IStep> StepsFor(SilverTestBed bed, IStep target)
    {
        var silver = bed.Steps.Where(step => step.Descriptor.Layer == Layers.Silver).ToList();
        var producers = silver.SelectMany(step => step.Descriptor.Outputs.Select(output => (output, step))).ToDictionary(pair => pair.output, pair => pair.step);
        var needed = new HashSet<IStep>();
        var pending = new Stack<DatasetId>(target.Descriptor.Inputs);
        while (pending.Count > 0)
        {
            if (producers.TryGetValue(pending.Pop(), out var producer) && producer != target && needed.Add(producer))
            {
                foreach (var input in producer.Descriptor.Inputs)
                {
                    pending.Push(input);
                }
            }
        }

        var ordered = new List<IStep>();
        var done = new HashSet<DatasetId>();
        var remaining = needed.OrderBy(step => step.Descriptor.Name, StringComparer.Ordinal).ToList();
        while (remaining.Count > 0)
        {
            var ready = remaining.First(step => step.Descriptor.Inputs.All(input => !producers.ContainsKey(input) || !needed.Contains(producers[input]) || done.Contains(input)));
            ordered.Add(ready);
            done.UnionWith(ready.Descriptor.Outputs);
            remaining.Remove(ready);
        }

        return ordered;
    }

    /// <summary>Runs the upstream silver steps of <paramref name="target"/> against <paramref name="database"/>.</summary>
    public static async Task RunAsync(SilverTestBed bed, IStep target, TestDatabase database, bool fullRefresh = false)
    {
        foreach (var step in StepsFor(bed, target))
        {
            await bed.RunAsync(step, database, fullRefresh: fullRefresh);
        }
    }
}
