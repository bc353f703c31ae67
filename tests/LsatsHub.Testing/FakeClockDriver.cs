using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Testing;

/// <summary>
/// Moves a fake clock forward in small steps while a test runs, so waits for rate-limit windows and retry backoffs
/// (all on the injected clock) finish quickly. Tests assert counts and fake-clock times, never real durations.
/// </summary>
public sealed class FakeClockDriver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeClockDriver(FakeTimeProvider clock, TimeSpan? step = null)
    {
        var advance = step ?? TimeSpan.FromMilliseconds(500);
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                clock.Advance(advance);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(1), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
