using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Bronze.Tdx;

namespace LsatsHub.Pipelines.Tests.Bronze.Tdx;

public sealed class TdxEnrichmentStepTests
{
    [Fact]
    public async Task Enrichment_appends_one_detailed_version_per_entity_and_calls_nothing_on_a_rerun()
    {
        await using var tdx = await TdxStepFixture.StartAsync("tdxenrich");
        var steps = tdx.Steps();
        for (var i = 0; i < 3; i++)
        {
            await tdx.RunAsync(steps[i]);
        }

        var ingested = await tdx.Bronze.FingerprintAsync();
        for (var i = 3; i < 6; i++)
        {
            await tdx.RunAsync(steps[i]);
        }

        var departments = tdx.Served(TdxEntities.Departments);
        var users = tdx.Served(TdxEntities.Users);
        var assets = tdx.Served(TdxEntities.Assets);
        tdx.DetailCalls("/accounts/").Should().Be(departments.Count);
        tdx.DetailCalls("/people/").Should().Be(users.Count);
        tdx.DetailCalls("/assets/").Should().Be(assets.Count);
        (await tdx.VersionsAsync(TdxEntities.Users)).Should().Be(2 * users.Count, "enrichment appends, never updates");
        var enrichedUser = await tdx.Bronze.LatestAsync(users.Keys.First());
        enrichedUser["GroupIDs"].Should().NotBeNull("the detail endpoint's fields are stored");
        enrichedUser[BronzeEnrichment.EnrichedFromKey]!.GetValue<string>().Should().Be(enrichedUser[BronzeEntity.DefaultHashKey]!.GetValue<string>());
        (await tdx.LatestRunAsync(TdxEntities.Users)).Metadata["api_calls"]!.GetValue<long>().Should().BeGreaterThanOrEqualTo(users.Count);

        var callsBefore = tdx.Simulator.Journal.Entries.Count;
        var countBefore = await tdx.Bronze.CountAsync();
        for (var i = 0; i < 6; i++)
        {
            var result = await tdx.RunAsync(steps[i]);
            if (i >= 3)
            {
                result.Summary.Should().Be("nothing to enrich");
            }
        }

        (await tdx.Bronze.CountAsync()).Should().Be(countBefore, "neither the ingests nor the enrichments see a change");
        tdx.Simulator.Journal.Entries.Skip(callsBefore).Should().NotContain(e => e.Method == "GET" && e.Path.Contains("/people/", StringComparison.Ordinal));
        (await tdx.LatestRunAsync(TdxEntities.Assets)).Status.Should().Be("completed");
        ingested.Bronze.Should().NotBeNull();
    }

    [Fact]
    public async Task Enrichment_reports_its_calls_against_the_candidates_it_counted_first()
    {
        await using var tdx = await TdxStepFixture.StartAsync("tdxenrichprogress");
        var steps = tdx.Steps();
        await tdx.RunAsync(steps[0]);
        await tdx.RunAsync(steps[1]);
        var users = tdx.Served(TdxEntities.Users);
        var context = tdx.Context(steps[4], dryRun: false);
        tdx.Bronze.Clock.Advance(TimeSpan.FromSeconds(1));

        await steps[4].RunAsync(context, CancellationToken.None);

        var calls = context.Progress.Read().Single(r => r.Unit == TdxEnrichmentRun.CallsUnit);
        calls.Total.Should().Be(users.Count);
        calls.Done.Should().Be(users.Count);
        calls.Remaining.Should().Be(0);
        context.Progress.Read().Single(r => r.Unit == BronzeIngestion.ProgressUnit).Done.Should().Be(users.Count);
    }

    [Fact]
    public async Task After_a_mutation_only_new_and_changed_users_are_fetched_in_detail()
    {
        await using var tdx = await TdxStepFixture.StartAsync("tdxenrichmut");
        await tdx.RunAllAsync();
        var before = tdx.Served(TdxEntities.Users);
        await tdx.MutateAsync();

        await tdx.RunAsync(tdx.Steps()[0]);
        await tdx.RunAsync(tdx.Steps()[1]);
        var after = tdx.Served(TdxEntities.Users);
        var changed = after.Keys.Where(id => !before.TryGetValue(id, out var old)
            || CanonicalJson.ContentHash(old, TdxEntities.Users.HashFields) != CanonicalJson.ContentHash(after[id], TdxEntities.Users.HashFields)).ToHashSet();
        await tdx.RunAsync(tdx.Steps()[4]);

        changed.Should().NotBeEmpty();
        var fetched = tdx.Simulator.Journal.Entries.Where(e => e.Method == "GET" && e.Path.Contains("/people/", StringComparison.Ordinal)).ToList();
        fetched.Should().HaveCount(changed.Count);
        fetched.Select(e => e.Path[(e.Path.LastIndexOf('/') + 1)..]).Should().BeEquivalentTo(changed.Select(id => after[id]["UID"]!.GetValue<string>()));
        (await tdx.WrittenByLatestRunAsync(TdxEntities.Users)).Should().BeEquivalentTo(changed);
    }
}
