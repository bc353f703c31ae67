namespace LsatsHub.TicketQueue.Log;

/// <summary>What one poll did: the one line the daemon logs per poll, and its row of <c>meta.daemon_polls</c>.</summary>
/// <param name="ReportId">The report polled.</param>
/// <param name="StartedAt">When the poll began.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="TicketsSeen">Tickets in the report.</param>
/// <param name="Run">Actions whose body ran.</param>
/// <param name="Skipped">Actions already done (or given up after the attempt limit).</param>
/// <param name="Failed">Actions that failed this poll.</param>
/// <param name="GivenUp">Of the skipped, those left failed because they reached the attempt limit.</param>
/// <param name="Writes">TDX writes made (or, in a dry run, that would have been made).</param>
/// <param name="Stopped">True when a stop request ended the poll early.</param>
public sealed record PollSummary(int ReportId, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int TicketsSeen, int Run, int Skipped, int Failed, int GivenUp, int Writes, bool Stopped);
