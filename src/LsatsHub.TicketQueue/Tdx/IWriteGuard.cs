namespace LsatsHub.TicketQueue.Tdx;

/// <summary>What stands between an action and a TDX write: the dry run, the claim in the log, the crash check.</summary>
internal interface IWriteGuard
{
    /// <summary>True when writes are only logged.</summary>
    bool DryRun { get; }

    /// <summary>True when TDX already has this write (found after a crash); it is not sent again.</summary>
    bool AlreadyApplied(WriteIntent intent);

    /// <summary>Records the intent in the claimed log row; throws when the database cannot, so nothing is written.</summary>
    Task RecordAsync(WriteIntent intent, CancellationToken cancellationToken);

    /// <summary>Called after a write reached TDX, before the log row is completed (a test hook may hold the process here).</summary>
    Task AfterWriteAsync(WriteIntent intent, CancellationToken cancellationToken);
}
