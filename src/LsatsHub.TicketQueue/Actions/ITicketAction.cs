namespace LsatsHub.TicketQueue.Actions;

/// <summary>
/// One step of the daemon's chain, run once per ticket of the report (docs/ticket-queue.md). Adding an action is one
/// class deriving from <see cref="TicketAction"/> and one line in <see cref="ActionCatalog"/>. Reads go through
/// <see cref="TicketContext.Tdx"/> and <see cref="TicketContext.Silver"/>; every TDX write goes through
/// <see cref="TicketContext.Tdx"/>, which claims it in the log first and suppresses it in a dry run.
/// </summary>
public interface ITicketAction
{
    /// <summary>The type, e.g. <c>add_asset</c>; the first part of the action id.</summary>
    string Type { get; }

    /// <summary>The version, e.g. <c>v2</c>; the last part of the action id.</summary>
    string Version { get; }

    /// <summary>The parameters that define the action's behaviour (hashed into the id).</summary>
    ActionConfig Config { get; }

    /// <summary>True for an action that runs on every poll regardless of the log (the summary comment).</summary>
    bool RunsEveryPoll { get; }

    /// <summary>Works one ticket.</summary>
    /// <param name="context">The ticket, its report row, the summaries so far and the gateways.</param>
    /// <param name="cancellationToken">Cancelled only when the action must stop now (not on an ordinary SIGTERM, which lets it finish).</param>
    /// <returns>What happened.</returns>
    Task<ActionOutcome> ExecuteAsync(TicketContext context, CancellationToken cancellationToken);
}
