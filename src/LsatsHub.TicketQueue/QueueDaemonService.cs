using LsatsHub.Connectors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LsatsHub.TicketQueue;

/// <summary>
/// The long-running daemon (systemd <c>lsats-queue-daemon.service</c>, <c>Type=notify</c>): poll, sleep the interval, repeat.
/// A poll that fails (TDX or the database unreachable) is logged and the next one comes after the interval; SIGTERM lets
/// the running action finish and be recorded, then the host stops with exit 0.
/// </summary>
public sealed class QueueDaemonService : BackgroundService
{
    private readonly QueuePoller _poller;
    private readonly QueueOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    public QueueDaemonService(QueuePoller poller, QueueOptions options, TimeProvider clock, ILogger<QueueDaemonService> logger)
    {
        _poller = poller;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _logger.LogInformation("ticket-queue daemon started: report {Report}, every {Interval} s after each poll{DryRun}",
            _options.ReportId, _options.Interval.TotalSeconds, _options.DryRun ? ", dry run (nothing is written)" : string.Empty);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _poller.PollAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is ConnectorException or NpgsqlException or TimeoutException or InvalidOperationException)
            {
                _logger.LogError("poll failed, nothing more done this poll: {Error}", exception.Message);
            }
#pragma warning disable CA1031 // A daemon outlives one bad poll: log it and try again; polls that keep failing show in health (no poll recorded).
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _logger.LogError(exception, "poll failed unexpectedly, nothing more done this poll: {Error}", exception.Message);
            }

            try
            {
                await Task.Delay(_options.Interval, _clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _logger.LogInformation("ticket-queue daemon stopped");
    }
}
