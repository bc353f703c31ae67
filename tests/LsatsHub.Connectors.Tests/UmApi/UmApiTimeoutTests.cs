using LsatsHub.Connectors.Http;
using LsatsHub.Connectors.UmApi;
using LsatsHub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Connectors.Tests.UmApi;

/// <summary>
/// The UMich API's token endpoint answers (the simulator) and its data endpoint accepts and never answers, with
/// LSATS_HTTP_ATTEMPT_TIMEOUT=10 and LSATS_HTTP_RETRIES=1 on a fake clock.
/// </summary>
public sealed class UmApiTimeoutTests
{
    [Fact]
    public async Task A_UMich_API_that_never_answers_fails_naming_the_URL_and_the_variables_to_tune_and_no_secret()
    {
        // Arrange
        await using var server = await UmApiTestServer.StartAsync();
        await using var silent = new SilentTcpServer();
        var budget = HttpRetryBudget.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LSATS_HTTP_ATTEMPT_TIMEOUT"] = "10",
            ["LSATS_HTTP_RETRIES"] = "1",
        }).Build());
        using var logs = new LogCapture();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var options = server.Options() with { BaseUrl = new Uri($"http://gateway-user:url-password@127.0.0.1:{silent.Port}/um"), Retry = budget };
        using var client = new UmApiClient(http, options, server.ClientClock, factory.CreateLogger("umapi"));

        // Act
        var result = await server.CollectAsync(client.GetDepartmentsAsync());

        // Assert
        var message = result.Failure!.Message;
        message.Should().Contain($"UMich API GET http://127.0.0.1:{silent.Port}/um/{options.CategoryId}/Department/v2/DeptData timed out")
            .And.Contain("10 s on each of 2 attempt(s)")
            .And.Contain("LSATS_HTTP_ATTEMPT_TIMEOUT")
            .And.Contain("LSATS_HTTP_RETRIES");
        foreach (var secret in new[] { options.ClientSecret, "url-password", "gateway-user", "start_index" })
        {
            message.Should().NotContain(secret);
        }

        silent.Connections.Should().Be(2, "1 attempt + LSATS_HTTP_RETRIES=1");
        logs.Lines.Should().ContainSingle(line => line.StartsWith("Warning:", StringComparison.Ordinal) && line.Contains("no answer within 10 s", StringComparison.Ordinal));
        logs.Lines.Should().NotContain(line => line.StartsWith("Error:", StringComparison.Ordinal));
    }
}
