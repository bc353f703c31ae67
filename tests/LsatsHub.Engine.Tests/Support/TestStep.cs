namespace LsatsHub.Engine.Tests.Support;

/// <summary>
/// A configurable step for tests. Its work is a supplied delegate; by default it completes at once.
/// Build one with <see cref="Create"/> or through <see cref="TestGraphBuilder"/> / <see cref="Steps"/>.
/// </summary>
public sealed class TestStep : IStep
{
    private readonly Func<StepContext, CancellationToken, Task<StepResult>> _run;

    public TestStep(StepDescriptor descriptor, Func<StepContext, CancellationToken, Task<StepResult>>? run = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Descriptor = descriptor;
        _run = run ?? ((_, _) => Task.FromResult(StepResult.Completed));
    }

    public StepDescriptor Descriptor { get; }

    /// <summary>
    /// Makes a step. Without <paramref name="writes"/> it writes the dataset named like the step (or
    /// <c>test.NAME</c> when the name is not a dataset id); without <paramref name="layer"/> its layer is the
    /// first dotted segment of its name (or <c>test</c>).
    /// </summary>
    public static TestStep Create(
        string name,
        IEnumerable<string>? reads = null,
        IEnumerable<string>? writes = null,
        string? layer = null,
        string? source = null,
        IEnumerable<string>? tags = null,
        IEnumerable<string>? resources = null,
        Func<StepContext, CancellationToken, Task<StepResult>>? run = null,
        StepRetryPolicy? retry = null,
        TimeSpan? timeout = null,
        string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var descriptor = new StepDescriptor
        {
            Name = name,
            Inputs = (reads ?? []).Select(dataset => new DatasetId(dataset)).ToArray(),
            Outputs = (writes ?? [DefaultOutputOf(name)]).Select(dataset => new DatasetId(dataset)).ToArray(),
            Layer = layer ?? DefaultLayerOf(name),
            Source = source,
            Tags = (tags ?? []).ToArray(),
            Resources = (resources ?? []).ToArray(),
            Retry = retry ?? StepRetryPolicy.None,
            Timeout = timeout ?? TimeSpan.FromHours(2),
            Description = description,
        };
        return new TestStep(descriptor, run);
    }

    /// <summary>The dataset a step writes when the test does not say: its own name, or <c>test.NAME</c>.</summary>
    public static string DefaultOutputOf(string name) =>
        DatasetId.TryParse(name, out _) ? name : "test." + name;

    /// <summary>The layer a step has when the test does not say: the first dotted segment, or <c>test</c>.</summary>
    public static string DefaultLayerOf(string name) =>
        name.Contains('.', StringComparison.Ordinal) ? name[..name.IndexOf('.', StringComparison.Ordinal)] : "test";

    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken) => _run(context, cancellationToken);

    public override string ToString() => Descriptor.Name;
}
