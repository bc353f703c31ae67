using System.Globalization;
using System.Text.RegularExpressions;

namespace LsatsHub.Warehouse.Operations;

/// <summary>
/// Deletes the runner's own per-invocation log files (<c>lsats-run_&lt;yyyyMMdd_HHmmss&gt;_&lt;command&gt;_&lt;pid&gt;.log</c>,
/// also after logrotate's compression) older than the retention, judged by the time in their name.
/// logrotate keeps the long-lived logs; these one-per-run files would otherwise pile up. Nothing
/// else in the folder is touched.
/// </summary>
public static partial class RunLogPruner
{
    /// <summary>The default retention.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);

    /// <summary>Deletes the old run logs; files that cannot be deleted are skipped.</summary>
    /// <param name="directory">The log folder (a missing folder has nothing to prune).</param>
    /// <param name="now">The current time.</param>
    /// <param name="retention">How long a run log is kept.</param>
    /// <returns>The names deleted.</returns>
    public static IReadOnlyList<string> Prune(string directory, DateTimeOffset now, TimeSpan retention)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var cutoff = now - retention;
        var deleted = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "lsats-run_*"))
        {
            var name = Path.GetFileName(file);
            var match = Pattern().Match(name);
            if (!match.Success
                || !DateTimeOffset.TryParseExact(match.Groups["stamp"].Value, "yyyyMMdd_HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var written)
                || written >= cutoff)
            {
                continue;
            }

            try
            {
                File.Delete(file);
                deleted.Add(name);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Another run's file or a permissions slip: pruning is housekeeping and must not fail a run.
            }
        }

        return deleted;
    }

    [GeneratedRegex(@"^lsats-run_(?<stamp>\d{8}_\d{6})_[A-Za-z0-9-]+_\d+\.log(?:-\d{8})?(?:\.gz)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
