using LsatsHub.Connectors.UmApi;

namespace LsatsHub.Connectors.Tests.UmApi;

public sealed class UmApiPagingTests
{
    [Theory]
    [InlineData(37)]
    [InlineData(1000)]
    public async Task Paging_returns_every_employment_record_exactly_once(int pageSize)
    {
        await using var server = await UmApiTestServer.StartAsync();
        using var client = server.Client(server.Options(pageSize));

        var result = await server.CollectAsync(client.GetEmployeesAsync());

        result.Failure.Should().BeNull();
        result.Records.Should().HaveCount(server.Simulator.EmployeeCount);
        result.Records.Select(r => $"{r["EmplId"]}/{r["EmplRcd"]}").Should().OnlyHaveUniqueItems();
        var pages = server.Simulator.Journal.Entries.Count(e => e.Method == "GET");
        pages.Should().Be((server.Simulator.EmployeeCount / pageSize) + 1);
    }

    [Fact]
    public async Task Page_requests_use_url_encoded_dollar_parameters_advancing_by_the_page_size()
    {
        await using var server = await UmApiTestServer.StartAsync();
        using var client = server.Client(server.Options(10));

        var result = await server.CollectAsync(client.GetDepartmentsAsync());

        result.Records.Should().HaveCount(server.Simulator.DepartmentCount);
        var queries = server.Simulator.Journal.Entries.Where(e => e.Method == "GET").Select(e => e.Query).ToList();
        queries.Take(3).Should().Equal("?%24count=10&%24start_index=0", "?%24count=10&%24start_index=10", "?%24count=10&%24start_index=20");
        server.Simulator.Journal.Entries.Where(e => e.Method == "GET")
            .Should().OnlyContain(e => e.Path.EndsWith($"/{server.Simulator.CategoryId}/Department/v2/DeptData", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_last_page_of_one_record_sent_as_a_lone_object_is_delivered()
    {
        await using var server = await UmApiTestServer.StartAsync();
        var pageSize = server.Simulator.DepartmentCount - 1;
        using var client = server.Client(server.Options(pageSize));

        var result = await server.CollectAsync(client.GetDepartmentsAsync());

        result.Failure.Should().BeNull();
        result.Records.Should().HaveCount(server.Simulator.DepartmentCount);
        result.Records.Select(r => r["DeptId"]!.GetValue<string>()).Should().OnlyHaveUniqueItems();
    }
}
