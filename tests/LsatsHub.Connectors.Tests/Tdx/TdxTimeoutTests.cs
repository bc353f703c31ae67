using LsatsHub.Connectors.Tdx;
using LsatsHub.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Connectors.Tests.Tdx;

/// <summary>
/// A TDX that accepts connections and never answers (a frozen server), with LSATS_HTTP_ATTEMPT_TIMEOUT=10 and
/// LSATS_HTTP_RETRIES=1 on a fake clock: what the operator reads in the failure and in the journal.
/// </summary>
public sealed class TdxTimeoutTests
{
    [Theory]
    [InlineData("token", "/SBTDWebApi/api/accounts")]
    [InlineData("admin", "/SBTDWebApi/api/auth/loginadmin")]
    public async Task A_TDX_that_never_answers_fails_naming_the_URL_and_the_variables_to_tune_and_no_secret(string credentials, string path)
    {
        // Arrange
        await using var silent = new SilentTcpServer();
        var settings = new Dictionary<string, string?>
        {
            ["TDX_BASE_URL"] = $"http://svc-lsats:url-password@127.0.0.1:{silent.Port}/SBTDWebApi/api",
            ["LSATS_HTTP_ATTEMPT_TIMEOUT"] = "10",
            ["LSATS_HTTP_RETRIES"] = "1",
        };
        if (credentials == "token")
        {
            settings["TDX_API_TOKEN"] = "static-token-value";
        }
        else
        {
            settings["TDX_BEID"] = "beid-value";
            settings["TDX_WEB_SERVICES_KEY"] = "web-services-key-value";
        }

        var clock = new WaitObservingClock(new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero));
        using var logs = new LogCapture();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<TimeProvider>(clock)
            .AddLogging(logging => logging.AddProvider(logs))
            .AddTdxConnector()
            .BuildServiceProvider();
        var client = services.GetRequiredService<TdxClient>();

        // Act
        var act = () => FakeClockDriver.DriveAsync(clock, () => client.GetAccountsAsync(CancellationToken.None));

        // Assert
        var message = (await act.Should().ThrowAsync<ConnectorException>()).Which.Message;
        message.Should().Contain($"http://127.0.0.1:{silent.Port}{path} timed out")
            .And.Contain("10 s on each of 2 attempt(s)")
            .And.Contain("LSATS_HTTP_ATTEMPT_TIMEOUT")
            .And.Contain("LSATS_HTTP_RETRIES");
        foreach (var secret in new[] { "static-token-value", "web-services-key-value", "url-password", "svc-lsats" })
        {
            message.Should().NotContain(secret);
        }

        silent.Connections.Should().Be(2, "1 attempt + LSATS_HTTP_RETRIES=1");
        logs.Lines.Should().Contain(line => line.StartsWith("Warning:", StringComparison.Ordinal) && line.Contains("OnTimeout", StringComparison.Ordinal));
        logs.Lines.Should().NotContain(
            line => line.StartsWith("Error:", StringComparison.Ordinal) || line.StartsWith("Critical:", StringComparison.Ordinal),
            "a timed-out attempt is a warning; the call's failure is the exception, logged once by whoever receives it");
    }
}
