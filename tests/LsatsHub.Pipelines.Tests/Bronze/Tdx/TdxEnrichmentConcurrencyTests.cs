using Dapper;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Bronze.Tdx;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Testing;

namespace LsatsHub.Pipelines.Tests.Bronze.Tdx;

public sealed class TdxEnrichmentConcurrencyTests
{
    private const int EnrichUsers = 4;

    private static Dictionary<string, string?> Concurrency(int calls) => new() { [TdxEnrichmentRun.ConcurrencyVariable] = calls.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public async Task With_eight_calls_in_flight_every_user_is_enriched_exactly_once_and_as_one_at_a_time_would()
    {
        await using var sequential = await IngestedAsync("tdxenrichone");
        await using var concurrent = await IngestedAsync("tdxenricheight");
        var users = concurrent.Served(TdxEntities.Users);

        await sequential.RunAsync(sequential.Steps()[EnrichUsers], Concurrency(1));
        await concurrent.RunAsync(concurrent.Steps()[EnrichUsers], Concurrency(8));

        var calls = concurrent.Simulator.Journal.Entries.Where(e => e.Method == "GET" && e.Path.Contains("/people/", StringComparison.Ordinal)).ToList();
        calls.Should().HaveCount(users.Count).And.OnlyContain(e => e.Status == 200);
        calls.Select(e => e.Path).Should().OnlyHaveUniqueItems("no user is fetched twice");
        var written = await concurrent.EnrichmentVersionsAsync(TdxEntities.Users);
        written.Keys.Should().BeEquivalentTo(users.Keys);
        written.Should().Equal(await sequential.EnrichmentVersionsAsync(TdxEntities.Users), "what is written does not depend on which call answered first");
        var run = await concurrent.LatestRunAsync(TdxEntities.Users);
        run.Status.Should().Be("completed");
        run.Metadata["concurrency"]!.GetValue<int>().Should().Be(8);
    }

    [Fact]
    public async Task A_404_among_concurrent_calls_is_a_counted_bad_record_and_every_other_user_is_enriched()
    {
        await using var tdx = await IngestedAsync("tdxenrich404");
        var users = tdx.Served(TdxEntities.Users);
        var vanished = await VanishAsync(tdx, 3);

        var result = await tdx.RunAsync(tdx.Steps()[EnrichUsers], Concurrency(8));

        result.Summary.Should().Contain($"{users.Count - 3} changed").And.Contain("3 bad records skipped");
        (await tdx.EnrichmentVersionsAsync(TdxEntities.Users)).Keys.Should().BeEquivalentTo(users.Keys.Except(vanished));
        tdx.Bronze.Logger.Messages.Where(m => m.Text.Contains("(404)", StringComparison.Ordinal)).Should().HaveCount(3);
        var run = await tdx.LatestRunAsync(TdxEntities.Users);
        run.Status.Should().Be("completed");
    }

    [Fact]
    public async Task More_404s_than_the_allowed_share_fail_the_run_and_keep_the_versions_found()
    {
        await using var tdx = await IngestedAsync("tdxenrichmany404");
        var users = tdx.Served(TdxEntities.Users);
        var vanished = await VanishAsync(tdx, users.Count / 10);

        var act = () => tdx.RunAsync(tdx.Steps()[EnrichUsers], Concurrency(4));

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain($"{vanished.Count} of {users.Count} detail calls gave no version");
        (await tdx.EnrichmentVersionsAsync(TdxEntities.Users)).Keys.Should().BeEquivalentTo(users.Keys.Except(vanished), "nothing found is lost");
        (await tdx.LatestRunAsync(TdxEntities.Users)).Status.Should().Be("failed");
    }

    [Fact]
    public async Task A_run_cancelled_mid_way_keeps_its_committed_chunks_and_the_next_run_enriches_only_the_rest()
    {
        await using var tdx = await IngestedAsync("tdxenrichcancel");
        var users = tdx.Served(TdxEntities.Users);

        // Each detail call takes 4 s of the fake clock, 4 in flight, so chunks commit by age (15 s) every ~16 versions;
        // the run is cancelled (on the same clock) half-way through its rounds of 4 calls.
        tdx.Simulator.Faults.Latency = TimeSpan.FromSeconds(4);
        users.Count.Should().BeGreaterThan(40);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(4 * (users.Count / 4) / 2), tdx.Bronze.Clock);
        var first = async () =>
        {
            await using var driver = new FakeClockDriver(tdx.Bronze.Clock);
            await tdx.RunAsync(tdx.Steps()[EnrichUsers], Concurrency(4), cancel.Token);
        };
        await first.Should().ThrowAsync<OperationCanceledException>();
        var kept = await tdx.EnrichmentVersionsAsync(TdxEntities.Users);
        var cancelled = await tdx.LatestRunAsync(TdxEntities.Users);
        var callsBefore = tdx.Simulator.Journal.Entries.Count;
        tdx.Simulator.Faults.Latency = TimeSpan.Zero;

        await tdx.RunAsync(tdx.Steps()[EnrichUsers], Concurrency(4));

        kept.Should().NotBeEmpty("chunks committed before the cancellation stay");
        kept.Count.Should().BeLessThan(users.Count);
        cancelled.Status.Should().Be("failed");
        var rest = tdx.Simulator.Journal.Entries.Skip(callsBefore).Where(e => e.Method == "GET" && e.Path.Contains("/people/", StringComparison.Ordinal)).ToList();
        rest.Should().HaveCount(users.Count - kept.Count, "only the users not yet enriched are fetched again");
        (await tdx.EnrichmentVersionsAsync(TdxEntities.Users)).Keys.Should().BeEquivalentTo(users.Keys, "every user has exactly one enrichment version");
        (await tdx.VersionsAsync(TdxEntities.Users)).Should().Be(2 * users.Count);
    }

