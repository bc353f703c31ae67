namespace LsatsHub.Connectors.Tdx;

/// <summary>
/// The sandbox-first rule every command that writes to TDX obeys (docs/tdx-sync.md): a sandbox is always writable; a
/// production base URL is written to only when the operator says <c>--production</c> AND the same command completed a
/// <c>--dry-run</c> against production less than <see cref="DryRunValidity"/> ago. A dry run is always allowed: it is how
/// the operator earns the right to the live run.
/// </summary>
public static class TdxWritePolicy
{
    /// <summary>How long a completed production dry run vouches for the live run of the same command.</summary>
    public static readonly TimeSpan DryRunValidity = TimeSpan.FromHours(24);

    /// <summary>Why the command may not run, or null when it may.</summary>
    /// <param name="command">The command, e.g. <c>tdx.lab_cis</c> or <c>queue run</c>.</param>
    /// <param name="target">The tenant.</param>
    /// <param name="dryRun">True when nothing will be written.</param>
    /// <param name="production">True when <c>--production</c> was given.</param>
    /// <param name="lastProductionDryRun">When the same command last completed a dry run against production; null: never.</param>
    /// <param name="now">The current time.</param>
    /// <returns>A message naming what to do, or null.</returns>
    public static string? Refusal(string command, TdxWriteTarget target, bool dryRun, bool production, DateTimeOffset? lastProductionDryRun, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (dryRun || !target.IsProduction)
        {
            return null;
        }

        if (!production)
        {
            return $"TDX_BASE_URL ({target.BaseUrl}) is production: '{command}' writes to production only with --production "
                + "(run it against the sandbox first, then with --dry-run against production, then with --production).";
        }

        if (lastProductionDryRun is not { } last)
        {
            return $"'{command}' has never completed a --dry-run against production ({target.BaseUrl}): run it with --dry-run first; "
                + $"the live run is allowed for {DryRunValidity.TotalHours:0} h after it.";
        }

        var age = now - last;
        return age > DryRunValidity || age < TimeSpan.Zero
            ? $"'{command}' last completed a --dry-run against production at {last:u}, {age.TotalHours:0.#} h ago (more than {DryRunValidity.TotalHours:0} h): run it with --dry-run again first."
            : null;
    }
}
