using LsatsHub.Simulator.Ldap;
using LsatsHub.Testing;

namespace LsatsHub.Simulator.Tests.Cli;

/// <summary>
/// lsats-sim serve with its real slapd servers, stopped the ways production stops it: no slapd serving the test's own
/// world folder may outlive serve (looked up in /proc by the folder, so other slapd on the machine are never matched).
/// </summary>
public sealed class ServeShutdownTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    private string World => Path.Combine(_folder.Path, "world");

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Serve_stopped_by_SIGINT_or_SIGTERM_leaves_no_slapd_of_its_world_on_a_first_start_a_kept_folder_and_a_restart_after_mutate()
    {
        // Arrange: a first start (generates, loads both databases)
        var first = await ServeProcess.StartAsync(World);
        await using (first)
        {
            WorldProcesses.Of(World).Where(IsSlapd).Should().HaveCount(2, "serve started AD's and MCommunity's slapd");

            // Act
            var stopped = await first.StopAsync("INT");

            // Assert: gone the moment serve has exited, not some time later
            WorldProcesses.Of(World).Should().BeEmpty(stopped.Output);
        }

        // A restart on the same folder keeps both databases (nothing changed: ldap.sh does not rewrite what it loaded
        // from) and is stopped with SIGTERM.
        var loaded = Path.Combine(World, "ldap-server", "slapd", "mcommunity.loaded");
        var loadedAt = File.GetLastWriteTimeUtc(loaded);
        await using (var kept = await ServeProcess.StartAsync(World))
        {
            File.GetLastWriteTimeUtc(loaded).Should().Be(loadedAt, "the kept database was not loaded again");
            var stopped = await kept.StopAsync("TERM");
            WorldProcesses.Of(World).Should().BeEmpty(stopped.Output);
        }

        // A month later: mutate rewrites the world's files, serve restarts on them (both databases reloaded).
        var mutate = await ServeProcess.RunAsync("mutate", "--out", World);
        mutate.ExitCode.Should().Be(0, mutate.Output);
        await using (var mutated = await ServeProcess.StartAsync(World))
        {
            WorldProcesses.Of(World).Where(IsSlapd).Should().HaveCount(2);
            var stopped = await mutated.StopAsync("INT");
            stopped.ExitCode.Should().Be(0, stopped.Output);
            WorldProcesses.Of(World).Should().BeEmpty(stopped.Output);
        }
    }

    [Fact]
    public async Task A_slapd_that_does_not_stop_on_SIGTERM_is_killed_before_serve_exits()
    {
        // Arrange: MCommunity's slapd frozen, so it cannot act on SIGTERM (a hung server); ldap.sh waits 2 s, not 30.
        await using var serve = await ServeProcess.StartAsync(World, new Dictionary<string, string> { ["LSATS_LDAP_STOP_TIMEOUT"] = "2" });
        var mcommunity = int.Parse(await File.ReadAllTextAsync(Path.Combine(World, "ldap-server", "slapd", "mcommunity.pid")), System.Globalization.CultureInfo.InvariantCulture);
        await ServeProcess.SignalAsync("STOP", mcommunity);

        // Act
        var stopped = await serve.StopAsync("INT");

        // Assert
        WorldProcesses.Of(World).Should().BeEmpty(stopped.Output);
    }

    [Fact]
    public async Task A_start_cancelled_while_slapd_is_starting_leaves_no_slapd_behind()
    {
        // Arrange: cancel the moment AD's slapd exists (MCommunity's is about to be started by ldap.sh)
        var folder = Path.Combine(_folder.Path, "ldap");
        using var cancel = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            for (var polls = 0; polls < 6000 && !WorldProcesses.Of(folder).Any(IsSlapd); polls++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10));
            }

            await cancel.CancelAsync();
        });

        // Act
        var start = () => SlapdServer.StartAsync(Worlds.Small, RepositoryPaths.Combine("ops", "dev", "ldap.sh"), folder, cancel.Token);

        // Assert
        await start.Should().ThrowAsync<OperationCanceledException>();
        await watching;
        WorldProcesses.Of(folder).Should().BeEmpty();
    }

    public async Task DisposeAsync()
    {
        await WorldProcesses.KillAllAsync(_folder.Path);
        _folder.Dispose();
    }

    private static bool IsSlapd(string process) => process.Contains(": /usr/sbin/slapd ", StringComparison.Ordinal);
}
