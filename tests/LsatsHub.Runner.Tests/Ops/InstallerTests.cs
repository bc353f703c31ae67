using Dapper;
using LsatsHub.Testing;
using Npgsql;

namespace LsatsHub.Runner.Tests.Ops;

/// <summary>
/// ops/install.sh: --dry-run prints the whole plan, and a real install into a throwaway root (its own
/// /etc/passwd, systemctl --root, the test PostgreSQL server for phase 4) runs to completion and a
/// second run changes nothing.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InstallerTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("lsats-install-root-").FullName;
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];

    private string DatabaseName => $"t_install_{_suffix}";

    private string AppRole => $"t_app_{_suffix}";

    private string ReadonlyRole => $"t_ro_{_suffix}";

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        foreach (var file in new[] { "passwd", "group", "shadow", "gshadow", "login.defs" })
        {
            if (File.Exists("/etc/" + file))
            {
                File.Copy("/etc/" + file, Path.Combine(_root, "etc", file));
            }
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(PostgresServer.Admin.ConnectionString))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)");
            await connection.ExecuteAsync($"DROP ROLE IF EXISTS {ReadonlyRole}");
            await connection.ExecuteAsync($"DROP ROLE IF EXISTS {AppRole}");
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Dry_run_prints_every_phase_and_action_and_changes_nothing()
    {
        var result = await OpsFiles.RunAsync("bash", [OpsFiles.Installer, "--dry-run", "--sandbox", "--root", _root]);

        result.ExitCode.Should().Be(0, OpsFiles.Describe(result));
        result.StandardOutput.Should().ContainAll(
            "== Phase 1", "== Phase 3", "== Phase 4", "== Phase 5", "== Phase 6",
            "would    system user lsats", "would    folder /var/backups/lsats (lsats:lsats 750)", "would    folder /etc/lsats-hub (root:lsats 750)",
            "would    /var/lib/lsats/.pgpass (lsats 600", "would    /etc/lsats-hub/hub.conf (root:lsats 640", "would    /etc/lsats-hub/hub_sandbox.conf",
            "would    publish lsats-run to /opt/lsats-hub/bin", "would    publish lsats-run to /opt/lsats-sandbox/bin",
            "would    role lsats_user", "would    role lsats_readonly", "would    database lsats_db", "would    lsats-run db init", "would    lsats-run db grant-readonly",
            "would    lsats-run db validate", "would    unit /etc/systemd/system/lsats-queue-daemon.service", "would    /etc/logrotate.d/lsats",
            "would    enable lsats-backup.timer", "would    enable lsats-pipeline.timer", "would    enable lsats-health.timer",
            "dry run: nothing changed");
        Directory.GetFileSystemEntries(_root, "*", SearchOption.AllDirectories).Select(Path.GetFileName)
            .Should().BeEquivalentTo("etc", "passwd", "group", "shadow", "gshadow", "login.defs");
    }

    [Fact]
    public async Task An_unknown_option_is_refused_with_exit_code_2()
    {
        var result = await OpsFiles.RunAsync("bash", [OpsFiles.Installer, "--frobnicate"]);

        result.ExitCode.Should().Be(2);
        result.StandardError.Should().Contain("--frobnicate");
    }

    [Fact]
    public async Task Installing_into_a_throwaway_root_completes_and_a_second_run_changes_nothing()
    {
        Environment.UserName.Should().Be("root", "the installer creates users and chowns folders");

        var first = await InstallAsync();
        var hubConf = await File.ReadAllTextAsync(Path.Combine(_root, "etc/lsats-hub/hub.conf"));
        var pgpass = await File.ReadAllTextAsync(Path.Combine(_root, "var/lib/lsats/.pgpass"));
        var pipelineHeld = File.Exists(Path.Combine(_root, "etc/systemd/system/timers.target.wants/lsats-pipeline.timer"));
        foreach (var secret in new[] { "ad_password", "ldap_password", "tdx_beid", "tdx_web_services_key", "um_client_secret" })
        {
            await File.WriteAllTextAsync(Path.Combine(_root, "etc/credstore", secret), "an encrypted credential");
        }

        var withSecrets = await InstallAsync();
        var again = await InstallAsync();

        first.ExitCode.Should().Be(0, OpsFiles.Describe(first));
        first.StandardOutput.Should().Contain("changed  system user lsats").And.Contain("changed  lsats-run db init").And.Contain("ok       lsats-run db validate")
            .And.Contain("held     lsats-pipeline.timer: missing /etc/credstore/ad_password");
        pipelineHeld.Should().BeFalse("a unit whose credentials are missing cannot start");
        withSecrets.ExitCode.Should().Be(0, OpsFiles.Describe(withSecrets));
        withSecrets.StandardOutput.Should().Contain("changed  enable lsats-pipeline.timer").And.EndWith("done: 1 change(s)\n");
        again.ExitCode.Should().Be(0, OpsFiles.Describe(again));
        again.StandardOutput.Should().EndWith("done: 0 change(s)\n").And.NotContain("changed ").And.NotContain("held ");
        (await File.ReadAllTextAsync(Path.Combine(_root, "var/lib/lsats/.pgpass"))).Should().Be(pgpass, "passwords are generated once");

        hubConf.Should().Contain($"DATABASE_URL=postgresql://{AppRole}@127.0.0.1:{PostgresServer.Admin.Port}/{DatabaseName}\n")
            .And.Contain("TDX_BASE_URL=https://teamdynamix.umich.edu/TDWebApi/api").And.Contain("PGPASSFILE=/var/lib/lsats/.pgpass");
        (await File.ReadAllTextAsync(Path.Combine(_root, "etc/lsats-hub/hub_sandbox.conf"))).Should().Contain("TDX_BASE_URL=https://teamdynamix.umich.edu/SBTDWebApi/api");
        pgpass.Should().MatchRegex($@"\*:\d+:{DatabaseName}:{AppRole}:[A-Za-z0-9]{{32}}\n");
        Mode("var/lib/lsats/.pgpass").Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Mode("etc/lsats-hub/hub.conf").Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Mode("var/backups/lsats").Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        Mode("etc/credstore").Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Exists(Path.Combine(_root, "opt/lsats-hub/bin/lsats-run")).Should().BeTrue();
        File.Exists(Path.Combine(_root, "opt/lsats-sandbox/bin/lsats-run")).Should().BeTrue();
        File.Exists(Path.Combine(_root, "etc/logrotate.d/lsats")).Should().BeTrue();
        Directory.GetFiles(Path.Combine(_root, "etc/systemd/system/timers.target.wants")).Select(Path.GetFileName)
            .Should().BeEquivalentTo("lsats-backup.timer", "lsats-pipeline.timer", "lsats-health.timer");
        (await File.ReadAllTextAsync(Path.Combine(_root, "etc/passwd"))).Should().Contain("lsats:x:").And.Contain(":/var/lib/lsats:/usr/sbin/nologin");

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer.Admin.ConnectionString) { Database = DatabaseName }.ConnectionString);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'silver' AND table_type = 'BASE TABLE'")).Should().BeGreaterThanOrEqualTo(28);
        (await connection.ExecuteScalarAsync<string>("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")).Should().Be(AppRole);
        (await connection.ExecuteScalarAsync<bool>($"SELECT has_table_privilege('{ReadonlyRole}', 'silver.users', 'SELECT')")).Should().BeTrue();
        (await connection.ExecuteScalarAsync<bool>($"SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = '{AppRole}'")).Should().BeFalse();
    }

    private Task<CliWrap.Buffered.BufferedCommandResult> InstallAsync() => OpsFiles.RunAsync(
        "bash",
        [OpsFiles.Installer, "--root", _root, "--sandbox", "--publish-from", OpsFiles.RunnerBuildOutput],
        new Dictionary<string, string?>
        {
            ["LSATS_PG_ADMIN_URL"] = Environment.GetEnvironmentVariable(PostgresServer.Variable),
            ["LSATS_DB_HOST"] = PostgresServer.Admin.Host,
            ["LSATS_DB_PORT"] = PostgresServer.Admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LSATS_DB_NAME"] = DatabaseName,
            ["LSATS_APP_ROLE"] = AppRole,
            ["LSATS_READONLY_ROLE"] = ReadonlyRole,
        });

    private UnixFileMode Mode(string relative) => File.GetUnixFileMode(Path.Combine(_root, relative));
}
