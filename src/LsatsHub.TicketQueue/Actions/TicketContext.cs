using System.Text.Json.Nodes;
using LsatsHub.TicketQueue.Silver;
using LsatsHub.TicketQueue.Tdx;
using Microsoft.Extensions.Logging;

namespace LsatsHub.TicketQueue.Actions;

/// <summary>One ticket as the chain works it: fresh for every ticket of every poll.</summary>
public sealed class TicketContext
{
    internal TicketContext(int ticketId, JsonObject row, TicketTdx tdx, SilverLookups silver, bool dryRun, ILogger logger)
    {
        TicketId = ticketId;
        Row = row;
        Tdx = tdx;
        Silver = silver;
        DryRun = dryRun;
        Logger = logger;
    }

    /// <summary>The TDX ticket id.</summary>
    public int TicketId { get; }

    /// <summary>The ticket's row of the report.</summary>
    public JsonObject Row { get; }

    /// <summary>Summary lines of the actions so far, for the summary comment.</summary>
    public List<string> Summaries { get; } = [];

    /// <summary>TDX reads and the guarded writes.</summary>
    public TicketTdx Tdx { get; internal set; }

    /// <summary>Lookups in the silver tables.</summary>
    public SilverLookups Silver { get; }

    /// <summary>True when nothing may be written anywhere.</summary>
    public bool DryRun { get; }

    /// <summary>The daemon's logger.</summary>
    public ILogger Logger { get; }
}
