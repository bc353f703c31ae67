using LsatsHub.Testing;

namespace LsatsHub.Runner.Tests.Ops;

/// <summary>ops/logrotate/lsats is the plan's §8.1 rotation and logrotate accepts it.</summary>
public sealed class LogrotateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lsats-logrotate-").FullName;

    private static string Config => RepositoryPaths.Combine("ops", "logrotate", "lsats");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Logrotate_debug_mode_accepts_the_config()
    {
        // The lsats user exists only on servers: check the same config with a user this machine has.
        var user = Environment.UserName;
        var config = Path.Combine(_folder, "lsats");
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(Config)).Replace("lsats lsats", $"{user} {user}", StringComparison.Ordinal));

        var result = await OpsFiles.RunAsync("logrotate", ["-d", "-s", Path.Combine(_folder, "state"), config]);

        result.ExitCode.Should().Be(0, OpsFiles.Describe(result));
        (result.StandardOutput + result.StandardError).Should().NotContain("error:").And.Contain("rotating pattern: /var/log/lsats/*.log");
    }

    [Fact]
    public async Task The_config_keeps_the_plans_rules()
    {
        var lines = (await File.ReadAllLinesAsync(Config)).Select(line => line.Trim()).ToList();

        lines.Should().Contain("/var/log/lsats/*.log {").And.Contain("daily").And.Contain("rotate 30").And.Contain("compress")
            .And.Contain("delaycompress").And.Contain("missingok").And.Contain("notifempty").And.Contain("create 640 lsats lsats")
            .And.Contain("dateext").And.Contain("dateformat -%Y%m%d").And.Contain("maxsize 50M").And.Contain("su lsats lsats");
    }
}
