using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.TicketQueue;

/// <summary>
/// How the daemon runs (docs/ticket-queue.md): the report (<c>DAEMON_REPORT_ID</c>), the pause after each poll
/// (<c>DAEMON_INTERVAL</c> seconds, default 300), the attempt limit of a failing action (<c>LSATS_QUEUE_MAX_ATTEMPTS</c>,
/// default 5), whether writes to a production TDX are allowed (<c>LSATS_QUEUE_ALLOW_PRODUCTION</c>, default false), and
/// the dry run.
/// </summary>
public sealed record QueueOptions
{
    /// <summary>The report variable (the seed's name).</summary>
    public const string ReportVariable = "DAEMON_REPORT_ID";

    /// <summary>The interval variable (the seed's name).</summary>
    public const string IntervalVariable = "DAEMON_INTERVAL";

    /// <summary>The attempt-limit variable.</summary>
    public const string MaxAttemptsVariable = "LSATS_QUEUE_MAX_ATTEMPTS";

    /// <summary>The production-writes switch.</summary>
    public const string AllowProductionVariable = "LSATS_QUEUE_ALLOW_PRODUCTION";

    /// <summary>Test hook: after each TDX write, create this file and hold (so a test can kill the process there).</summary>
    public const string HoldAfterWriteVariable = "LSATS_QUEUE_TEST_HOLD_AFTER_WRITE";

    /// <summary>The TDX report whose rows are the tickets.</summary>
    public required int ReportId { get; init; }

    /// <summary>Pause after each poll.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Times a failing action is tried before it is left failed.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>True when nothing may be written anywhere (TDX, the log, the poll record).</summary>
    public bool DryRun { get; init; }

    /// <summary>True when writes to a production TDX base URL are allowed.</summary>
    public bool AllowProduction { get; init; }

    /// <summary>How long an action may still run after a stop request before it is cancelled (inside the unit's 90 s stop timeout).</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>See <see cref="HoldAfterWriteVariable"/>; null in production.</summary>
    public string? HoldAfterWriteFile { get; init; }

    /// <summary>Reads the options; command-line values (when given) win.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="reportId">--report-id.</param>
    /// <param name="intervalSeconds">--interval.</param>
    /// <param name="dryRun">--dry-run.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FormatException">Missing or malformed; the message names the variable.</exception>
    public static QueueOptions From(IConfiguration configuration, int? reportId, int? intervalSeconds, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var report = reportId ?? Positive(configuration, ReportVariable)
            ?? throw new FormatException($"{ReportVariable} is not set: give the TDX report whose rows are the tickets to work (or --report-id).");
        if (report <= 0)
        {
            throw new FormatException($"The report id must be a positive integer, not {report}.");
        }

        var interval = intervalSeconds ?? Positive(configuration, IntervalVariable) ?? 300;
        if (interval <= 0)
        {
            throw new FormatException($"The interval must be a positive number of seconds, not {interval}.");
        }

        return new QueueOptions
        {
            ReportId = report,
            Interval = TimeSpan.FromSeconds(interval),
            MaxAttempts = Positive(configuration, MaxAttemptsVariable) ?? 5,
            DryRun = dryRun,
            AllowProduction = configuration[AllowProductionVariable]?.Trim().ToLowerInvariant() is "true" or "1" or "yes",
            HoldAfterWriteFile = string.IsNullOrWhiteSpace(configuration[HoldAfterWriteVariable]) ? null : configuration[HoldAfterWriteVariable],
        };
    }

    private static int? Positive(IConfiguration configuration, string variable)
    {
        if (configuration[variable]?.Trim() is not { Length: > 0 } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new FormatException($"{variable} must be a positive whole number, not '{text}'.");
    }
}
