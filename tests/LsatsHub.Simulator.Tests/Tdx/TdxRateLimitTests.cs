using System.Globalization;
using System.Net;

namespace LsatsHub.Simulator.Tests.Tdx;

public sealed class TdxRateLimitTests
{
    [Fact]
    public async Task The_61st_call_in_a_window_gets_429_and_the_reset_header_says_when_calls_resume()
    {
        await using var tdx = await TdxFixture.StartAsync();
        await tdx.LoginAsync();
        var start = tdx.Time.GetUtcNow();

        var statuses = new List<HttpStatusCode>();
        string? remainingAfterFirst = null;
        for (var i = 0; i < 60; i++)
        {
            using var ok = await tdx.Http.GetAsync("accounts");
            statuses.Add(ok.StatusCode);
            remainingAfterFirst ??= ok.Headers.GetValues("X-RateLimit-Remaining").Single();
        }

        using var limited = await tdx.Http.GetAsync("accounts");
        using var otherRoute = await tdx.Http.GetAsync("accounts/" + Worlds.Small.Departments.First(d => d.InTdx).TdxAccountId);
        var reset = DateTimeOffset.ParseExact(limited.Headers.GetValues("X-RateLimit-Reset").Single(), "r", CultureInfo.InvariantCulture);
        tdx.Time.Advance(reset - tdx.Time.GetUtcNow());
        using var afterReset = await tdx.Http.GetAsync("accounts");

        statuses.Should().AllBeEquivalentTo(HttpStatusCode.OK);
        remainingAfterFirst.Should().Be("59");
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.GetValues("X-RateLimit-Limit").Single().Should().Be("60");
        reset.Should().Be(start.AddSeconds(60));
        otherRoute.StatusCode.Should().Be(HttpStatusCode.OK, "limits are per method");
        afterReset.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Injected_429s_hit_only_the_named_route_and_can_omit_the_reset_header()
    {
        await using var tdx = await TdxFixture.StartAsync(new LsatsHub.Simulator.Tdx.TdxSimulatorOptions { SendResetHeader = false });
        await tdx.LoginAsync();
        tdx.Simulator.Faults.RateLimitNext("POST people/search", 2);

        using var first = await tdx.Http.PostAsync("people/search", TdxFixture.Json("{\"AlternateID\":\"nobody\"}"));
        using var second = await tdx.Http.PostAsync("people/search", TdxFixture.Json("{\"AlternateID\":\"nobody\"}"));
        using var third = await tdx.Http.PostAsync("people/search", TdxFixture.Json("{\"AlternateID\":\"nobody\"}"));
        using var other = await tdx.Http.GetAsync("accounts");

        first.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        first.Headers.Contains("X-RateLimit-Reset").Should().BeFalse();
        third.StatusCode.Should().Be(HttpStatusCode.OK);
        other.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
