using System.Globalization;

namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>What one bronze write did (or, in a dry run, would do).</summary>
public sealed record BronzeWriteResult
{
    /// <summary>Everything the stream yielded: good records, duplicates and bad records.</summary>
    public long Received { get; init; }

    /// <summary>Distinct external ids staged (duplicates collapsed to the last one).</summary>
    public long Staged { get; init; }

    /// <summary>Versions inserted for external ids that had no version yet.</summary>
    public long Created { get; init; }

    /// <summary>Versions inserted because the content changed (or the entity reappeared after a tombstone).</summary>
    public long Updated { get; init; }

    /// <summary>Staged records whose content equals the latest version: nothing inserted.</summary>
    public long Unchanged => Staged - Created - Updated;

    /// <summary>Tombstone versions inserted for entities missing from a complete full fetch.</summary>
    public long Deleted { get; init; }

    /// <summary>Bad records counted, logged and kept out.</summary>
    public long BadRecords { get; init; }

    /// <summary>Earlier records of an external id that appeared again later in the same fetch (the last one wins).</summary>
    public long Duplicates { get; init; }

    /// <summary>True when nothing was written and the counts are what would have been inserted.</summary>
    public bool DryRun { get; init; }

    /// <summary>The first few bad records (at most 20), for the run record.</summary>
    public IReadOnlyList<BronzeRecordError> BadRecordSamples { get; init; } = [];

    /// <summary>Versions inserted in total (or that would be).</summary>
    public long Inserted => Created + Updated + Deleted;

    /// <summary>One line for people, e.g. "1204 new, 33 changed, 10 unchanged, 2 deleted, 1 bad record skipped".</summary>
    /// <returns>The summary.</returns>
    public string ToSummary()
    {
        var parts = new List<string>
        {
            Count(Created, "new"),
            Count(Updated, "changed"),
            Count(Unchanged, "unchanged"),
            Count(Deleted, "deleted"),
        };
        if (Duplicates > 0)
        {
            parts.Add(Count(Duplicates, Duplicates == 1 ? "duplicate superseded" : "duplicates superseded"));
        }

        parts.Add(Count(BadRecords, BadRecords == 1 ? "bad record skipped" : "bad records skipped"));
        var line = string.Join(", ", parts);
        return DryRun ? $"dry run: would insert {Inserted} ({line})" : line;
    }

    private static string Count(long value, string label) => value.ToString(CultureInfo.InvariantCulture) + " " + label;
}
