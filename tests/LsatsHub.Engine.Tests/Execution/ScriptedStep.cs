using System.Collections.Concurrent;

namespace LsatsHub.Engine.Tests.Execution;

/// <summary>
/// A step whose work is a delegate. Its single output is the dataset named like the step; its
/// inputs are its parents' outputs, so the graph follows the names given.
/// </summary>
internal sealed class ScriptedStep : IStep
{
    private readonly Func<StepContext, CancellationToken, Task<StepResult>> _work;
    private int _runs;

    public ScriptedStep(
        string name,
        Func<StepContext, CancellationToken, Task<StepResult>>? work = null,
        string[]? parents = null,
        string[]? resources = null,
        StepRetryPolicy? retry = null,
        TimeSpan? timeout = null)
    {
        _work = work ?? ((_, _) => Task.FromResult(StepResult.Completed));
        Descriptor = new StepDescriptor
        {
            Name = name,
            Inputs = (parents ?? []).Select(parent => new DatasetId(parent)).ToArray(),
            Outputs = [new DatasetId(name)],
            Layer = new DatasetId(name).Layer,
            Resources = resources ?? [],
            Retry = retry ?? StepRetryPolicy.None,
            Timeout = timeout ?? TimeSpan.FromHours(2),
        };
    }

    public StepDescriptor Descriptor { get; }

    /// <summary>How many attempts reached the step's work.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>The context of every attempt, in order.</summary>
    public ConcurrentQueue<StepContext> Contexts { get; } = new();

    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        Contexts.Enqueue(context);
        return _work(context, cancellationToken);
    }
}
