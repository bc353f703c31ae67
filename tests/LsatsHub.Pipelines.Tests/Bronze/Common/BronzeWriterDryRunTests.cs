using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Bronze.Common;

public sealed class BronzeWriterDryRunTests
{
    [Fact]
    public async Task A_dry_run_leaves_the_database_unchanged_and_reports_what_it_would_insert()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("dryrun");
        await bronze.WriteAsync(Records.People1To(10));
        var before = await bronze.FingerprintAsync();
        var next = Records.People1To(12).Where(p => p.ExternalId != "p0004").ToArray();
        next[0] = Records.Person("p0001", "Renamed");
        var items = next.Select(BronzeRecordOrError.Ok).Append(BronzeRecordOrError.Bad("p0099", "broken")).ToArray();

        var result = await bronze.WriteAsync(
            Records.Stream(items),
            new BronzeWriteOptions { DryRun = true, CompleteFullFetch = true, MaxBadRecordShare = 0.5 });

        result.Should().BeEquivalentTo(new { DryRun = true, Created = 2L, Updated = 1L, Unchanged = 8L, Deleted = 1L, BadRecords = 1L, Inserted = 4L });
        result.ToSummary().Should().Be("dry run: would insert 4 (2 new, 1 changed, 8 unchanged, 1 deleted, 1 bad record skipped)");
        (await bronze.FingerprintAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_dry_run_needs_no_ingestion_run_but_a_real_write_does()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("runidneeded");

        var act = () => bronze.Writer.WriteAsync(Records.People, Records.Stream(Records.People1To(1)), new BronzeWriteOptions(), CancellationToken.None);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*ingestion run id*");
    }
}
