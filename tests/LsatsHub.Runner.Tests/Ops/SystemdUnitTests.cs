namespace LsatsHub.Runner.Tests.Ops;

/// <summary>Every unit in ops/systemd passes systemd-analyze verify and keeps the plan's rules.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SystemdUnitTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lsats-units-root-").FullName;

    public SystemdUnitTests()
    {
        // A root holding systemd's own units (verify follows dependencies to sysinit.target and the like)
        // and a stand-in lsats-run at the install path, since verify checks that ExecStart= is executable.
        CopyTree("/lib/systemd/system", Path.Combine(_root, "usr/lib/systemd/system"));
        var runner = Path.Combine(_root, "opt/lsats-hub/bin/lsats-run");
        Directory.CreateDirectory(Path.GetDirectoryName(runner)!);
        File.WriteAllText(runner, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(runner, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var units = Directory.CreateDirectory(Path.Combine(_root, "etc/systemd/system")).FullName;
        foreach (var unit in OpsFiles.Units)
        {
            File.Copy(unit, Path.Combine(units, Path.GetFileName(unit)));
        }
    }

    public static TheoryData<string> UnitNames => new(OpsFiles.Units.Select(Path.GetFileName).OfType<string>());

    public static TheoryData<string> TimerNames => new(OpsFiles.Units.Select(Path.GetFileName).OfType<string>().Where(name => name.EndsWith(".timer", StringComparison.Ordinal)));

    public static TheoryData<string> ServiceNames => new(OpsFiles.Units.Select(Path.GetFileName).OfType<string>().Where(name => name.EndsWith(".service", StringComparison.Ordinal)));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_units_are_the_four_jobs_of_the_issue()
    {
        OpsFiles.Units.Select(Path.GetFileName).Should().BeEquivalentTo(
            "lsats-backup.service", "lsats-backup.timer", "lsats-pipeline.service", "lsats-pipeline.timer",
            "lsats-health.service", "lsats-health.timer", "lsats-queue-daemon.service");
    }

    [Theory]
    [MemberData(nameof(UnitNames))]
    public async Task Each_unit_passes_systemd_analyze_verify_without_a_warning(string unit)
    {
        var result = await OpsFiles.RunAsync("systemd-analyze", ["verify", $"--root={_root}", Path.Combine(_root, "etc/systemd/system", unit)]);

        result.ExitCode.Should().Be(0, OpsFiles.Describe(result));
        result.StandardError.Trim().Should().BeEmpty(OpsFiles.Describe(result));
    }

    [Fact]
    public async Task Verify_notices_a_misspelt_directive_so_the_check_above_can_fail()
    {
        var broken = Path.Combine(_root, "etc/systemd/system/lsats-broken.service");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(Path.Combine(OpsFiles.SystemdFolder, "lsats-backup.service"))).Replace("PrivateTmp=", "PrivatTmp=", StringComparison.Ordinal));

        var result = await OpsFiles.RunAsync("systemd-analyze", ["verify", $"--root={_root}", broken]);

        result.StandardError.Should().Contain("Unknown key 'PrivatTmp'");
    }

    [Theory]
    [MemberData(nameof(TimerNames))]
    public async Task Each_timer_is_persistent_and_its_calendar_parses(string timer)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(OpsFiles.SystemdFolder, timer));
        var calendars = lines.Where(line => line.StartsWith("OnCalendar=", StringComparison.Ordinal)).Select(line => line["OnCalendar=".Length..]).ToList();

        calendars.Should().NotBeEmpty();
        lines.Should().Contain("Persistent=true").And.Contain("WantedBy=timers.target");
        foreach (var calendar in calendars)
        {
            var result = await OpsFiles.RunAsync("systemd-analyze", ["calendar", calendar]);
            result.ExitCode.Should().Be(0, OpsFiles.Describe(result));
        }
    }

    [Theory]
    [InlineData("lsats-backup.timer", "*-*-* 01:00:00")]
    [InlineData("lsats-pipeline.timer", "*-*-* 02:00:00")]
    [InlineData("lsats-health.timer", "*-*-* *:00:00")]
    public async Task The_timers_fire_daily_at_one_daily_at_two_and_hourly(string timer, string normalized)
    {
        var calendar = (await File.ReadAllLinesAsync(Path.Combine(OpsFiles.SystemdFolder, timer))).Single(line => line.StartsWith("OnCalendar=", StringComparison.Ordinal))["OnCalendar=".Length..];

        var result = await OpsFiles.RunAsync("systemd-analyze", ["calendar", calendar]);

        result.StandardOutput.Should().Contain("Normalized form: " + normalized);
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public async Task Each_service_runs_lsats_run_as_lsats_with_the_hardening(string service)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(OpsFiles.SystemdFolder, service));

        lines.Should().Contain("User=lsats").And.Contain("EnvironmentFile=/etc/lsats-hub/hub.conf")
            .And.Contain("NoNewPrivileges=yes").And.Contain("ProtectSystem=strict").And.Contain("PrivateTmp=yes").And.Contain("ProtectHome=yes")
            .And.Contain("ReadWritePaths=/var/log/lsats /var/backups/lsats /var/lib/lsats");
        lines.Single(line => line.StartsWith("ExecStart=", StringComparison.Ordinal)).Should().StartWith("ExecStart=/opt/lsats-hub/bin/lsats-run ");
    }

    [Fact]
    public async Task The_queue_daemon_restarts_on_failure_within_the_plans_limits()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(OpsFiles.SystemdFolder, "lsats-queue-daemon.service"));

        lines.Should().Contain("Type=notify").And.Contain("Restart=on-failure").And.Contain("RestartSec=30")
            .And.Contain("StartLimitBurst=5").And.Contain("StartLimitIntervalSec=300")
            .And.Contain("ExecStart=/opt/lsats-hub/bin/lsats-run queue run --daemon");
    }

    private static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(destination, link);
            }
            else if (entry is DirectoryInfo directory)
            {
                CopyTree(directory.FullName, destination);
            }
            else
            {
                File.Copy(entry.FullName, destination);
            }
        }
    }
}
