using LsatsHub.TicketQueue.Tdx;

namespace LsatsHub.TicketQueue.Log;

/// <summary>An action's row of <c>meta.daemon_action_log</c> for one ticket.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="ActionId">The action id.</param>
/// <param name="Status"><c>claimed</c>, <c>completed</c>, <c>failed</c> or <c>skipped</c>.</param>
/// <param name="Attempts">Times claimed.</param>
/// <param name="Intents">The writes a claimed attempt was about to make.</param>
public sealed record ActionState(int TicketId, string ActionId, string Status, int Attempts, IReadOnlyList<WriteIntent> Intents)
{
    /// <summary>Completed or skipped: never runs again (unless the action runs every poll).</summary>
    public bool IsDone => Status is "completed" or "skipped";

    /// <summary>Claimed but never completed: the process stopped between claim and completion.</summary>
    public bool IsUnfinished => Status == "claimed";
}
