using LsatsHub.Testing;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Simulator.Tdx;

namespace LsatsHub.Connectors.Tests.Tdx;

public sealed class TdxFailureTests
{
    [Fact]
    public async Task Bursts_of_500s_are_retried_until_the_calls_complete()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(
            new TdxSimulatorOptions { RateLimitEnabled = false }, tuning: TdxConnectorFixture.FastTuning with { Retry = TdxConnectorFixture.FastTuning.Retry with { MaxRetries = 8 } });
        await tdx.Client.GetAccountsAsync(CancellationToken.None);
        var ids = tdx.Simulator.Store.Projection.AccountDepartments.Take(20).Select(d => d.TdxAccountId).ToArray();
        tdx.Simulator.Faults.ServerErrorRate = 0.3;
        await using var driver = new FakeClockDriver(tdx.Clock);

        foreach (var id in ids)
        {
            (await tdx.Client.GetAccountAsync(id, CancellationToken.None))!["ID"]!.GetValue<int>().Should().Be(id);
        }

        tdx.Count("GET", "", 500).Should().BePositive();
        tdx.Count("GET", "", 200).Should().Be(ids.Length + 1);
    }

    [Fact]
    public async Task Dropped_connections_are_retried()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();
        await tdx.Client.GetAccountsAsync(CancellationToken.None);
        tdx.Simulator.Faults.DropNextConnections(2);
        await using var driver = new FakeClockDriver(tdx.Clock);

        var accounts = await tdx.Client.GetAccountsAsync(CancellationToken.None);

        accounts.Should().NotBeEmpty();
        tdx.Count("GET", "/accounts").Should().Be(4);
    }

    [Fact]
    public async Task A_permanent_500_fails_with_the_endpoint_and_status()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(tuning: TdxConnectorFixture.FastTuning with { Retry = TdxConnectorFixture.FastTuning.Retry with { MaxRetries = 3 } });
        await tdx.Client.GetAccountsAsync(CancellationToken.None);
        tdx.Simulator.Faults.ServerErrorRate = 1.0;
        await using var driver = new FakeClockDriver(tdx.Clock);

        var act = () => tdx.Client.GetAssetAsync(12345, CancellationToken.None);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("GET 48/assets/12345").And.Contain("500");
        tdx.Count("GET", "/assets/12345", 500).Should().Be(4);
    }

    [Fact]
    public async Task A_server_that_keeps_dropping_connections_fails_with_the_endpoint()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync(tuning: TdxConnectorFixture.FastTuning with { Retry = TdxConnectorFixture.FastTuning.Retry with { MaxRetries = 2 } });
        await tdx.Client.GetAccountsAsync(CancellationToken.None);
        tdx.Simulator.Faults.DropNextConnections(100);
        await using var driver = new FakeClockDriver(tdx.Clock);

        var act = () => tdx.Client.GetAccountsAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("GET accounts").And.Contain("after retries");
        tdx.Count("GET", "/accounts").Should().Be(1 + 3);
    }

    [Fact]
    public async Task A_malformed_body_fails_clearly_instead_of_reading_as_no_data()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();
        await tdx.Client.GetAccountsAsync(CancellationToken.None);
        tdx.Simulator.Faults.MalformNextBodies(1);

        var act = () => tdx.Client.GetAccountsAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("GET accounts").And.Contain("not valid JSON");
    }

    [Fact]
    public async Task An_empty_body_fails_clearly_instead_of_reading_as_no_data()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();
        await tdx.Client.GetAccountsAsync(CancellationToken.None);
        tdx.Simulator.Faults.EmptyNextBodies(1);

        var act = () => tdx.Client.SearchPeopleByAccountsAsync([1], isActive: true, CancellationToken.None);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("POST people/search").And.Contain("empty body");
    }

    [Fact]
    public async Task An_unknown_entity_is_null_not_an_error()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();

        var asset = await tdx.Client.GetAssetAsync(999_999_999, CancellationToken.None);

        asset.Should().BeNull();
        tdx.Count("GET", "/48/assets/999999999", 404).Should().Be(1);
    }

    [Fact]
    public async Task Searches_return_what_the_simulator_holds()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();
        var projection = tdx.Simulator.Store.Projection;
        var accountIds = projection.AccountDepartments.Select(d => d.TdxAccountId).Take(200).ToArray();

        var people = await tdx.Client.SearchPeopleByAccountsAsync(accountIds, isActive: null, CancellationToken.None);
        var assets = await tdx.Client.SearchAssetsByStatusAsync([38, 39, 40, 41, 46, 59, 141, 201, 202], CancellationToken.None);
        var person = await tdx.Client.GetPersonAsync(people[0]!["UID"]!.GetValue<string>(), CancellationToken.None);

        people.Should().NotBeEmpty();
        assets.Count.Should().Be(projection.Assets.Count());
        person!["Attributes"].Should().NotBeNull();
        tdx.Client.Traffic.Snapshot().ApiCalls.Should().Be(4);
    }

    [Fact]
    public async Task A_streamed_people_search_yields_every_user_the_whole_answer_holds()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();
        var accountIds = tdx.Simulator.Store.Projection.AccountDepartments.Select(d => d.TdxAccountId).Take(200).ToArray();
        var whole = await tdx.Client.SearchPeopleByAccountsAsync(accountIds, isActive: true, CancellationToken.None);

        var streamed = await tdx.Client.StreamPeopleByAccountsAsync(accountIds, isActive: true, CancellationToken.None).ToListAsync();

        streamed.Should().NotBeEmpty();
        streamed.Select(user => user!.ToJsonString()).Should().Equal(whole.Select(user => user!.ToJsonString()));
    }

    [Fact]
    public async Task Streamed_accounts_are_the_accounts_the_whole_answer_holds()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();
        var whole = await tdx.Client.GetAccountsAsync(CancellationToken.None);

        var streamed = await tdx.Client.StreamAccountsAsync(CancellationToken.None).ToListAsync();

        streamed.Should().NotBeEmpty();
        streamed.Select(account => account!.ToJsonString()).Should().Equal(whole.Select(account => account!.ToJsonString()));
    }

    [Fact]
    public async Task A_streamed_asset_search_yields_every_asset()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();

        var assets = await tdx.Client.StreamAssetsByStatusAsync([38, 39, 40, 41, 46, 59, 141, 201, 202], CancellationToken.None).ToListAsync();

        assets.Should().HaveCount(tdx.Simulator.Store.Projection.Assets.Count());
        assets.Should().AllSatisfy(asset => asset!["ID"].Should().NotBeNull());
    }

    [Fact]
    public async Task A_streamed_search_whose_body_breaks_off_fails_clearly_instead_of_ending_early()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();
        var accountIds = tdx.Simulator.Store.Projection.AccountDepartments.Select(d => d.TdxAccountId).Take(200).ToArray();
        await tdx.Client.GetAccountsAsync(CancellationToken.None);
        tdx.Simulator.Faults.MalformNextBodies(1);

        var act = async () => await tdx.Client.StreamPeopleByAccountsAsync(accountIds, isActive: true, CancellationToken.None).ToListAsync();

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("POST people/search").And.Contain("not valid JSON");
    }

    [Fact]
    public async Task A_streamed_search_with_an_empty_body_fails_clearly_instead_of_reading_as_no_data()
    {
        await using var tdx = await TdxConnectorFixture.StartAsync();
        await tdx.Client.GetAccountsAsync(CancellationToken.None);
        tdx.Simulator.Faults.EmptyNextBodies(1);

        var act = async () => await tdx.Client.StreamAssetsByStatusAsync([38], CancellationToken.None).ToListAsync();

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("POST 48/assets/search").And.Contain("empty body");
    }
}
