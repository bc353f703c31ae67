namespace LsatsHub.Engine.Tests.Execution;

/// <summary>Opens once the given number of participants have arrived; proves they were running together.</summary>
internal sealed class ArrivalBarrier
{
    private readonly int _participants;
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public ArrivalBarrier(int participants)
    {
        _participants = participants;
    }

    public Task ArriveAndWaitAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _arrived) == _participants)
        {
            _open.TrySetResult();
        }

        return _open.Task.WaitAsync(cancellationToken);
    }
}
