using System.CommandLine;
using System.Globalization;
using LsatsHub.Compliance.Outreach;
using LsatsHub.Connectors;
using LsatsHub.Connectors.Tdx;
using LsatsHub.Engine.Postgres;
using LsatsHub.Runner.Configuration;
using LsatsHub.Runner.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LsatsHub.Runner.Commands.Compliance;

/// <summary>
/// <c>compliance second</c> and <c>compliance third</c>: the second and third outreach over the tickets of the
/// "Unified List Mgmt - Awaiting Input" report (docs/compliance.md). Under the sandbox-first policy (docs/tdx-sync.md);
/// each ticket gets each outreach at most once per minimum interval (<c>meta.compliance_outreach</c>).
/// </summary>
internal static class ComplianceOutreachCommand
{
    /// <summary>The variable holding the report id (default 31623).</summary>
    public const string ReportVariable = "LSATS_COMPLIANCE_REPORT_ID";

    /// <summary>The variable holding the minimum interval (default 7d).</summary>
    public const string IntervalVariable = "LSATS_COMPLIANCE_MIN_INTERVAL";

    /// <summary>The command's name in <c>meta.tdx_production_dry_runs</c>.</summary>
    public static string PolicyCommand(OutreachKind kind) => "compliance " + OutreachOptions.Name(kind);

    public static Command Create(RunnerEnvironment environment, OutreachKind kind)
    {
        var name = OutreachOptions.Name(kind);
        var dryRun = new Option<bool>("--dry-run") { Description = "Read TDX and the outreach log and say what would be sent; write nothing to TDX or the log." };
        var production = new Option<bool>("--production")
        {
            Description = "Allow writes to a production TDX base URL; needs a --dry-run of the same command against production in the last 24 h (docs/tdx-sync.md).",
        };
        var reportId = new Option<int?>("--report-id") { Description = $"The TDX report whose rows are the tickets (default: ${ReportVariable}, else {OutreachOptions.DefaultReportId})." };
        var interval = new Option<string?>("--min-interval")
        {
            Description = $"Send a ticket this outreach at most once per this long: 7d, 36h, 90m (default: ${IntervalVariable}, else 7d).",
        };
        var command = new Command(
            name,
            kind == OutreachKind.Second
                ? "Second outreach: re-post each awaiting ticket's description as a communication to its requestor (nobody is notified in the sandbox)."
                : "Third outreach: escalate each awaiting ticket, adding the chief administrators and financial owners of its computers as contacts (nobody is notified in the sandbox).")
        {
            dryRun, production, reportId, interval,
        };
        var extra = kind == OutreachKind.Third ? ComplianceUnitAssignments.AddOptions(command) : null;
        command.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "compliance-" + name, logToFile: true, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                var options = Options(session.Configuration, kind, parseResult.GetValue(reportId), parseResult.GetValue(interval), parseResult.GetValue(dryRun));
                TdxWriteTarget target;
                try
                {
                    target = TdxWriteTarget.Of(TdxOptions.FromConfiguration(session.Configuration));
                }
                catch (ConnectorException exception)
                {
                    throw new ConfigurationException(exception.Message, exception);
                }

                await TdxWriteGate.EnterAsync(session, target, PolicyCommand(kind), options.DryRun, parseResult.GetValue(production), token);
                var logger = session.Logger("lsats-compliance");
                try
                {
                    var assignments = extra is null ? null : await extra.LoadAsync(session, parseResult, logger, token);
                    var summary = await RunAsync(session, options, assignments, logger, token);
                    await session.Environment.Out.WriteLineAsync(summary.Describe(options.KindName, options.DryRun));
                    if (summary.Failed > 0)
                    {
                        return ExitCodes.Failed;
                    }

                    await TdxWriteGate.CompletedAsync(session, target, PolicyCommand(kind), options.DryRun, token);
                    return ExitCodes.Success;
                }
                catch (ConnectorException exception)
                {
                    logger.LogError("compliance {Kind} failed: {Error}", name, exception.Message);
                    await session.Environment.Error.WriteLineAsync("lsats-run: " + Engine.SecretRedactor.Redact(exception.Message, session.Settings.Secrets));
                    return ExitCodes.Failed;
                }
            },
            cancellationToken));
        return command;
    }

    internal static OutreachOptions Options(IConfiguration configuration, OutreachKind kind, int? reportId, string? interval, bool dryRun)
    {
        try
        {
            var report = reportId ?? (configuration[ReportVariable] is { Length: > 0 } text
                ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
                : OutreachOptions.DefaultReportId);
            var minInterval = (interval ?? configuration[IntervalVariable]) is { Length: > 0 } span ? OutreachOptions.ParseInterval(span) : OutreachOptions.DefaultMinInterval;
            return new OutreachOptions(kind, report, minInterval, dryRun);
        }
        catch (FormatException exception)
        {
            throw new ConfigurationException($"{ReportVariable}/{IntervalVariable}: {exception.Message}", exception);
        }
    }

    private static async Task<OutreachSummary> RunAsync(CommandSession session, OutreachOptions options, UnitAssignments? assignments, ILogger logger, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddSingleton(session.Configuration);
        services.AddSingleton(session.LoggerFactory);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
        services.AddSingleton(session.Environment.Clock);
        services.AddTdxConnector();
        await using var provider = services.BuildServiceProvider();
        var log = new OutreachLog(session.DataSource);

        // A live run holds the kind's lock, so an open claim it finds was left by a run that ended.
        await using var lease = options.DryRun ? null : await log.TryLockAsync(options.Kind, cancellationToken)
            ?? throw new RunLockHeldException($"another 'compliance {options.KindName}' run is working; nothing was sent.");
        var outreach = new ComplianceOutreach(provider.GetRequiredService<TdxClient>(), log, assignments, options, session.Environment.Clock, logger);
        return await outreach.RunAsync(cancellationToken);
    }
}
