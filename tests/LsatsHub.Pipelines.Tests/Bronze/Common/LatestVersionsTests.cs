using System.Text.Json.Nodes;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Tests.Support;

namespace LsatsHub.Pipelines.Tests.Bronze.Common;

public sealed class LatestVersionsTests
{
    [Fact]
    public async Task The_latest_version_of_each_entity_is_read_and_tombstoned_entities_are_left_out()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("latest");
        await bronze.WriteAsync(Records.People1To(3));
        await bronze.WriteAsync(Records.Stream(Records.Person("p0001", "Renamed"), Records.Person("p0002", "Person 2")), new BronzeWriteOptions { CompleteFullFetch = true });

        var latest = await new LatestVersions(bronze.Database.DataSource).ReadAsync(Records.People, CancellationToken.None).ToListAsync();

        latest.Select(v => (v.ExternalId, v.RawData["name"]!.GetValue<string>())).Should().Equal(("p0001", "Renamed"), ("p0002", "Person 2"));
        latest[0].ContentHash.Should().HaveLength(64);
    }

    [Fact]
    public async Task Enrichment_is_needed_only_for_entities_new_or_changed_since_their_last_enrichment()
    {
        await using var bronze = await BronzeDatabase.CreateAsync("enrich");
        var reader = new LatestVersions(bronze.Database.DataSource);
        await bronze.WriteAsync(Records.People1To(3));

        var firstCandidates = await reader.ReadNeedingEnrichmentAsync(Records.People, CancellationToken.None).ToListAsync();
        var enriched = await bronze.WriteAsync(Records.Stream(firstCandidates.Select(Enrich).ToArray()), entity: Records.People.ForEnrichment());
        var afterEnrichment = await reader.ReadNeedingEnrichmentAsync(Records.People, CancellationToken.None).ToListAsync();
        var baseRerun = await bronze.WriteAsync(Records.People1To(3).Select((p, i) => i == 1 ? Records.Person("p0002", "Changed") : p).ToArray());
        var afterChange = await reader.ReadNeedingEnrichmentAsync(Records.People, CancellationToken.None).ToListAsync();

        firstCandidates.Select(v => v.ExternalId).Should().Equal("p0001", "p0002", "p0003");
        enriched.Updated.Should().Be(3);
        afterEnrichment.Should().BeEmpty();
        baseRerun.Updated.Should().Be(1);
        baseRerun.Unchanged.Should().Be(2);
        afterChange.Select(v => v.ExternalId).Should().Equal("p0002");
        (await bronze.LatestAsync("p0001"))["office"]!.GetValue<string>().Should().Be("Room p0001");
    }

    private static BronzeRecord Enrich(BronzeVersion version)
    {
        var detail = new JsonObject
        {
            ["uid"] = version.ExternalId,
            ["name"] = version.RawData["name"]!.GetValue<string>(),
            ["title"] = version.RawData["title"]!.GetValue<string>(),
            ["office"] = "Room " + version.ExternalId,
        };
        return BronzeEnrichment.ToRecord(version, detail);
    }
}
