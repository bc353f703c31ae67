using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LsatsHub.Simulator.UmApi;
using Microsoft.Extensions.Time.Testing;

namespace LsatsHub.Simulator.Tests.UmApi;

public sealed class UmApiSimulatorTests
{
    private static async Task<(UmApiSimulator Sim, HttpClient Http, FakeTimeProvider Time)> StartAsync(UmApiSimulatorOptions? options = null, bool login = true)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var sim = await UmApiSimulator.StartAsync(Worlds.Small, options, time);
        var http = new HttpClient();
        if (login)
        {
            using var token = await http.PostAsync(sim.TokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = sim.Credentials.ClientId, ["client_secret"] = sim.Credentials.ClientSecret, ["scope"] = "department",
            }));
            token.EnsureSuccessStatusCode();
            var json = JsonNode.Parse(await token.Content.ReadAsStringAsync())!;
            json["expires_in"]!.GetValue<int>().Should().BePositive();
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", json["access_token"]!.GetValue<string>());
        }

        return (sim, http, time);
    }

    private static JsonNode? Records(JsonNode page, string envelope, string list) => page[envelope]![list];

    [Fact]
    public async Task Data_calls_need_a_token_and_a_wrong_secret_gets_none()
    {
        var (sim, http, _) = await StartAsync(login: false);
        await using var _s = sim;
        using var _h = http;

        using var data = await http.GetAsync($"{sim.BaseUrl}/{sim.CategoryId}/Department/v2/DeptData");
        using var token = await http.PostAsync(sim.TokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = sim.Credentials.ClientId, ["client_secret"] = "wrong", ["scope"] = "department",
        }));

        data.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        token.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Paging_with_encoded_dollar_parameters_returns_every_employment_record_exactly_once()
    {
        var (sim, http, _) = await StartAsync();
        await using var _s = sim;
        using var _h = http;

        var seen = new List<string>();
        const int pageSize = 37;
        var pages = 0;
        for (var start = 0; ; start += pageSize)
        {
            var page = JsonNode.Parse(await http.GetStringAsync($"{sim.BaseUrl}/{sim.CategoryId}/Department/v2/DeptEmpData?%24count={pageSize}&%24start_index={start}"))!;
            pages++;
            var records = Records(page, "DeptEmpInfo", "DeptEmpData");
            var list = records is JsonArray array ? [.. array] : records is JsonObject single ? [single] : new List<JsonNode?>();
            seen.AddRange(list.Select(r => r!["EmplId"]!.GetValue<string>() + "/" + r["EmplRcd"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture)));
            if (list.Count < pageSize || records is JsonObject)
            {
                break;
            }
        }

        seen.Should().OnlyHaveUniqueItems().And.HaveCount(sim.EmployeeCount);
        seen.Should().HaveCount(Worlds.Small.People.Sum(p => p.Employments.Count));
        pages.Should().Be((sim.EmployeeCount / pageSize) + 1);
    }

    [Fact]
    public async Task A_single_matching_department_comes_back_as_an_object_and_count_is_capped_at_1000()
    {
        var (sim, http, _) = await StartAsync();
        await using var _s = sim;
        using var _h = http;
        var dept = Worlds.Small.Departments.First(d => d.InUmApi);

        var one = JsonNode.Parse(await http.GetStringAsync($"{sim.BaseUrl}/{sim.CategoryId}/Department/v2/DeptData?DeptId={dept.DeptId}"))!;
        var all = JsonNode.Parse(await http.GetStringAsync($"{sim.BaseUrl}/{sim.CategoryId}/Department/v2/DeptData?$count=5000&$start_index=0"))!;

        Records(one, "DepartmentList", "DeptData").Should().BeOfType<JsonObject>().Which["DeptDescription"]!.GetValue<string>().Should().Be(dept.Name);
        Records(all, "DepartmentList", "DeptData")!.AsArray().Should().HaveCount(sim.DepartmentCount);
    }

    [Fact]
    public async Task Past_the_quota_the_gateway_answers_429_with_a_reset_header_until_the_window_ends()
    {
        var (sim, http, time) = await StartAsync(new UmApiSimulatorOptions { RateLimit = 3 });
        await using var _s = sim;
        using var _h = http;
        var url = $"{sim.BaseUrl}/{sim.CategoryId}/Department/v2/DeptData?$count=1";

        var ok = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var r = await http.GetAsync(url);
            ok.Add(r.StatusCode);
        }

        using var limited = await http.GetAsync(url);
        var reset = DateTimeOffset.ParseExact(limited.Headers.GetValues("X-RateLimit-Reset").Single(), "r", CultureInfo.InvariantCulture);
        time.Advance(reset - time.GetUtcNow());
        using var after = await http.GetAsync(url);

        ok.Should().AllBeEquivalentTo(HttpStatusCode.OK);
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        after.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
