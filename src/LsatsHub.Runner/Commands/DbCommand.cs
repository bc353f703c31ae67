using System.CommandLine;
using LsatsHub.Runner.Hosting;
using LsatsHub.Warehouse;
using LsatsHub.Warehouse.Roles;
using LsatsHub.Warehouse.Schema;
using LsatsHub.Warehouse.Validation;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Runner.Commands;

/// <summary><c>db init | grant-readonly | validate</c>: build, open up and prove the warehouse schema.</summary>
internal static class DbCommand
{
    public static Command Create(RunnerEnvironment environment)
    {
        var sqlFolder = new Option<DirectoryInfo?>("--sql-dir") { Description = "Folder with production_init.sql, production_schema.sql, views/ and roles.sql (default: the one shipped beside lsats-run).", Recursive = true };
        var command = new Command("db", "Build, open up and validate the warehouse schema.") { sqlFolder };
        command.Subcommands.Add(Init(environment, sqlFolder));
        command.Subcommands.Add(GrantReadonly(environment, sqlFolder));
        command.Subcommands.Add(Validate(environment));
        return command;
    }

    private static Command Init(RunnerEnvironment environment, Option<DirectoryInfo?> sqlFolder)
    {
        var command = new Command("init", "Apply production_init.sql, production_schema.sql and views/silver_views.sql in one transaction (an error leaves the database as it was); safe to repeat.");
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "db-init", logToFile: true, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var files = SqlFileSet.Locate(parseResult.GetValue(sqlFolder)?.FullName);
                var installer = new SchemaInstaller(session.DataSource, files, session.LoggerFactory.CreateLogger<SchemaInstaller>());
                return await ReportWarehouseErrorsAsync(session, async () =>
                {
                    var result = await installer.InitAsync(token);
                    foreach (var file in result.Files)
                    {
                        session.Environment.Out.WriteLine($"applied {file.RelativePath} ({file.StatementCount} statements)");
                    }

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
