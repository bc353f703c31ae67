namespace LsatsHub.Pipelines.TdxSync;

/// <summary>What <see cref="SyncLabTickets"/> did, over all labs.</summary>
internal sealed class LabTicketCounts
{
    /// <summary>Tickets linked to a lab CI (or, in a dry run, that would be).</summary>
    public int Attached { get; set; }

    /// <summary>Tickets already linked.</summary>
    public int Present { get; set; }

    /// <summary>Labs with neither a member nor a computer in TDX.</summary>
    public int Skipped { get; set; }

    /// <summary>Searches that returned as many tickets as they were allowed to (more may exist).</summary>
    public int Capped { get; set; }

    /// <summary>Links or lab reads that failed.</summary>
    public int Failed { get; set; }
}
