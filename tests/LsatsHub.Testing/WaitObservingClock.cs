using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Testing;

/// <summary>
/// A fake clock that knows what the code under test is waiting for. It tells apart the two kinds of timer code
/// creates: a <em>wait</em> (<c>Task.Delay</c> on this clock: a backoff, a rate-limit window) and a
/// <em>deadline</em> (a <see cref="CancellationTokenSource"/> timeout, such as an attempt timeout guarding a real
/// HTTP call). <see cref="FakeClockDriver"/> uses it to move time forward only to the next wait, and only when no
/// deadline would fire first, so real work in flight never times out because the machine happened to be slow.
/// </summary>
public sealed class WaitObservingClock : FakeTimeProvider
{
    private readonly Lock _gate = new();

    // Held while a timer is registered and created, and while the driver advances: otherwise the driver could see a
    // new timer's due time and advance past it before the timer underneath exists, which then counts from the new now
    // and never fires at the due time recorded, so the driver spun forever advancing by zero (seen as a CI hang).
    private readonly Lock _creatingOrAdvancing = new();
    private readonly List<ObservedTimer> _timers = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the clock at <paramref name="start"/>.</summary>
    /// <param name="start">The starting time.</param>
    public WaitObservingClock(DateTimeOffset start)
        : base(start)
    {
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var observed = new ObservedTimer(this, isDeadline: state is CancellationTokenSource, period);
        lock (_creatingOrAdvancing)
        {
            observed.Schedule(dueTime);
            observed.Inner = base.CreateTimer(
                timerState =>
                {
                    observed.Fired();
                    callback(timerState);
                },
                state,
                dueTime,
                period);
        }

        return observed;
    }

    /// <summary>
    /// Advances the clock as <see cref="FakeTimeProvider.Advance"/> does, but never while a timer is half created.
    /// Timer callbacks that create timers on the advancing thread may do so (the lock is re-entrant).
    /// </summary>
    /// <param name="delta">How far.</param>
    public void AdvanceWhenSettled(TimeSpan delta)
    {
        lock (_creatingOrAdvancing)
        {
            Advance(delta);
        }
    }

    /// <summary>
    /// How far to advance so that the earliest pending wait elapses, or null when nothing waits or a deadline
    /// comes at or before that wait (the work it guards is still running and must finish on its own).
    /// </summary>
    /// <returns>The amount, never negative.</returns>
    public TimeSpan? NextWait() => Next(includeDeadlines: false);

    /// <summary>How far to advance so that the earliest pending timer of either kind fires, or null when there is none.</summary>
    /// <returns>The amount, never negative.</returns>
    public TimeSpan? NextTimer() => Next(includeDeadlines: true);

    private TimeSpan? Next(bool includeDeadlines)
    {
        lock (_gate)
        {
            var now = GetUtcNow();
            DateTimeOffset? wait = null;
            DateTimeOffset? deadline = null;
            foreach (var timer in _timers)
            {
                if (timer.Due is not { } due)
                {
                    continue;
                }

                if (timer.IsDeadline)
                {
                    deadline = deadline is { } d && d <= due ? d : due;
                }
                else
                {
                    wait = wait is { } w && w <= due ? w : due;
                }
            }

            if (includeDeadlines && deadline is { } firstDeadline && (wait is null || firstDeadline < wait))
            {
                wait = firstDeadline;
            }
            else if (!includeDeadlines && wait is not null && deadline is { } first && first <= wait)
            {
                return null;
            }

            if (wait is not { } next)
            {
                return null;
            }

            return next > now ? next - now : TimeSpan.Zero;
        }
    }

    /// <summary>Completes when a timer is created, changed, fired or disposed after this call.</summary>
    /// <returns>The signal.</returns>
    public Task ChangedAsync()
    {
        lock (_gate)
        {
            return _changed.Task;
        }
    }

    private void Update(ObservedTimer timer, bool remove)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (remove)
            {
                _timers.Remove(timer);
            }
            else if (!_timers.Contains(timer))
            {
                _timers.Add(timer);
            }

            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class ObservedTimer(WaitObservingClock clock, bool isDeadline, TimeSpan period) : ITimer
    {
        private TimeSpan _period = period;

        public bool IsDeadline { get; } = isDeadline;

        public ITimer? Inner { get; set; }

        public DateTimeOffset? Due { get; private set; }

        public void Schedule(TimeSpan dueTime)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
            clock.Update(this, remove: Due is null);
        }

        public void Fired()
        {
            Due = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : clock.GetUtcNow() + _period;
            clock.Update(this, remove: Due is null);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._creatingOrAdvancing)
            {
                _period = period;
                Schedule(dueTime);
                return Inner?.Change(dueTime, period) ?? false;
            }
        }

        public void Dispose()
        {
            Due = null;
            clock.Update(this, remove: true);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
