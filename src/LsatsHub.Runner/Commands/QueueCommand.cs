using System.CommandLine;
using LsatsHub.Connectors;
using LsatsHub.Runner.Configuration;
using LsatsHub.Runner.Hosting;
using LsatsHub.TicketQueue;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.Runner.Commands;

/// <summary>
/// <c>queue run</c>: the ticket-queue daemon (docs/ticket-queue.md). <c>--once</c> (the default) polls once and exits;
/// <c>--daemon</c> runs as a hosted service under systemd (<c>Type=notify</c>) until SIGTERM, which lets the running action
/// finish and be recorded and exits 0.
/// </summary>
internal static class QueueCommand
{
    /// <summary>How long the host waits for the running action after SIGTERM; inside the unit's TimeoutStopSec=90.</summary>
    internal static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(75);

    public static Command Create(RunnerEnvironment environment)
    {
        var daemon = new Option<bool>("--daemon") { Description = "Poll forever, sleeping $DAEMON_INTERVAL seconds after each poll (the systemd unit runs this)." };
        var once = new Option<bool>("--once") { Description = "Poll once and exit (the default): 0 when every action succeeded, 1 when one failed." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read TDX and the warehouse, log what would be done; write nothing to TDX, the action log or the poll record." };
        var reportId = new Option<int?>("--report-id") { Description = "The TDX report whose rows are the tickets (default: $DAEMON_REPORT_ID)." };
        var interval = new Option<int?>("--interval") { Description = "Seconds to sleep after each poll in --daemon mode (default: $DAEMON_INTERVAL, else 300)." };
        var run = new Command("run", "Work the tickets of the TDX report through the configured chain of actions ($LSATS_QUEUE_ACTIONS), each action once per ticket.")
        {
            daemon, once, dryRun, reportId, interval,
        };
        run.Validators.Add(result =>
        {
            if (result.GetValue(daemon) && result.GetValue(once))
            {
                result.AddError("--daemon and --once exclude each other.");
            }
        });
        run.SetAction((parseResult, cancellationToken) => CommandExecution.RunAsync(
            environment, parseResult, "queue", logToFile: true, overrides: new Dictionary<string, string>(),
            async (session, token) =>
            {
                QueueOptions options;
                try
                {
                    options = QueueOptions.From(session.Configuration, parseResult.GetValue(reportId), parseResult.GetValue(interval), parseResult.GetValue(dryRun));
                }
                catch (FormatException exception)
                {
                    throw new ConfigurationException(exception.Message, exception);
                }

                try
                {
                    return parseResult.GetValue(daemon) ? await RunDaemonAsync(session, options, token) : await RunOnceAsync(session, options, token);
                }
                catch (FormatException exception)
                {
                    throw new ConfigurationException(exception.Message, exception);
                }
                catch (ConnectorException exception)
                {
                    session.Logger("lsats-queue").LogError("poll failed: {Error}", exception.Message);
                    session.Environment.Error.WriteLine("lsats-run: " + Engine.SecretRedactor.Redact(exception.Message, session.Settings.Secrets));
                    return ExitCodes.Failed;
                }
            },
            cancellationToken,
            informational: true));
        return new Command("queue", "The ticket-queue daemon: works a TDX report's tickets, each action once per ticket (meta.daemon_action_log).") { run };
    }

    private static async Task<int> RunOnceAsync(CommandSession session, QueueOptions options, CancellationToken cancellationToken)
    {
        await using var services = Services(session, options).BuildServiceProvider();
        var summary = await Poller(services).PollAsync(cancellationToken);
        return summary.Failed > 0 ? ExitCodes.Failed : ExitCodes.Success;
    }

    private static async Task<int> RunDaemonAsync(CommandSession session, QueueOptions options, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        foreach (var service in Services(session, options))
        {
            builder.Services.Add(service);
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(console => console.SuppressStatusMessages = true);

        // Type=notify: READY=1 once started, STOPPING=1 on SIGTERM. Outside systemd the console lifetime handles SIGTERM/Ctrl-C.
        builder.Services.AddSystemd();
        builder.Services.AddHostedService(sp => new QueueDaemonService(
            sp.GetRequiredService<QueuePoller>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<QueueDaemonService>>()));

        // Fail before READY=1 when the chain or the TDX options are wrong, so systemd sees a failed start.
        using var host = builder.Build();
        _ = Poller(host.Services);
        await host.RunAsync(cancellationToken);
        return ExitCodes.Success;
    }

    /// <summary>The poller; missing or malformed TDX settings are a configuration error (exit 2), not a failed poll.</summary>
    private static QueuePoller Poller(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<QueuePoller>();
        }
        catch (ConnectorException exception)
        {
            throw new ConfigurationException(exception.Message, exception);
        }
    }

    private static ServiceCollection Services(CommandSession session, QueueOptions options)
    {
        var services = new ServiceCollection();
        services.AddSingleton(session.Configuration);
        services.AddSingleton(session.LoggerFactory);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
        services.AddSingleton(session.Environment.Clock);
        services.AddSingleton<NpgsqlDataSource>(_ => session.DataSource);
        services.AddTicketQueue(options);
        return services;
    }
}
