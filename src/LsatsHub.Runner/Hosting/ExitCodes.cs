namespace LsatsHub.Runner.Hosting;

/// <summary>The process exit codes, documented in <c>--help</c> and the README.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run finished but a step failed, or a check (validate, health) failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments, selection, configuration or step graph: nothing was run.</summary>
    public const int UsageError = 2;

    /// <summary>Another run holds the run lock: nothing was run.</summary>
    public const int LockHeld = 3;

    /// <summary>The warehouse is unreachable or not initialised (run <c>lsats-run db init</c>).</summary>
    public const int DatabaseUnavailable = 4;

    /// <summary>Stopped by SIGTERM or Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    public static string Describe() =>
        """
        Exit codes:
          0    success
          1    a step failed, a check (validate, health) failed, or a backup or restore failed
          2    bad arguments, selection, configuration or step graph; nothing ran
          3    another run holds the run lock; nothing ran
          4    the database is unreachable or not initialised (run 'lsats-run db init')
          130  cancelled by SIGTERM or Ctrl-C
        """;
}
