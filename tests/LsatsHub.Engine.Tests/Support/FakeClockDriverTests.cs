using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Support;

/// <summary>The shared fake-clock driver moves time only to what the code waits for, by exactly that much.</summary>
public sealed class FakeClockDriverTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Waits_elapse_in_exactly_their_fake_time()
    {
        var clock = new WaitObservingClock(Start);
        await using var driver = new FakeClockDriver(clock);

        await Task.Delay(TimeSpan.FromMinutes(5), clock);
        await Task.Delay(TimeSpan.FromSeconds(7), clock);

        clock.GetUtcNow().Should().Be(Start + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task A_deadline_guarding_work_in_flight_never_fires_because_a_later_wait_is_pending()
    {
        var clock = new WaitObservingClock(Start);
        await using var driver = new FakeClockDriver(clock);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10), clock);
        var laterWait = Task.Delay(TimeSpan.FromSeconds(30), clock);

        // Real work under the deadline (a loopback call would be here): time must not move past the deadline meanwhile.
        // A driver that moved time on its own would pass the 10 s deadline many times over in these real 200 ms.
        await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        var firedDuringWork = deadline.IsCancellationRequested;
        deadline.Dispose();
        await laterWait;

        firedDuringWork.Should().BeFalse();
        clock.GetUtcNow().Should().Be(Start + TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_deadline_nothing_else_happens_before_fires_once_the_clock_is_quiet()
    {
        var clock = new WaitObservingClock(Start);
        await using var driver = new FakeClockDriver(clock);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(100), clock);

        // A server that accepts and never answers: only the deadline can end the wait. Bounded, not timed.
        var fired = new TaskCompletionSource();
        using var registration = deadline.Token.Register(() => fired.TrySetResult());
        await fired.Task.WaitAsync(TimeSpan.FromMinutes(2), TimeProvider.System);

        clock.GetUtcNow().Should().Be(Start + TimeSpan.FromSeconds(100));
    }

    [Fact]
    public async Task Driving_work_keeps_a_second_clock_in_step()
    {
        var clock = new WaitObservingClock(Start);
        var server = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);

        var result = await FakeClockDriver.DriveAsync(clock, async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(42), clock);
            return "done";
        }, server.Advance);

        result.Should().Be("done");
        server.GetUtcNow().Should().Be(clock.GetUtcNow()).And.Be(Start + TimeSpan.FromSeconds(42));
    }
}
