using LsatsHub.Connectors.Http;
using LsatsHub.Connectors.Sheets;
using LsatsHub.Connectors.Tests.Tdx;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.Sheets;
using LsatsHub.Testing;

namespace LsatsHub.Connectors.Tests.Sheets;

/// <summary>
/// The Google Sheets connector's retry of 5xx and 429 answers within the shared HTTP budget, against the Sheets simulator
/// answering 500/429 for its next requests; backoffs run on a fake clock, and the simulator's journal counts the reads.
/// </summary>
public sealed class SheetsRetryTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lsats-sheets-retry-").FullName;
    private readonly WaitObservingClock _clock = new(new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.Zero));
    private ComplianceSheet _sheet = null!;
    private SheetsSimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        _sheet = ComplianceSheet.Generate(new WorldIndex(TdxWorlds.Small));
        _simulator = await SheetsSimulator.StartAsync([_sheet.Spreadsheet]);
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_read_succeeds_after_transient_500s_and_a_429_within_the_budget()
    {
        // Arrange: 1 + 3 retries; the first read gets a 429, the next two 500s
        using var source = Open(maxRetries: 3);
        _simulator.Faults.RateLimitNext("GET values", 1);
        _simulator.Faults.ServerErrorNext(2);

        // Act
        var table = await FakeClockDriver.DriveAsync(_clock, () => source.ReadTableAsync(_sheet.Tab, 2, CancellationToken.None));

        // Assert
        table.Rows.Should().HaveCount(_sheet.Spreadsheet.Entered(_sheet.Tab).Count - 2);
        Reads().Select(read => read.Status).Should().Equal(429, 500, 500, 200);
    }

    [Fact]
    public async Task A_read_that_keeps_getting_500s_fails_after_the_budget_naming_the_sheet_and_no_credential()
    {
        // Arrange: 1 + 2 retries against a burst longer than that
        using var source = Open(maxRetries: 2);
        _simulator.Faults.ServerErrorNext(5);

        // Act
        var read = () => FakeClockDriver.DriveAsync(_clock, () => source.ReadTableAsync(_sheet.Tab, 2, CancellationToken.None));

        // Assert
        var message = (await read.Should().ThrowAsync<ConnectorException>()).Which.Message;
        message.Should().Contain($"Google Sheets {_sheet.Spreadsheet.Id}")
            .And.Contain(_sheet.Tab)
            .And.Contain("answered 500 on the last of 3 attempt(s)")
            .And.Contain(HttpRetryBudget.RetriesVariable);
        foreach (var secret in new[] { _simulator.Credentials.ClientSecret, _simulator.Credentials.RefreshToken, "eyJ", "Bearer" })
        {
            message.Should().NotContain(secret);
        }

        Reads().Should().HaveCount(3, "1 attempt + 2 retries, no more").And.OnlyContain(entry => entry.Status == 500);
    }

    private IReadOnlyList<Simulator.Hosting.JournalEntry> Reads() =>
        [.. _simulator.Journal.Entries.Where(entry => entry.Method == "GET" && entry.Path.Contains("/values/", StringComparison.Ordinal))];

    private GoogleSheetsSource Open(int maxRetries) => GoogleSheetsSource.Open(
        _sheet.Spreadsheet.Id,
        new GoogleSheetsOptions
        {
            BaseUrl = _simulator.Address,
            TokenFile = _simulator.WriteStoredToken(Path.Combine(_folder, "token.json")),

            // The fake clock only moves while the client waits, so no attempt may time out on it.
            Retry = new HttpRetryBudget { MaxRetries = maxRetries, AttemptTimeout = TimeSpan.FromHours(1) },
        },
        _clock);
}
