using System.Diagnostics;
using System.Text.Json.Nodes;
using LsatsHub.Connectors.Tdx;
using LsatsHub.TicketQueue.Actions;
using LsatsHub.TicketQueue.Log;
using LsatsHub.TicketQueue.Silver;
using LsatsHub.TicketQueue.Tdx;
using Microsoft.Extensions.Logging;

namespace LsatsHub.TicketQueue;

/// <summary>
/// One poll (docs/ticket-queue.md): read the report, read the log for all its tickets at once (a database that cannot be
/// read ends the poll before anything is written), then per ticket run the chain in order. Each action is claimed in
/// the log before it may write and completed or failed after; a claimed-but-unfinished row from a crashed process is
/// checked against TDX first. A stop request is honoured between actions: the running one finishes and is recorded.
/// </summary>
public sealed class QueuePoller
{
    private readonly TdxClient _tdx;
    private readonly ActionLog _log;
    private readonly SilverLookups _silver;
    private readonly IReadOnlyList<ITicketAction> _chain;
    private readonly QueueOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the poller.</summary>
    public QueuePoller(TdxClient tdx, ActionLog log, SilverLookups silver, IReadOnlyList<ITicketAction> chain, QueueOptions options, TimeProvider clock, ILogger<QueuePoller> logger)
    {
        ArgumentNullException.ThrowIfNull(tdx);
        ArgumentNullException.ThrowIfNull(options);
        _tdx = tdx;
        _log = log;
        _silver = silver;
        _chain = chain;
        _options = options;
        _clock = clock;
        _logger = logger;
        if (!options.DryRun && tdx.Environment == "production" && !options.AllowProduction)
        {
            throw new FormatException(
                $"TDX_BASE_URL ({tdx.Options.BaseUrl}) is production: the daemon writes to production only with {QueueOptions.AllowProductionVariable}=true (run against the sandbox, or with --dry-run, first).");
        }
    }

    /// <summary>The chain with the ids its actions are logged under.</summary>
    public IEnumerable<(ITicketAction Action, ActionIdentity Identity)> Chain => _chain.Select(action => (action, ActionIdentity.Of(action.Type, action.Version, action.Config)));

