namespace LsatsHub.Testing;

/// <summary>
/// Moves a <see cref="WaitObservingClock"/> forward while a test runs, but only when the code under test waits on
/// it: each time a wait (a backoff, a rate-limit window) is pending and no deadline would fire first, the clock
/// jumps exactly to that wait's end. Time therefore advances by the same amounts in the same order on any machine;
/// tests assert counts and fake-clock times, never real durations. Only when nothing has happened on the clock for
/// five real seconds (the code waits for a deadline, e.g. on a server that never answers) does time move to the
/// next deadline.
/// </summary>
public sealed class FakeClockDriver : IAsyncDisposable
{
    // Real work on loopback (an HTTP call, a query) finishes in milliseconds. When the clock has been quiet this long,
    // the code is waiting for a deadline (a server that accepts and never answers) and time moves to it.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts driving <paramref name="clock"/>.</summary>
    /// <param name="clock">The clock the code under test waits on.</param>
    public FakeClockDriver(WaitObservingClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _loop = Task.Run(() => DriveAsync(clock, alsoAdvance: null, _stop.Token));
    }

    /// <summary>
    /// Runs <paramref name="work"/> while driving <paramref name="clock"/>; every advance is also applied to
    /// <paramref name="alsoAdvance"/> first (for example a server's separate fake clock, or a fault to heal while
    /// the client waits), so both keep the same time.
    /// </summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="clock">The clock the work waits on.</param>
    /// <param name="work">The work.</param>
    /// <param name="alsoAdvance">Called with every amount the clock advances.</param>
    /// <returns>The work's result.</returns>
    public static async Task<T> DriveAsync<T>(WaitObservingClock clock, Func<Task<T>> work, Action<TimeSpan>? alsoAdvance = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(work);
        using var stop = new CancellationTokenSource();
        var driving = Task.Run(() => DriveAsync(clock, alsoAdvance, stop.Token));
        try
        {
            return await Task.Run(work);
        }
        finally
        {
            await stop.CancelAsync();
            await driving;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private static async Task DriveAsync(WaitObservingClock clock, Action<TimeSpan>? alsoAdvance, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var changed = clock.ChangedAsync();
            if (clock.NextWait() is { } wait)
            {
                // The other clock first, so that whatever resumes at the new time sees both agree.
                alsoAdvance?.Invoke(wait);
                clock.AdvanceWhenSettled(wait);
                continue;
            }

            try
            {
                await changed.WaitAsync(Quiet, TimeProvider.System, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (TimeoutException) when (clock.NextTimer() is { } timer)
            {
                alsoAdvance?.Invoke(timer);
                clock.AdvanceWhenSettled(timer);
            }
            catch (TimeoutException)
            {
                // No timer at all: whatever runs does not wait on this clock.
            }
        }
    }
}
