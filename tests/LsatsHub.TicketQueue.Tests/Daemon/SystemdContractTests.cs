using System.Diagnostics;
using LsatsHub.Testing;

namespace LsatsHub.TicketQueue.Tests.Daemon;

/// <summary>
/// The unit's notify/stop contract: Type=notify (the host says READY=1 and STOPPING=1), SIGTERM as the stop signal, a
/// stop timeout longer than the daemon's own shutdown bound, and the whole unit accepted by systemd-analyze verify.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SystemdContractTests
{
    private static readonly string Unit = RepositoryPaths.Combine("ops", "systemd", "lsats-queue-daemon.service");

    [Fact]
    public async Task The_unit_is_notify_stops_with_SIGTERM_and_waits_longer_than_the_daemon_needs()
    {
        var lines = await File.ReadAllLinesAsync(Unit);

        lines.Should().Contain("Type=notify").And.Contain("NotifyAccess=main").And.Contain("KillSignal=SIGTERM")
            .And.Contain("ExecStart=/opt/lsats-hub/bin/lsats-run queue run --daemon");
        var stopSeconds = int.Parse(lines.Single(line => line.StartsWith("TimeoutStopSec=", StringComparison.Ordinal))["TimeoutStopSec=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var queue = new QueueOptions { ReportId = 1 };
        stopSeconds.Should().BeGreaterThan((int)queue.StopGrace.TotalSeconds + 15, "the running action's grace plus the host's shutdown must fit inside the unit's stop timeout");
    }

    [SystemdAnalyzeFact]
    public async Task Systemd_analyze_verify_accepts_the_unit()
    {
        var root = Directory.CreateTempSubdirectory("lsats-queue-unit-").FullName;
        try
        {
            // verify follows dependencies into systemd's own units and checks that ExecStart= is executable.
            var system = Path.Combine(root, "usr/lib/systemd/system");
            Directory.CreateDirectory(system);
            foreach (var file in Directory.EnumerateFiles("/lib/systemd/system", "*.target"))
            {
                File.Copy(file, Path.Combine(system, Path.GetFileName(file)));
            }

            foreach (var file in Directory.EnumerateFiles("/lib/systemd/system", "*.service").Where(f => Path.GetFileName(f).StartsWith("postgresql", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(system, Path.GetFileName(file)));
            }

            var runner = Path.Combine(root, "opt/lsats-hub/bin/lsats-run");
            Directory.CreateDirectory(Path.GetDirectoryName(runner)!);
            await File.WriteAllTextAsync(runner, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(runner, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var units = Directory.CreateDirectory(Path.Combine(root, "etc/systemd/system")).FullName;
            var copy = Path.Combine(units, "lsats-queue-daemon.service");
            File.Copy(Unit, copy);

            using var verify = Process.Start(new ProcessStartInfo("systemd-analyze", ["verify", $"--root={root}", copy]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var error = await verify.StandardError.ReadToEndAsync();
            await verify.WaitForExitAsync();

            verify.ExitCode.Should().Be(0, error);
            error.Trim().Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
