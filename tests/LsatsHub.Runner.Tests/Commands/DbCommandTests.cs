using Dapper;
using LsatsHub.Runner.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Runner.Tests.Commands;

public sealed class DbCommandTests : IAsyncLifetime
{
    private readonly string _readonlyRole = $"ro_{Guid.NewGuid():N}"[..20];
    private RunnerHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await RunnerHarness.CreateAsync("dbcmd", initialise: false);
        _harness.Variables["LSATS_READONLY_ROLE"] = _readonlyRole;
        _harness.Variables["LSATS_APP_ROLE"] = "lsats_test";
    }

    public async Task DisposeAsync()
    {
        await using (var connection = await _harness.Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"""
                DO $$ BEGIN
                  IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{_readonlyRole}') THEN
                    EXECUTE 'DROP OWNED BY {_readonlyRole}';
                    EXECUTE 'DROP ROLE {_readonlyRole}';
                  END IF;
                END $$;
                """);
        }

        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task Init_then_grant_then_validate_passes_and_init_can_be_repeated()
    {
        var first = await _harness.InvokeAsync("db", "init");
        var second = await _harness.InvokeAsync("db", "init");
        var grant = await _harness.InvokeAsync("db", "grant-readonly");
        var validate = await _harness.InvokeAsync("db", "validate");

        first.ExitCode.Should().Be(0, first.Error);
        first.Output.Should().ContainAll("production_init.sql", "production_schema.sql", "silver_views.sql");
        second.ExitCode.Should().Be(0, second.Error);
        grant.ExitCode.Should().Be(0, grant.Error);
        validate.ExitCode.Should().Be(0, validate.Output);
    }

    [Fact]
    public async Task Init_logs_what_it_applied_not_the_schema_text()
    {
        var result = await _harness.InvokeAsync("db", "init");

        result.ExitCode.Should().Be(0, result.Error);
        var log = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(_harness.Folder, "logs"), "*db-init*.log").Single());
        log.Should().Contain("Applied production_schema.sql");
        log.Should().NotContain("CREATE TABLE", "the driver's per-command log lines would copy the whole DDL into every init's log");
    }

    [Fact]
    public async Task Migrate_before_init_fails_and_after_a_fresh_init_has_nothing_to_run()
    {
        var before = await _harness.InvokeAsync("db", "migrate");
        var init = await _harness.InvokeAsync("db", "init");
        var migrate = await _harness.InvokeAsync("db", "migrate");

        before.ExitCode.Should().Be(1);
        before.Error.Should().Contain("lsats-run db init");
        init.ExitCode.Should().Be(0, init.Error);
        init.Output.Should().Contain("recorded migrations/0001_schema_facts_and_indexes.sql as applied (contained in the baseline)");
        migrate.ExitCode.Should().Be(0, migrate.Error);
        migrate.Output.Should().Contain("0 migration(s) applied, ").And.NotContain("applied migrations/");
    }

    [Fact]
    public async Task Validate_on_an_empty_database_fails_with_exit_code_1_and_a_table()
    {
        var validate = await _harness.InvokeAsync("db", "validate");

        validate.ExitCode.Should().Be(1);
        validate.Output.Should().Contain("FAIL");
    }

    [Fact]
    public async Task Run_on_an_uninitialised_database_exits_4_and_says_db_init()
    {
        _harness.Steps.Add(TestStep.Bronze("bronze.tdx.users"));

        var run = await _harness.InvokeAsync("run", "--no-snapshot");

        run.ExitCode.Should().Be(4);
        run.Error.Should().Contain("db init");
    }
}
