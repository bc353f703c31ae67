using System.Text.Json.Nodes;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Tests.Support;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Pipelines.Tests.Bronze.Common;

public sealed class BronzeWriterBadRecordTests
{
    [Fact]
    public async Task Bad_records_are_counted_logged_with_id_and_reason_and_the_rest_land()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("badrecords");
        var items = Records.People1To(198).Select(BronzeRecordOrError.Ok).ToList();
        items.Insert(50, BronzeRecordOrError.Bad("p9999", "UniqName is missing"));
        items.Insert(120, new BronzeRecord(" ", new JsonObject { ["name"] = "nobody" }));

        var result = await bronze.WriteAsync(Records.Stream(items), new BronzeWriteOptions { MaxBadRecordShare = 0.01 });

        result.BadRecords.Should().Be(2);
        result.Received.Should().Be(200);
        result.Created.Should().Be(198);
        result.BadRecordSamples.Should().Contain(new BronzeRecordError("p9999", "UniqName is missing"));
        (await bronze.CountAsync()).Should().Be(198);
        bronze.Logger.Messages.Should().Contain(m => m.Level == LogLevel.Warning && m.Text.Contains("p9999", StringComparison.Ordinal) && m.Text.Contains("UniqName is missing", StringComparison.Ordinal));
        bronze.Logger.Messages.Should().Contain(m => m.Level == LogLevel.Warning && m.Text.Contains("no external id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Records_postgresql_cannot_store_are_bad_records_not_a_failed_copy()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("unstorable");
        var withNul = Records.Person("p2", "bad\0name");
        var reserved = Records.Person("p3", "Ada");
        reserved.RawData["_deleted"] = true;
        var escapedBackslash = Records.FromJson("p4", """{"name":"C:\\u0000dir","title":"x"}""");

        var result = await bronze.WriteAsync(
            Records.Stream([Records.Person("p1", "Ada"), withNul, reserved, escapedBackslash, new BronzeRecord(new string('x', 256), [])]),
            new BronzeWriteOptions { MaxBadRecordShare = 1 });

        result.BadRecords.Should().Be(3);
        result.BadRecordSamples.Select(s => s.Reason).Should().Contain(r => r.Contains("NUL", StringComparison.Ordinal))
            .And.Contain(r => r.Contains("reserved", StringComparison.Ordinal))
            .And.Contain(r => r.Contains("255", StringComparison.Ordinal));
        (await bronze.VersionCountsAsync("p1", "p4")).Should().Equal(1, 1);
    }

    [Fact]
    public async Task A_bad_share_above_the_threshold_fails_and_writes_nothing()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("toomanybad");
        await bronze.WriteAsync(Records.People1To(3));
        var before = await bronze.FingerprintAsync();
        var items = Records.People1To(8).Select(p => BronzeRecordOrError.Ok(Records.Person(p.ExternalId, "changed"))).ToList();
        items.Add(BronzeRecordOrError.Bad("x1", "broken"));
        items.Add(BronzeRecordOrError.Bad(null, "no key"));

        var act = () => bronze.WriteAsync(Records.Stream(items), new BronzeWriteOptions { MaxBadRecordShare = 0.1, CompleteFullFetch = true });

        var failure = (await act.Should().ThrowAsync<BronzeBadRecordsException>()).Which;
        failure.Counts.BadRecords.Should().Be(2);
        failure.Counts.Received.Should().Be(10);
        failure.Message.Should().Contain("2 of 10").And.Contain("x1: broken");
        (await bronze.FingerprintAsync()).Bronze.Should().Be(before.Bronze);
        bronze.Logger.Messages.Should().Contain(m => m.Level == LogLevel.Error && m.Text.Contains("nothing was written", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_source_that_throws_mid_stream_writes_nothing()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("throwing");

        var act = () => bronze.WriteAsync(Records.Failing(Records.People1To(50), "HTTP 500 from the source"));

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("HTTP 500 from the source");
        (await bronze.CountAsync()).Should().Be(0);
    }
}
