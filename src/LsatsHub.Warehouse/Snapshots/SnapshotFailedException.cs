namespace LsatsHub.Warehouse.Snapshots;

/// <summary>The snapshot could not be taken: pg_dump is missing, could not start, or exited non-zero. The message never contains the password.</summary>
public sealed class SnapshotFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SnapshotFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SnapshotFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SnapshotFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a pg_dump that exited non-zero.</summary>
    /// <param name="message">The message.</param>
    /// <param name="exitCode">pg_dump's exit code.</param>
    public SnapshotFailedException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>pg_dump's exit code, when it ran and failed.</summary>
    public int? ExitCode { get; }
}
