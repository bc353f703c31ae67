namespace LsatsHub.Engine;

/// <summary>The declared shape of a step: name, datasets, tags, resources and policies.</summary>
public sealed record StepDescriptor
{
    /// <summary>Unique step name; by convention the name of its main output, e.g. <c>silver.labs</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Datasets the step reads. Each must be produced by another step or declared external.</summary>
    public IReadOnlyList<DatasetId> Inputs { get; init; } = [];

    /// <summary>Datasets the step writes. Each dataset has exactly one producer.</summary>
    public required IReadOnlyList<DatasetId> Outputs { get; init; }

    /// <summary>
    /// The step's layer, e.g. <c>bronze</c> or <c>silver</c>; selectable as <c>layer:NAME</c>. Not declared but
    /// derived: the layer every output shares (<see cref="DatasetId.Layer"/>). Building the graph rejects a step
    /// without outputs or whose outputs disagree; for such a step this is <c>default</c>.
    /// </summary>
    public LayerName Layer => Outputs.Select(output => output.Layer).Distinct().ToArray() is [var only] ? only : default;

    /// <summary>The source system the step talks to, if any; selectable as <c>source:NAME</c>.</summary>
    public string? Source { get; init; }

    /// <summary>Tags, selectable as <c>tag:NAME</c>; never the step's layer or source, which have their own selectors.</summary>
    public IReadOnlyList<StepTag> Tags { get; init; } = [];

    /// <summary>Shared resources the step holds while it runs (e.g. <c>tdx-api</c>); limited per resource.</summary>
    public IReadOnlyList<ResourceName> Resources { get; init; } = [];

    /// <summary>How transient failures are retried.</summary>
    public StepRetryPolicy Retry { get; init; } = StepRetryPolicy.Default;

    /// <summary>How long one attempt may run before it is cancelled and failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>One line for people reading <c>list</c> output.</summary>
    public string? Description { get; init; }
}
