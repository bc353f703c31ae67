using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Bronze.Common;

public sealed class BronzeWriterDuplicateTests
{
    [Fact]
    public async Task Duplicates_within_one_fetch_keep_the_last_record_and_are_counted()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("dupes");

        var result = await bronze.WriteAsync(
            Records.Person("p1", "First"),
            Records.Person("p2", "Other"),
            Records.Person("p1", "Second"),
            Records.Person("p1", "Last"));

        result.Received.Should().Be(4);
        result.Duplicates.Should().Be(2);
        result.Staged.Should().Be(2);
        result.Created.Should().Be(2);
        (await bronze.VersionCountsAsync("p1")).Should().Equal(1);
        (await bronze.LatestAsync("p1"))["name"]!.GetValue<string>().Should().Be("Last");
    }

    [Fact]
    public async Task A_file_with_the_same_duplicate_keys_is_not_reinserted_on_the_next_run()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("dupesrerun");
        BronzeRecord[] file = [Records.Person("award-1", "Role A"), Records.Person("award-1", "Role B")];
        await bronze.WriteAsync(file);

        var result = await bronze.WriteAsync(file);

        result.Unchanged.Should().Be(1);
        result.Duplicates.Should().Be(1);
        (await bronze.CountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task A_bad_record_and_a_good_record_of_one_id_are_one_bad_record_and_one_version_not_a_duplicate()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("badgood");

        var result = await bronze.WriteAsync(
            Records.Stream([Records.Person("p1", "Good"), BronzeRecordOrError.Bad("p1", "second copy broken"), Records.Person("p2", "Other")]),
            new BronzeWriteOptions { MaxBadRecordShare = 0.5 });

        result.Should().BeEquivalentTo(new { Received = 3L, BadRecords = 1L, Duplicates = 0L, Staged = 2L, Created = 2L });
        (await bronze.LatestAsync("p1"))["name"]!.GetValue<string>().Should().Be("Good");
    }
}
