namespace LsatsHub.Engine.Postgres;

/// <summary>
/// Another session holds the run lock. The message names the holder (its run, backend pid, host and
/// application) as far as the database could tell at the moment of the attempt.
/// </summary>
public sealed class RunLockHeldException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RunLockHeldException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public RunLockHeldException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RunLockHeldException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a lock and what is known about its holder.</summary>
    /// <param name="lockName">The lock.</param>
    /// <param name="holderPid">The holder's backend process id, if it could be read.</param>
    /// <param name="holderRunId">The newest running run, if the run records exist and show one.</param>
    /// <param name="message">The full message.</param>
    internal RunLockHeldException(string lockName, int? holderPid, Guid? holderRunId, string message)
        : base(message)
    {
        LockName = lockName;
        HolderPid = holderPid;
        HolderRunId = holderRunId;
    }

    /// <summary>The lock that is held.</summary>
    public string? LockName { get; }

    /// <summary>The holding backend's process id on the database server, if known.</summary>
    public int? HolderPid { get; }

    /// <summary>The run recorded as running, if any.</summary>
    public Guid? HolderRunId { get; }
}
