using LsatsHub.Connectors.UmApi;

namespace LsatsHub.Connectors.Tests.UmApi;

public sealed class UmApiFailureTests
{
    [Fact]
    public async Task A_429_is_waited_out_until_the_announced_reset_and_the_fetch_completes()
    {
        await using var server = await UmApiTestServer.StartAsync(new() { RateLimitWindow = TimeSpan.FromSeconds(60) });
        using var client = server.Client();
        server.Simulator.Faults.RateLimitNext("deptempdata", 2);

        var result = await server.CollectAsync(client.GetEmployeesAsync());

        result.Failure.Should().BeNull();
        result.Records.Should().HaveCount(server.Simulator.EmployeeCount);
        client.Statistics.RateLimitedResponses.Should().Be(2);
        var gets = server.Simulator.Journal.Entries.Where(e => e.Method == "GET").ToList();
        gets[0].Status.Should().Be(429);
        gets[1].Status.Should().Be(429);
        gets[1].Time.Should().BeOnOrAfter(gets[0].Time + TimeSpan.FromSeconds(60), "the retry waits for X-RateLimit-Reset");
        gets[2].Status.Should().Be(200);
    }

    [Fact]
    public async Task A_429_without_a_reset_header_is_retried_after_the_margin()
    {
        await using var server = await UmApiTestServer.StartAsync(new() { SendResetHeader = false });
        using var client = server.Client();
        server.Simulator.Faults.RateLimitNext("deptdata", 1);

        var result = await server.CollectAsync(client.GetDepartmentsAsync());

        result.Failure.Should().BeNull();
        result.Records.Should().HaveCount(server.Simulator.DepartmentCount);
        client.Statistics.RateLimitedResponses.Should().Be(1);
    }

    [Fact]
    public async Task An_endless_429_storm_fails_the_fetch_after_the_bounded_number_of_waits()
    {
        await using var server = await UmApiTestServer.StartAsync();
        using var client = server.Client(server.Options() with { MaxRateLimitWaits = 3 });
        server.Simulator.Faults.RateLimitNext("deptdata", 1000);

        var result = await server.CollectAsync(client.GetDepartmentsAsync());

        result.Records.Should().BeEmpty();
        result.Failure!.Message.Should().Contain("429").And.Contain("DeptData");
        client.Statistics.RateLimitedResponses.Should().Be(4);
    }

    [Fact]
    public async Task Dropped_connections_cut_off_bodies_and_500s_are_retried_and_the_fetch_completes()
    {
        await using var server = await UmApiTestServer.StartAsync();
        using var client = server.Client();
        server.Simulator.Faults.DropNextConnections(1);
        server.Simulator.Faults.MalformNextBodies(1);
        server.Simulator.Faults.EmptyNextBodies(1);

        var result = await server.CollectAsync(client.GetEmployeesAsync());

        result.Failure.Should().BeNull();
        result.Records.Should().HaveCount(server.Simulator.EmployeeCount);
        result.Records.Select(r => $"{r["EmplId"]}/{r["EmplRcd"]}").Should().OnlyHaveUniqueItems();
        client.Statistics.TransientFailures.Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_burst_of_500s_shorter_than_the_retry_budget_still_completes()
    {
        await using var server = await UmApiTestServer.StartAsync();
        using var client = server.Client(server.Options(50) with { Retry = server.Options().Retry with { MaxRetries = 6 } });

        var result = await server.CollectAsync(client.GetEmployeesAsync(), afterEach: count =>
        {
            if (count == 50)
            {
                server.Simulator.Faults.ServerErrorRate = 1.0;
                _ = Task.Run(async () =>
                {
                    // Heals after the client has met a few 500s.
                    while (client.Statistics.TransientFailures < 3)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System);
                    }

                    server.Simulator.Faults.ServerErrorRate = 0;
                });
            }
        });

        result.Failure.Should().BeNull();
        result.Records.Should().HaveCount(server.Simulator.EmployeeCount);
        server.Simulator.Journal.Entries.Count(e => e.Status == 500).Should().BeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task A_permanent_500_on_page_3_fails_the_fetch_after_two_pages_instead_of_ending_it()
    {
        await using var server = await UmApiTestServer.StartAsync();
        using var client = server.Client(server.Options(50));

        var result = await server.CollectAsync(client.GetEmployeesAsync(), afterEach: count =>
        {
            if (count == 100)
            {
                server.Simulator.Faults.ServerErrorRate = 1.0;
            }
        });

        server.Simulator.EmployeeCount.Should().BeGreaterThan(150);
        result.Records.Should().HaveCount(100);
        result.Failure.Should().NotBeNull();
        result.Failure!.Message.Should().Contain("%24start_index=100").And.Contain("HTTP 500").And.Contain("5 attempts");
        server.Simulator.Journal.Entries.Count(e => e.Status == 500).Should().Be(5);
    }

    [Fact]
    public async Task A_client_error_fails_at_once_naming_the_request_and_status()
    {
        await using var server = await UmApiTestServer.StartAsync();
        using var client = server.Client(server.Options() with { CategoryId = "nope" });

        var result = await server.CollectAsync(client.GetDepartmentsAsync());

        result.Failure!.Message.Should().Contain("/nope/Department/v2/DeptData").And.Contain("HTTP 404");
        server.Simulator.Journal.Entries.Count(e => e.Method == "GET").Should().Be(1);
    }
}
