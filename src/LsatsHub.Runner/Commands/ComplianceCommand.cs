using System.CommandLine;
using LsatsHub.Compliance.Create;
using LsatsHub.Connectors;
using LsatsHub.Connectors.Sheets;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Runner.Configuration;
using LsatsHub.Runner.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Runner.Commands;

/// <summary>
/// <c>compliance</c>: the monthly compliance outreach over the compliance sheet (docs/compliance.md). <c>create</c> makes one
/// ticket per owner. Every subcommand writes to TDX under the sandbox-first policy (docs/tdx-sync.md).
/// </summary>
internal static class ComplianceCommand
{
    /// <summary>The name of <c>create</c> in meta.tdx_production_dry_runs.</summary>
    internal const string CreatePolicyCommand = "compliance create";

    public static Command Create(RunnerEnvironment environment) =>
        new("compliance", "Monthly compliance outreach over the compliance sheet (Google Sheets or a CSV/XLSX export); docs/compliance.md.")
        {
            CreateSubcommand(environment),
        };

    private static Command CreateSubcommand(RunnerEnvironment environment)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Read the sheet and TDX and report what would be done; write nothing to TDX, the sheet or the ledger." };
        var production = new Option<bool>("--production") { Description = "Allow a production TDX_BASE_URL (after a --dry-run against it in the last 24 h)." };
        var notify = new Option<bool>("--notify") { Description = "Have TDX e-mail each requestor (production only; a sandbox or a dry run never notifies)." };
        var sheetId = new Option<string?>("--sheet-id") { Description = "The Google spreadsheet id (default: $SPREADSHEET_ID)." };
        var tab = new Option<string?>("--tab") { Description = "The month tab, e.g. March (default: $SHEET_NAME)." };
        var file = new Option<FileInfo?>("--file") { Description = "An exported .xlsx, or the month tab's .csv (other tabs beside it); Ticket cells go to FILE.edits.csv." };
        var command = new Command("create", "One TDX ticket per owner of the month tab's pending rows, assets attached, Ticket cells written; never twice (meta.compliance_tickets).")
        {
            dryRun, production, notify, sheetId, tab, file,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(file) is not null && !string.IsNullOrWhiteSpace(result.GetValue(sheetId)))
            {
                result.AddError("--file and --sheet-id exclude each other.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "compliance", logToFile: true, overrides: new Dictionary<string, string>(),
            (session, token) => RunCreateAsync(
                session,
                new CreateArguments(
                    parseResult.GetValue(dryRun), parseResult.GetValue(production), parseResult.GetValue(notify),
                    parseResult.GetValue(sheetId), parseResult.GetValue(tab), parseResult.GetValue(file)?.FullName),
                token),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunCreateAsync(CommandSession session, CreateArguments arguments, CancellationToken cancellationToken)
    {
        var configuration = session.Configuration;
        var output = session.Environment.Out;
        var tab = Blank(arguments.Tab) ?? Blank(configuration["SHEET_NAME"])
            ?? throw new ConfigurationException("No month tab: give --tab (e.g. March) or set SHEET_NAME.");
        TdxOptions tdxOptions;
        ComplianceTicketSettings ticket;
        try
        {
            tdxOptions = TdxOptions.FromConfiguration(configuration);
            ticket = ComplianceTicketSettings.FromConfiguration(configuration);
        }
        catch (ConnectorException exception)
        {
            throw new ConfigurationException(exception.Message, exception);
        }

        var target = TdxWriteTarget.Of(tdxOptions);
        await TdxWriteGate.EnterAsync(session, target, CreatePolicyCommand, arguments.DryRun, arguments.Production, cancellationToken);
        var notify = !arguments.DryRun && target.IsProduction && arguments.Notify;
        await output.WriteLineAsync(
            "notifications: " + (notify ? "ON: TDX e-mails every requestor"
                : arguments.DryRun ? "off (dry run)"
                : !target.IsProduction ? "off (sandbox: real requestors are never notified" + (arguments.Notify ? "; --notify ignored)" : ")")
                : "off (production without --notify)"));

        ISheetSource sheet;
        try
        {
            sheet = SheetSources.Open(configuration, arguments.File is null ? Blank(arguments.SheetId) ?? Blank(configuration["SPREADSHEET_ID"]) : null, arguments.File, tab, session.Environment.Clock);
        }
        catch (ConnectorException exception)
        {
            throw new ConfigurationException(exception.Message, exception);
        }

        try
        {
            await output.WriteLineAsync($"sheet: {sheet.Description}, tab '{tab}'");
            var services = new ServiceCollection();
            services.AddSingleton(configuration);
            services.AddSingleton(session.LoggerFactory);
            services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
            services.AddSingleton(session.Environment.Clock);
            services.AddTdxConnector();
            await using var provider = services.BuildServiceProvider();
            var ledger = new ComplianceLedger(session.DataSource, session.Environment.Clock);
            var workflow = new ComplianceCreateWorkflow(provider.GetRequiredService<TdxClient>(), ledger, session.Logger("lsats-compliance"));
            var scope = new LedgerScope(sheet.Key, tab, target.BaseUrl);
            var options = new ComplianceCreateOptions { Tab = tab, DryRun = arguments.DryRun, Notify = notify, Ticket = ticket, WebRoot = ComplianceCreateOptions.WebRootOf(tdxOptions.BaseUrl) };
            var started = session.Environment.Clock.GetUtcNow();
            ComplianceCreateCounts counts;
            try
            {
                counts = await workflow.RunAsync(sheet, scope, options, cancellationToken);
            }
            catch (ConnectorException exception)
            {
                session.Logger("lsats-compliance").LogError("compliance create failed before any ticket: {Error}", exception.Message);
                await session.Environment.Error.WriteLineAsync("lsats-run: " + Engine.SecretRedactor.Redact(exception.Message, session.Settings.Secrets));
                return ExitCodes.Failed;
            }

            await ledger.RecordRunAsync(scope, CreatePolicyCommand, target.Environment, arguments.DryRun, notify, started, counts, cancellationToken);
            await output.WriteLineAsync((arguments.DryRun ? "dry run: " : string.Empty) + counts);
            if (counts.Failures == 0)
            {
                await TdxWriteGate.CompletedAsync(session, target, CreatePolicyCommand, arguments.DryRun, cancellationToken);
            }

            return counts.Failures > 0 ? ExitCodes.Failed : ExitCodes.Success;
        }
        finally
        {
            (sheet as IDisposable)?.Dispose();
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record CreateArguments(bool DryRun, bool Production, bool Notify, string? SheetId, string? Tab, string? File);
}
