using System.Collections.Concurrent;
using LsatsHub.Engine;

namespace LsatsHub.Testing;

/// <summary>
/// The one step class of the tests: its work is a delegate (by default it completes at once); it counts its
/// attempts and keeps the context of each. Make one with <see cref="Create"/> (any shape), the name-and-parents
/// constructor (a step writing the dataset named like it), or <see cref="Bronze"/> / <see cref="Silver"/>.
/// </summary>
public sealed class TestStep : IStep
{
    private readonly Func<StepContext, CancellationToken, Task<StepResult>> _run;
    private int _runs;

    /// <summary>A step with the given shape.</summary>
    /// <param name="descriptor">Its shape.</param>
    /// <param name="run">Its work; null completes at once.</param>
    public TestStep(StepDescriptor descriptor, Func<StepContext, CancellationToken, Task<StepResult>>? run = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Descriptor = descriptor;
        _run = run ?? ((_, _) => Task.FromResult(StepResult.Completed));
    }

    /// <summary>A step writing the dataset named like it and reading its parents' (equally named) outputs.</summary>
    /// <param name="name">A dataset id, such as <c>silver.b</c>.</param>
    /// <param name="run">Its work; null completes at once.</param>
    /// <param name="parents">The steps (= datasets) it reads.</param>
    /// <param name="resources">The resources it holds.</param>
    /// <param name="retry">Its retry policy; none by default.</param>
    /// <param name="timeout">Its timeout; two hours by default.</param>
    public TestStep(
        string name,
        Func<StepContext, CancellationToken, Task<StepResult>>? run = null,
        string[]? parents = null,
        string[]? resources = null,
        StepRetryPolicy? retry = null,
        TimeSpan? timeout = null)
        : this(Describe(name, parents, [name], source: null, tags: null, resources, retry, timeout, description: null), run)
    {
    }

    /// <inheritdoc />
    public StepDescriptor Descriptor { get; }

    /// <summary>How many attempts reached the step's work.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>The context of every attempt, in order.</summary>
    public ConcurrentQueue<StepContext> Contexts { get; } = new();

    /// <summary>
    /// Makes a step. Without <paramref name="writes"/> it writes the dataset named like the step (or
    /// <c>test.NAME</c> when the name is not a dataset id); its layer is that of its outputs.
    /// </summary>
    public static TestStep Create(
        string name,
        IEnumerable<string>? reads = null,
        IEnumerable<string>? writes = null,
        string? source = null,
        IEnumerable<string>? tags = null,
        IEnumerable<string>? resources = null,
        Func<StepContext, CancellationToken, Task<StepResult>>? run = null,
        StepRetryPolicy? retry = null,
        TimeSpan? timeout = null,
        string? description = null) =>
        new(Describe(name, reads, writes ?? [DefaultOutputOf(name)], source, tags, resources, retry, timeout, description), run);

    /// <summary>A bronze step <c>bronze.SOURCE.x</c> writing its own name, with the source from the name's second segment.</summary>
    public static TestStep Bronze(string name, Func<StepContext, CancellationToken, Task<StepResult>>? run = null, IEnumerable<string>? tags = null) =>
        Create(name, source: name.Split('.')[1], tags: tags, run: run);

    /// <summary>A silver step writing its own name and reading <paramref name="inputs"/>.</summary>
    public static TestStep Silver(string name, string[] inputs, Func<StepContext, CancellationToken, Task<StepResult>>? run = null, IEnumerable<string>? tags = null) =>
        Create(name, reads: inputs, tags: tags, run: run);

    /// <summary>Work that fails with <paramref name="message"/>.</summary>
    public static Func<StepContext, CancellationToken, Task<StepResult>> Failing(string message) =>
        (_, _) => throw new InvalidOperationException(message);

    /// <summary>The dataset a step writes when the test does not say: its own name, or <c>test.NAME</c>.</summary>
    public static string DefaultOutputOf(string name) =>
        DatasetId.TryParse(name, out _) ? name : "test." + name;

    /// <inheritdoc />
    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        Contexts.Enqueue(context);
        return _run(context, cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => Descriptor.Name;

    private static StepDescriptor Describe(
        string name,
        IEnumerable<string>? reads,
        IEnumerable<string> writes,
        string? source,
        IEnumerable<string>? tags,
        IEnumerable<string>? resources,
        StepRetryPolicy? retry,
        TimeSpan? timeout,
        string? description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new StepDescriptor
        {
            Name = name,
            Inputs = (reads ?? []).Select(dataset => new DatasetId(dataset)).ToArray(),
            Outputs = writes.Select(dataset => new DatasetId(dataset)).ToArray(),
            Source = source,
            Tags = (tags ?? []).Select(tag => new StepTag(tag)).ToArray(),
            Resources = (resources ?? []).Select(resource => new ResourceName(resource)).ToArray(),
            Retry = retry ?? StepRetryPolicy.None,
            Timeout = timeout ?? TimeSpan.FromHours(2),
            Description = description,
        };
    }
}
