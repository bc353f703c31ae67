using LsatsHub.Warehouse.Snapshots;

namespace LsatsHub.Warehouse.Tests.Snapshots;

public sealed class SnapshotNameTests
{
    private static readonly DateTimeOffset TakenAt = new(2026, 11, 25, 2, 0, 1, TimeSpan.Zero);

    [Fact]
    public void Names_carry_the_utc_time_and_a_sequence_from_the_second_snapshot_of_a_second_on()
    {
        DumpFileName.PreSilverSnapshot.Format(TakenAt.ToOffset(TimeSpan.FromHours(-5)), 1).Should().Be("pre_silver_20261125_020001.dump");
        DumpFileName.PreSilverSnapshot.Format(TakenAt, 10).Should().Be("pre_silver_20261125_020001_10.dump");
    }

    [Theory]
    [InlineData("pre_silver_20261125_020001.dump", 1, false)]
    [InlineData("pre_silver_20261125_020001_10.dump", 10, false)]
    [InlineData("pre_silver_20261125_020001_2.dump.partial", 2, true)]
    public void Names_written_here_read_back(string name, int sequence, bool partial)
    {
        DumpFileName.PreSilverSnapshot.TryParse(name, out var takenAt, out var readSequence, out var isPartial).Should().BeTrue();

        (takenAt, readSequence, isPartial).Should().Be((TakenAt, sequence, partial));
    }

    [Theory]
    [InlineData("pre_silver_by_hand.dump")]
    [InlineData("pre_silver_20261125_020001_1.dump")]
    [InlineData("pre_silver_20261125_020001.dump.bak")]
    [InlineData("post_silver_20261125_020001.dump")]
    [InlineData("pre_silver_20261399_020001.dump")]
    public void Other_names_are_not_ours(string name)
    {
        DumpFileName.PreSilverSnapshot.TryParse(name, out _, out _, out _).Should().BeFalse();
    }
}
