using LsatsHub.Engine;

namespace LsatsHub.Engine.Tests;

public sealed class StepProgressTests
{
    [Fact]
    public void A_counter_is_shared_by_unit_and_reports_what_remains_of_its_total()
    {
        var progress = new StepProgress();

        progress.Counter("records").Add(5);
        progress.Counter("TDX calls").SetTotal(10);
        progress.Counter("TDX calls").Add(3);
        ((IProgress<long>)progress.Counter("records")).Report(7);

        progress.Read().Should().Equal(new ProgressReading("records", 7, null), new ProgressReading("TDX calls", 3, 10));
        progress.Read()[1].Remaining.Should().Be(7);
    }

    [Fact]
    public void Counting_from_many_threads_loses_nothing()
    {
        var progress = new StepProgress();

        Parallel.For(0, 10_000, _ => progress.Counter("records").Add());

        progress.Read().Single().Done.Should().Be(10_000);
    }
}
