using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Bronze.Common;

public sealed class BronzeWriterTombstoneTests
{
    private static readonly BronzeWriteOptions Complete = new() { CompleteFullFetch = true };

    [Fact]
    public async Task An_entity_missing_from_a_complete_full_fetch_gets_a_tombstone()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("tombstone");
        await bronze.WriteAsync(Records.People1To(5));

        var result = await bronze.WriteAsync(Records.Stream(Records.People1To(5).Where(p => p.ExternalId != "p0002").ToArray()), Complete);

        result.Deleted.Should().Be(1);
        result.Unchanged.Should().Be(4);
        var tombstone = await bronze.LatestAsync("p0002");
        tombstone["_deleted"]!.GetValue<bool>().Should().BeTrue();
        tombstone["_content_hash"]!.GetValue<string>().Should().Be("deleted");
        tombstone["_deleted_at"]!.GetValue<string>().Should().Be("2026-11-24T08:00:00.0000000+00:00");
        (await bronze.CountAsync("SELECT count(*) FROM bronze.raw_entities WHERE ingestion_metadata @> '{\"_deleted\": true}'")).Should().Be(1);
    }

    [Fact]
    public async Task An_entity_whose_record_was_bad_in_a_complete_fetch_is_not_tombstoned()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("badnottomb");
        await bronze.WriteAsync(Records.People1To(3));
        var items = Records.People1To(2).Select(BronzeRecordOrError.Ok).Append(BronzeRecordOrError.Bad("p0003", "unparsable date"));

        var result = await bronze.WriteAsync(Records.Stream(items), new BronzeWriteOptions { CompleteFullFetch = true, MaxBadRecordShare = 0.5 });

        result.Deleted.Should().Be(0);
        result.BadRecords.Should().Be(1);
        result.Unchanged.Should().Be(2);
        (await bronze.VersionCountsAsync("p0003")).Should().Equal(1);
    }

    [Fact]
    public async Task An_incomplete_fetch_writes_no_tombstones()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("incomplete");
        await bronze.WriteAsync(Records.People1To(5));

        var result = await bronze.WriteAsync(Records.Stream(Records.People1To(2)), new BronzeWriteOptions { CompleteFullFetch = false });

        result.Deleted.Should().Be(0);
        (await bronze.CountAsync()).Should().Be(5);
    }

    [Fact]
    public async Task A_tombstone_is_written_once_not_on_every_later_run()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("tombonce");
        await bronze.WriteAsync(Records.People1To(3));
        await bronze.WriteAsync(Records.Stream(Records.People1To(2)), Complete);

        var again = await bronze.WriteAsync(Records.Stream(Records.People1To(2)), Complete);

        again.Deleted.Should().Be(0);
        (await bronze.VersionCountsAsync("p0003")).Should().Equal(2);
    }

    [Fact]
    public async Task A_tombstoned_entity_that_reappears_gets_a_new_version_even_with_the_same_content()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("reappear");
        await bronze.WriteAsync(Records.People1To(3));
        await bronze.WriteAsync(Records.Stream(Records.People1To(2)), Complete);

        var result = await bronze.WriteAsync(Records.Stream(Records.People1To(3)), Complete);

        result.Updated.Should().Be(1);
        result.Created.Should().Be(0);
        result.Deleted.Should().Be(0);
        (await bronze.VersionCountsAsync("p0003")).Should().Equal(3);
        (await bronze.LatestAsync("p0003"))["name"]!.GetValue<string>().Should().Be("Person 3");
        (await bronze.CountAsync("SELECT count(*) FROM bronze.raw_entities WHERE ingestion_metadata ->> 'change' = 'reappeared'")).Should().Be(1);
    }

    [Fact]
    public async Task An_empty_complete_fetch_tombstones_nothing_and_warns()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("emptyfetch");
        await bronze.WriteAsync(Records.People1To(3));

        var result = await bronze.WriteAsync(Records.Stream(), Complete);

        result.Deleted.Should().Be(0);
        (await bronze.CountAsync()).Should().Be(3);
        bronze.Logger.Messages.Should().Contain(m => m.Text.Contains("full fetch was empty", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tombstone_scope_limits_deletions_to_the_part_of_the_slice_that_was_fetched()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("scope");
        var inA = Records.Person("a1", "A one");
        inA.RawData["_base"] = "A";
        var alsoInA = Records.Person("a2", "A two");
        alsoInA.RawData["_base"] = "A";
        var inB = Records.Person("b1", "B one");
        inB.RawData["_base"] = "B";
        await bronze.WriteAsync(inA, alsoInA, inB);
        var fetchOfA = Records.Person("a1", "A one");
        fetchOfA.RawData["_base"] = "A";

        var result = await bronze.WriteAsync(
            Records.Stream(fetchOfA),
            new BronzeWriteOptions { CompleteFullFetch = true, TombstoneScope = new TombstoneScope("_base", ["A"]) });

        result.Deleted.Should().Be(1);
        (await bronze.VersionCountsAsync("a1", "a2", "b1")).Should().Equal(1, 2, 1);
    }
}
