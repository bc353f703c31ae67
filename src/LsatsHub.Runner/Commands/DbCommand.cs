using System.CommandLine;
using LsatsHub.Runner.Hosting;
using LsatsHub.Warehouse;
using LsatsHub.Warehouse.Roles;
using LsatsHub.Warehouse.Schema;
using LsatsHub.Warehouse.Validation;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Runner.Commands;

/// <summary><c>db init | migrate | grant-readonly | validate</c>: build, change, open up and prove the warehouse schema.</summary>
internal static class DbCommand
{
    public static Command Create(RunnerEnvironment environment)
    {
        var sqlFolder = new Option<DirectoryInfo?>("--sql-dir") { Description = "Folder with production_init.sql, production_schema.sql, views/ and roles.sql (default: the one shipped beside lsats-run).", Recursive = true };
        var command = new Command("db", "Build, open up and validate the warehouse schema.") { sqlFolder };
        command.Subcommands.Add(Init(environment, sqlFolder));
        command.Subcommands.Add(Migrate(environment, sqlFolder));
        command.Subcommands.Add(GrantReadonly(environment, sqlFolder));
        command.Subcommands.Add(Validate(environment));
        return command;
    }

    private static Command Init(RunnerEnvironment environment, Option<DirectoryInfo?> sqlFolder)
    {
        var command = new Command("init", "Apply production_init.sql, production_schema.sql and views/silver_views.sql in one transaction (an error leaves the database as it was); safe to repeat. On a fresh database the files of sql/migrations are recorded as applied (the baseline holds them); on an existing one they are listed if pending.");
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "db-init", logToFile: true, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var files = SqlFileSet.Locate(parseResult.GetValue(sqlFolder)?.FullName);
                var installer = new SchemaInstaller(session.DataSource, files, session.LoggerFactory.CreateLogger<SchemaInstaller>(), session.Environment.Clock);
                return await ReportWarehouseErrorsAsync(session, async () =>
                {
                    var result = await installer.InitAsync(token);
                    foreach (var file in result.Files)
                    {
                        session.Environment.Out.WriteLine($"applied {file.RelativePath} ({file.StatementCount} statements)");
                    }

                    foreach (var migration in result.BaselinedMigrations)
                    {
                        session.Environment.Out.WriteLine($"recorded migrations/{migration} as applied (contained in the baseline)");
                    }

                    if (result.PendingMigrations.Count > 0)
                    {
                        session.Environment.Out.WriteLine(
                            $"{result.PendingMigrations.Count} migration(s) not yet applied: {string.Join(", ", result.PendingMigrations)}; run 'lsats-run db migrate'");
                    }

                    return ExitCodes.Success;
                });
            },
            cancellationToken));
        return command;
    }

    private static Command Migrate(RunnerEnvironment environment, Option<DirectoryInfo?> sqlFolder)
    {
        var command = new Command(
            "migrate",
            "Run the files of sql/migrations that meta.schema_migrations does not list, in file-name order, each in its own transaction with its record; safe to repeat. A changed applied file is an error.");
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "db-migrate", logToFile: true, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var files = SqlFileSet.Locate(parseResult.GetValue(sqlFolder)?.FullName);
                var migrator = new SchemaMigrator(session.DataSource, files, session.Environment.Clock, session.LoggerFactory.CreateLogger<SchemaMigrator>());
                return await ReportWarehouseErrorsAsync(session, async () =>
                {
                    var result = await migrator.MigrateAsync(token);
                    foreach (var file in result.Applied)
                    {
                        session.Environment.Out.WriteLine($"applied {file.RelativePath} ({file.StatementCount} statements)");
                    }

                    session.Environment.Out.WriteLine($"{result.Applied.Count} migration(s) applied, {result.AlreadyApplied} already applied");
                    return ExitCodes.Success;
                });
            },
            cancellationToken));
        return command;
    }

    private static Command GrantReadonly(RunnerEnvironment environment, Option<DirectoryInfo?> sqlFolder)
    {
        var command = new Command(
            "grant-readonly",
            "Create the read-only role if missing and grant it SELECT on bronze, silver and meta (roles from LSATS_READONLY_ROLE, LSATS_APP_ROLE; optional LSATS_READONLY_PASSWORD gives it LOGIN). Needs the database owner or a superuser.");
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "db-grant", logToFile: true, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var files = SqlFileSet.Locate(parseResult.GetValue(sqlFolder)?.FullName);
                var granter = new ReadonlyRoleGranter(session.DataSource, files, session.LoggerFactory.CreateLogger<ReadonlyRoleGranter>());
                var options = new ReadonlyRoleOptions(
                    ReadonlyRoleName(session),
                    session.Configuration["LSATS_APP_ROLE"] is { Length: > 0 } app ? app : "lsats_user",
                    session.Settings.Database.Database ?? "lsats_db",
                    session.Configuration["LSATS_READONLY_PASSWORD"] is { Length: > 0 } password ? password : null);
                return await ReportWarehouseErrorsAsync(session, async () =>
                {
                    await granter.GrantAsync(options, token);
                    session.Environment.Out.WriteLine($"granted read-only access on {options.Database} to {options.ReadonlyRole} (default privileges for tables {options.AppRole} creates)");
                    return ExitCodes.Success;
                });
            },
            cancellationToken));
        return command;
    }

    private static Command Validate(RunnerEnvironment environment)
    {
        var command = new Command("validate", "Check the warehouse against the production plan: schemas, the 28 silver tables, views, no legacy artefacts, empty gold, a read-only role that cannot write.");
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "db-validate", logToFile: false, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var validator = new SchemaValidator(session.DataSource, session.LoggerFactory.CreateLogger<SchemaValidator>());
                var report = await validator.ValidateAsync(new ValidationOptions(ReadonlyRoleName(session)), token);
                session.Environment.Out.WriteLine(ValidationReportRenderer.Render(report));
                return report.AllPassed ? ExitCodes.Success : ExitCodes.Failed;
            },
            cancellationToken));
        return command;
    }

    private static string ReadonlyRoleName(CommandSession session) =>
        session.Configuration["LSATS_READONLY_ROLE"] is { Length: > 0 } role ? role : "lsats_readonly";

    private static async Task<int> ReportWarehouseErrorsAsync(CommandSession session, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (WarehouseException exception)
        {
            session.Environment.Error.WriteLine("lsats-run: " + Engine.SecretRedactor.Redact(exception.Message, session.Settings.Secrets));
            return ExitCodes.Failed;
        }
    }
}
