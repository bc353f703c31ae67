using LsatsHub.Testing;

namespace LsatsHub.Simulator.Tests.Cli;

/// <summary>
/// serve restarted on the same world (a month later, after mutate) answers on the addresses it had: the bronze steps
/// key their incremental marks on the directory server they read, so a new port would turn every nightly LDAP read
/// into a full one.
/// </summary>
public sealed class ServeRestartTests : IAsyncLifetime
{
    private static readonly string[] AddressKeys = ["TDX_BASE_URL", "UM_BASE_URL", "GOOGLE_SHEETS_BASE_URL", "AD_PORT", "MCOMMUNITY_LDAP_PORT"];

    private readonly TempFolder _folder = new();

    private string World => Path.Combine(_folder.Path, "world");

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_serve_restarted_after_mutate_takes_the_ports_of_the_last_serve_again()
    {
        // Arrange: a first serve, its addresses, and a month of churn
        Dictionary<string, string> before;
        await using (var first = await ServeProcess.StartAsync(World))
        {
            before = Addresses();
            await first.StopAsync("TERM");
        }

        var mutate = await ServeProcess.RunAsync("mutate", "--out", World);
        mutate.ExitCode.Should().Be(0, mutate.Output);

        // Act
        Dictionary<string, string> after;
        await using (var second = await ServeProcess.StartAsync(World))
        {
            after = Addresses();
            await second.StopAsync("TERM");
        }

        // Assert
        before.Keys.Should().BeEquivalentTo(AddressKeys);
        after.Should().Equal(before);
    }

    [Fact]
    public async Task A_serve_restarted_after_the_last_one_was_killed_stops_its_leftover_slapd_and_takes_its_ports_again()
    {
        // Arrange: a serve killed with SIGKILL; its slapd servers are daemons and outlive it, holding their ports
        Dictionary<string, string> before;
        await using (var killed = await ServeProcess.StartAsync(World))
        {
            before = Addresses();
            await killed.StopAsync("KILL");
        }

        WorldProcesses.Of(_folder.Path).Should().HaveCount(2, "the killed serve's AD and MCommunity slapd still run");

        // Act
        Dictionary<string, string> after;
        await using (var second = await ServeProcess.StartAsync(World))
        {
            after = Addresses();
            await second.StopAsync("TERM");
        }

        // Assert
        after.Should().Equal(before);
        WorldProcesses.Of(_folder.Path).Should().BeEmpty("the restart stopped the leftover servers and its own on SIGTERM");
    }

    public async Task DisposeAsync()
    {
        await WorldProcesses.KillAllAsync(_folder.Path);
        _folder.Dispose();
    }

    private Dictionary<string, string> Addresses() =>
        File.ReadLines(Path.Combine(World, ".env"))
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2 && AddressKeys.Contains(parts[0]))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
}
