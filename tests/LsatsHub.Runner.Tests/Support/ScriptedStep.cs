using LsatsHub.Engine;

namespace LsatsHub.Runner.Tests.Support;

/// <summary>A step whose behaviour a test scripts; it counts how often it ran.</summary>
internal sealed class ScriptedStep : IStep
{
    private readonly Func<StepContext, CancellationToken, Task<StepResult>> _body;
    private int _runs;

    public ScriptedStep(StepDescriptor descriptor, Func<StepContext, CancellationToken, Task<StepResult>>? body = null)
    {
        Descriptor = descriptor;
        _body = body ?? ((_, _) => Task.FromResult(StepResult.Completed));
    }

    public StepDescriptor Descriptor { get; }

    public int Runs => Volatile.Read(ref _runs);

    public static ScriptedStep Bronze(string name, Func<StepContext, CancellationToken, Task<StepResult>>? body = null) =>
        new(new StepDescriptor { Name = name, Outputs = [new DatasetId(name)], Layer = "bronze", Source = name.Split('.')[1], Retry = StepRetryPolicy.None }, body);

    public static ScriptedStep Silver(string name, string[] inputs, Func<StepContext, CancellationToken, Task<StepResult>>? body = null) =>
        new(new StepDescriptor { Name = name, Inputs = inputs.Select(input => new DatasetId(input)).ToArray(), Outputs = [new DatasetId(name)], Layer = "silver", Retry = StepRetryPolicy.None }, body);

    public static Func<StepContext, CancellationToken, Task<StepResult>> Failing(string message) =>
        (_, _) => throw new InvalidOperationException(message);

    public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        return _body(context, cancellationToken);
    }
}
