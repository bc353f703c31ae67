using LsatsHub.Testing;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Simulator.Tdx;

namespace LsatsHub.Connectors.Tests.Tdx;

public sealed class TdxRateLimitTests
{
    [Fact]
    public async Task Calls_at_the_limit_are_paced_to_the_window_and_see_no_429()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(new TdxSimulatorOptions { RateLimit = 5 });
        var ids = tdx.Simulator.Store.Projection.AccountDepartments.Take(12).Select(d => d.TdxAccountId).ToArray();
        await using var driver = new FakeClockDriver(tdx.Clock);

        foreach (var id in ids)
        {
            (await tdx.Client.GetAccountAsync(id, CancellationToken.None)).Should().NotBeNull();
        }

        tdx.Journal.Should().NotContain(e => e.Status == 429);
        tdx.Client.Traffic.Snapshot().Should().Be(new TdxCallCounts(ids.Length + 1, 0));
        var calls = tdx.Journal.Where(e => e.Path.Contains("/accounts/", StringComparison.Ordinal)).Select(e => e.Time).ToArray();
        (calls[10] - calls[0]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(120), "the third window of 5 starts two 60 s windows after the first call");
    }

    [Fact]
    public async Task Concurrent_calls_share_the_window_and_see_no_429()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(new TdxSimulatorOptions { RateLimit = 5 });
        var ids = tdx.Simulator.Store.Projection.AccountDepartments.Take(23).Select(d => d.TdxAccountId).ToArray();
        await using var driver = new FakeClockDriver(tdx.Clock);

        // Eight callers at once, each with its own share of the ids, as a concurrent enrichment calls.
        var answers = await Task.WhenAll(ids.Chunk(3).Select(async share =>
        {
            var found = 0;
            foreach (var id in share)
            {
                found += await tdx.Client.GetAccountAsync(id, CancellationToken.None) is null ? 0 : 1;
            }

            return found;
        }));

        answers.Sum().Should().Be(ids.Length);
        tdx.Journal.Should().NotContain(e => e.Status == 429, "the gate counts calls in flight, not only the answers");
        tdx.Client.Traffic.Snapshot().Should().Be(new TdxCallCounts(ids.Length + 1, 0));
    }

    [Fact]
    public async Task A_429_storm_completes_waiting_for_each_reset_header()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();
        await tdx.Client.GetAccountsAsync(CancellationToken.None);
        tdx.Simulator.Faults.RateLimitNext("GET accounts", 3);
        await using var driver = new FakeClockDriver(tdx.Clock);

        var accounts = await tdx.Client.GetAccountsAsync(CancellationToken.None);

        accounts.Should().NotBeEmpty();
        tdx.Client.Traffic.Snapshot().Should().Be(new TdxCallCounts(1 + 1 + 4, 3));
        var storm = tdx.Journal.Where(e => e.Path.EndsWith("/accounts", StringComparison.Ordinal)).Skip(1).ToArray();
        storm.Select(e => e.Status).Should().Equal(429, 429, 429, 200);
        for (var i = 1; i < storm.Length; i++)
        {
            (storm[i].Time - storm[0].Time).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(60), "the window that answered 429 ends 60 s after it began");
        }
    }

    [Fact]
    public async Task Without_a_reset_header_429s_are_waited_out_with_a_growing_fallback()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(new TdxSimulatorOptions { SendResetHeader = false });
        await tdx.Client.GetAccountsAsync(CancellationToken.None);
        tdx.Simulator.Faults.RateLimitNext("GET accounts", 2);
        await using var driver = new FakeClockDriver(tdx.Clock);

        var accounts = await tdx.Client.GetAccountsAsync(CancellationToken.None);

        accounts.Should().NotBeEmpty();
        tdx.Client.Traffic.Snapshot().RateLimited.Should().Be(2);
        var storm = tdx.Journal.Where(e => e.Path.EndsWith("/accounts", StringComparison.Ordinal)).Skip(1).ToArray();
        (storm[1].Time - storm[0].Time).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5));
        (storm[2].Time - storm[1].Time).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Endless_429s_fail_after_a_bounded_number_of_waits()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(tuning: TdxConnectorFixture.FastTuning with { MaxRateLimitRetries = 3 });
        await tdx.Client.GetAccountsAsync(CancellationToken.None);
        tdx.Simulator.Faults.RateLimitNext("GET accounts", 1000);
        await using var driver = new FakeClockDriver(tdx.Clock);

        var act = () => tdx.Client.GetAccountsAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("GET accounts").And.Contain("429");
        tdx.Count("GET", "/accounts", 429).Should().Be(4);
    }
}
