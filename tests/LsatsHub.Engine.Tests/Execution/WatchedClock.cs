using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Engine.Tests.Execution;

/// <summary>
/// A fake clock that says when someone starts a timer (a backoff delay, a timeout), so a test can
/// advance time exactly when there is something to wake, with no real sleeping.
/// </summary>
internal sealed class WatchedClock : FakeTimeProvider
{
    private readonly SemaphoreSlim _timersStarted = new(0);

    public WatchedClock()
        : base(new DateTimeOffset(2025, 1, 15, 2, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _timersStarted.Release();
        }

        return timer;
    }

    /// <summary>
    /// Each time a timer starts, moves time on by <paramref name="step"/>, until <paramref name="task"/>
    /// completes; at most <paramref name="maxTimers"/> times.
    /// </summary>
    public async Task<T> AdvanceUntilCompletedAsync<T>(Task<T> task, TimeSpan step, int maxTimers = 20)
    {
        for (var timers = 0; timers < maxTimers && !task.IsCompleted; timers++)
        {
            await Task.WhenAny(task, _timersStarted.WaitAsync()).WaitAsync(ExecutorHarness.HangGuard);
            if (!task.IsCompleted)
            {
                Advance(step);
            }
        }

        return await task.WaitAsync(ExecutorHarness.HangGuard);
    }
}
