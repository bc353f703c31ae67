using System.Text.Json.Nodes;
using Dapper;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Bronze.Common;

public sealed class BronzeWriterChangeDetectionTests
{
    [Fact]
    public async Task The_first_write_inserts_every_record_with_its_run_id_and_content_hash()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("firstwrite");

        var result = await bronze.WriteAsync(Records.People1To(5));

        result.Should().BeEquivalentTo(new { Received = 5L, Staged = 5L, Created = 5L, Updated = 0L, Unchanged = 0L, Deleted = 0L, BadRecords = 0L, DryRun = false });
        (await bronze.CountAsync()).Should().Be(5);
        (await bronze.CountAsync("SELECT count(*) FROM bronze.raw_entities WHERE ingestion_run_id IS NULL")).Should().Be(0);
        (await bronze.CountAsync("SELECT count(*) FROM bronze.raw_entities WHERE entity_type = 'person' AND source_system = 'test_source' AND ingestion_metadata = '{\"change\": \"new\"}'")).Should().Be(5);
        var stored = await bronze.LatestAsync("p0001");
        stored["name"]!.GetValue<string>().Should().Be("Person 1");
        stored["_content_hash"]!.GetValue<string>().Should().Be(CanonicalJson.ContentHash(Records.Person("p0001", "Person 1").RawData, Records.People.HashFields));
    }

    [Fact]
    public async Task Rerunning_identical_input_inserts_nothing_and_counts_all_unchanged()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("rerun");
        await bronze.WriteAsync(Records.People1To(10));

        var result = await bronze.WriteAsync(Records.People1To(10));

        result.Created.Should().Be(0);
        result.Updated.Should().Be(0);
        result.Unchanged.Should().Be(10);
        (await bronze.CountAsync()).Should().Be(10);
    }

    [Fact]
    public async Task Changing_two_records_adds_exactly_two_new_versions()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("changed");
        await bronze.WriteAsync(Records.People1To(10));
        var next = Records.People1To(10);
        next[2] = Records.Person("p0003", "Person 3", "Professor");
        next[7] = Records.Person("p0008", "Person Eight");

        var result = await bronze.WriteAsync(next);

        result.Updated.Should().Be(2);
        result.Created.Should().Be(0);
        result.Unchanged.Should().Be(8);
        (await bronze.VersionCountsAsync("p0003", "p0008", "p0001")).Should().Equal(2, 2, 1);
        (await bronze.LatestAsync("p0003"))["title"]!.GetValue<string>().Should().Be("Professor");
        (await bronze.CountAsync("SELECT count(*) FROM bronze.raw_entities WHERE ingestion_metadata ->> 'change' = 'changed'")).Should().Be(2);
    }

    [Fact]
    public async Task Key_order_and_whitespace_differences_are_not_changes()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("canonical");
        var entity = new BronzeEntity("test_source", "thing");
        await bronze.WriteAsync(Records.Stream(Records.FromJson("t1", """{"a":1,"b":{"x":"é","y":[1,2]}}""")), entity: entity);

        var result = await bronze.WriteAsync(
            Records.Stream(Records.FromJson("t1", """ {  "b" : { "y" : [ 1, 2 ], "x" : "\u00e9" },  "a" : 1 } """)),
            entity: entity);

        result.Unchanged.Should().Be(1);
        (await bronze.CountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Underscore_keys_and_fields_outside_the_hash_list_do_not_make_a_new_version()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("underscore");
        var first = Records.Person("p1", "Ada");
        first.RawData["_ingestion_timestamp"] = "2026-11-01T00:00:00+00:00";
        await bronze.WriteAsync(first);
        var second = Records.Person("p1", "Ada");
        second.RawData["_ingestion_timestamp"] = "2026-11-24T00:00:00+00:00";
        second.RawData["uid"] = "not-hashed-for-people";

        var result = await bronze.WriteAsync(second);

        result.Unchanged.Should().Be(1);
        (await bronze.VersionCountsAsync("p1")).Should().Equal(1);
    }

    [Fact]
    public async Task Only_the_written_slice_is_compared_so_the_same_id_in_another_source_is_new()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("slices");
        await bronze.WriteAsync(Records.Person("p1", "Ada"));
        var otherSource = new BronzeEntity("other_source", "person", ["name", "title"]);

        var result = await bronze.WriteAsync(Records.Stream(Records.Person("p1", "Ada")), entity: otherSource);

        result.Created.Should().Be(1);
        (await bronze.VersionCountsAsync("p1")).Should().Equal(2);
    }

    [Fact]
    public async Task The_record_object_given_by_the_source_is_not_modified()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("nomutation");
        var record = Records.Person("p1", "Ada");
        var before = record.RawData.ToJsonString();

        await bronze.WriteAsync(record);

        record.RawData.ToJsonString().Should().Be(before);
    }

    [Fact]
    public async Task A_stale_content_hash_given_by_the_source_is_replaced_by_the_computed_one()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("ownhash");
        var record = Records.Person("p1", "Ada");
        record.RawData["_content_hash"] = "made-up";

        await bronze.WriteAsync(record);

        await using var connection = await bronze.Database.DataSource.OpenConnectionAsync();
        var stored = await connection.ExecuteScalarAsync<string>("SELECT raw_data ->> '_content_hash' FROM bronze.raw_entities");
        stored.Should().Be(CanonicalJson.ContentHash(new JsonObject { ["name"] = "Ada", ["title"] = "Researcher" }, null));
    }
}