    /// <summary>Runs one poll.</summary>
    /// <param name="stopping">Cancelled by SIGTERM: no further action starts; the running one finishes within <see cref="QueueOptions.StopGrace"/>.</param>
    /// <returns>What the poll did.</returns>
    public async Task<PollSummary> PollAsync(CancellationToken stopping)
    {
        var started = _clock.GetUtcNow();
        var timer = Stopwatch.StartNew();
        using var hardStop = new CancellationTokenSource();
        await using var onStop = stopping.Register(() => hardStop.CancelAfter(_options.StopGrace));
        var token = hardStop.Token;

        var report = await _tdx.GetReportAsync(_options.ReportId, token).ConfigureAwait(false);
        var rows = (report["DataRows"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var tickets = new List<(int Id, JsonObject Row)>();
        foreach (var row in rows)
        {
            if (TdxFields.Int(row, "TicketID") is { } id)
            {
                tickets.Add((id, row));
            }
            else
            {
                _logger.LogWarning("report {Report}: a row without TicketID was ignored", _options.ReportId);
            }
        }

        var identities = Chain.ToList();
        var states = await _log.ReadAsync([.. tickets.Select(t => t.Id)], token).ConfigureAwait(false);
        int run = 0, skipped = 0, failed = 0, givenUp = 0, writes = 0;
        var stopped = false;
        foreach (var (ticketId, row) in tickets)
        {
            if (stopping.IsCancellationRequested)
            {
                stopped = true;
                break;
            }

            var context = new TicketContext(ticketId, row, null!, _silver, _options.DryRun, _logger);
            foreach (var (action, identity) in identities)
            {
                if (stopping.IsCancellationRequested)
                {
                    stopped = true;
                    break;
                }

                var state = states.GetValueOrDefault((ticketId, identity.ActionId));
                if (state is { IsDone: true } && !action.RunsEveryPoll)
                {
                    skipped++;
                    continue;
                }

                if (state is { Status: "failed" } && state.Attempts >= _options.MaxAttempts)
                {
                    skipped++;
                    givenUp++;
                    continue;
                }

                var guard = new WriteGuard(this, ticketId, identity.ActionId);
                context.Tdx = new TicketTdx(_tdx, guard, _logger);
                if (state is { IsUnfinished: true } && state.Intents.Count > 0)
                {
                    await guard.ReconcileAsync(context.Tdx, state.Intents, token).ConfigureAwait(false);
                }

                if (!_options.DryRun)
                {
                    await _log.ClaimAsync(ticketId, action, identity, token).ConfigureAwait(false);
                }

                ActionOutcome outcome;
                try
                {
                    outcome = await action.ExecuteAsync(context, token).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException && !IsDatabaseFailure(exception))
                {
                    outcome = ActionOutcome.Failed($"{exception.GetType().Name}: {exception.Message}");
                }

                writes += context.Tdx.Writes;
                if (outcome.Summary is { Length: > 0 } summary)
                {
                    context.Summaries.Add(summary);
                }

                if (!_options.DryRun)
                {
                    // Recorded even when a stop was requested meanwhile: the action finished, so its row says so.
                    await _log.FinishAsync(ticketId, identity.ActionId, outcome, CancellationToken.None).ConfigureAwait(false);
                }

                run++;
                if (!outcome.Success)
                {
                    failed++;
                    _logger.LogWarning("ticket {Ticket}: {Action} failed: {Message}", ticketId, identity.ActionId, outcome.Message);
                }
                else
                {
                    _logger.LogDebug("ticket {Ticket}: {Action}: {Message}", ticketId, identity.ActionId, outcome.Message);
                }
            }
        }

        var summaryLine = new PollSummary(_options.ReportId, started, _clock.GetUtcNow(), tickets.Count, run, skipped, failed, givenUp, writes, stopped);
        if (!_options.DryRun)
        {
            await _log.RecordPollAsync(summaryLine, CancellationToken.None).ConfigureAwait(false);
        }

        _logger.LogInformation(
            "poll{DryRun}: report {Report}, {Tickets} ticket(s), actions run {Run}, skipped {Skipped}, failed {Failed}{GivenUp}, TDX writes {Writes}{Stopped} in {Seconds:0.0} s",
            _options.DryRun ? " (dry run)" : string.Empty, _options.ReportId, tickets.Count, run, skipped, failed,
            givenUp > 0 ? $" (left failed after {_options.MaxAttempts} attempts: {givenUp})" : string.Empty,
            _options.DryRun ? $"0 (would write {writes})" : writes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            stopped ? ", stopped early by a stop request" : string.Empty, timer.Elapsed.TotalSeconds);
        return summaryLine;
    }

    private static bool IsDatabaseFailure(Exception exception) => exception is Npgsql.NpgsqlException || exception.InnerException is Npgsql.NpgsqlException;

    private sealed class WriteGuard(QueuePoller poller, int ticketId, string actionId) : IWriteGuard
    {
        private readonly HashSet<WriteIntent> _applied = [];

        public bool DryRun => poller._options.DryRun;

        public bool AlreadyApplied(WriteIntent intent) => _applied.Contains(intent);

        public Task RecordAsync(WriteIntent intent, CancellationToken cancellationToken) =>
            poller._log.RecordIntentAsync(ticketId, actionId, intent, cancellationToken);

        public async Task AfterWriteAsync(WriteIntent intent, CancellationToken cancellationToken)
        {
            if (poller._options.HoldAfterWriteFile is not { } file)
            {
                return;
            }

            // Test hook only: announce the write and hold until the test kills the process (bounded, in case it does not).
            await File.WriteAllTextAsync(file, $"{intent.Kind} {intent.TicketId} {intent.Target}", CancellationToken.None).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMinutes(5), poller._clock, CancellationToken.None).ConfigureAwait(false);
        }

        public async Task ReconcileAsync(TicketTdx tdx, IReadOnlyList<WriteIntent> intents, CancellationToken cancellationToken)
        {
            foreach (var intent in intents)
            {
                if (await tdx.HasAsync(intent, cancellationToken).ConfigureAwait(false))
                {
                    _applied.Add(intent);
                }
            }

            poller._logger.LogWarning(
                "ticket {Ticket}: {Action} was claimed but never completed (the daemon stopped mid-action); {Found} of its {Count} write(s) are in TDX and will not be sent again",
                ticketId, actionId, _applied.Count, intents.Count);
        }
    }
}