    [Fact]
    public async Task With_the_rate_limit_on_eight_calls_in_flight_stay_within_each_window_and_meet_no_429()
    {
        await using var tdx = await TdxStepFixture.StartAsync("tdxenrichlimit", options: new TdxSimulatorOptions { RateLimit = 10 });
        await using var driver = new FakeClockDriver(tdx.Bronze.Clock);
        await tdx.RunAsync(tdx.Steps()[0]);
        await tdx.RunAsync(tdx.Steps()[1]);
        var users = tdx.Served(TdxEntities.Users);

        await tdx.RunAsync(tdx.Steps()[EnrichUsers], Concurrency(8));

        tdx.Simulator.Journal.Entries.Should().NotContain(e => e.Status == 429);
        var calls = tdx.Simulator.Journal.Entries.Where(e => e.Method == "GET" && e.Path.Contains("/people/", StringComparison.Ordinal)).ToList();
        calls.Should().HaveCount(users.Count);
        (await tdx.EnrichmentVersionsAsync(TdxEntities.Users)).Keys.Should().BeEquivalentTo(users.Keys);
        (await tdx.LatestRunAsync(TdxEntities.Users)).Metadata["rate_limited_responses"]!.GetValue<long>().Should().Be(0);
    }

    [Fact]
    public async Task A_concurrency_that_is_not_a_number_from_1_to_32_fails_naming_the_variable()
    {
        await using var tdx = await IngestedAsync("tdxenrichbadconc");

        var act = () => tdx.RunAsync(tdx.Steps()[EnrichUsers], new Dictionary<string, string?> { [TdxEnrichmentRun.ConcurrencyVariable] = "0" });

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*TDX_ENRICH_CONCURRENCY*1 to 32*'0'*");
        tdx.Simulator.Journal.Entries.Should().NotContain(e => e.Path.Contains("/people/", StringComparison.Ordinal) && e.Method == "GET");
    }

    private static async Task<TdxStepFixture> IngestedAsync(string purpose)
    {
        var tdx = await TdxStepFixture.StartAsync(purpose);
        await tdx.RunAsync(tdx.Steps()[0]);
        await tdx.RunAsync(tdx.Steps()[1]);
        return tdx;
    }

    // The users vanish from TDX between the ingest and the enrichment: their stored UID no longer finds anyone.
    private static async Task<IReadOnlyList<string>> VanishAsync(TdxStepFixture tdx, int count)
    {
        var ids = tdx.Served(TdxEntities.Users).Keys.Order(StringComparer.Ordinal).Where((_, i) => i % 7 == 3).Take(count).ToList();
        ids.Should().HaveCount(count);
        await using var connection = await tdx.Bronze.Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            UPDATE bronze.raw_entities SET raw_data = jsonb_set(raw_data, '{UID}', to_jsonb('vanished-' || external_id))
            WHERE source_system = 'tdx' AND entity_type = 'user' AND external_id = ANY(@ids)
            """,
            new { ids = ids.ToArray() });
        return ids;
    }
}
