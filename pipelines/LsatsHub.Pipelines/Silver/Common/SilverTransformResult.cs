using System.Globalization;
using System.Text;

namespace LsatsHub.Pipelines.Silver.Common;

/// <summary>What one silver transform did (or, in a dry run, would do), as its SQL reported it.</summary>
public sealed record SilverTransformResult
{
    /// <summary>Bronze entities (or source rows) the transform examined.</summary>
    public long RowsRead { get; init; }

    /// <summary>Silver rows inserted.</summary>
    public long Inserted { get; init; }

    /// <summary>Silver rows whose content changed.</summary>
    public long Updated { get; init; }

    /// <summary>Silver rows removed or marked inactive because their entity is gone from the source.</summary>
    public long Deleted { get; init; }

    /// <summary>Input rows not written because a value they need is missing or unusable (each also in <see cref="Quality"/>).</summary>
    public long Skipped { get; init; }

    /// <summary>Counted quality outcomes, e.g. <c>unparsable_date</c> → 2 (values nulled or rows skipped), sorted by name.</summary>
    public IReadOnlyDictionary<string, long> Quality { get; init; } = new SortedDictionary<string, long>(StringComparer.Ordinal);

    /// <summary>True when the transaction was rolled back: nothing was written.</summary>
    public bool DryRun { get; init; }

    /// <summary>Rows written: inserted + updated + deleted.</summary>
    public long Changed => Inserted + Updated + Deleted;

    /// <summary>One line for people, e.g. <c>1043 read: 12 inserted, 3 updated, 1 deleted, 0 skipped; quality: unparsable_date=2</c>.</summary>
    /// <returns>The summary.</returns>
    public string ToSummary()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{RowsRead} read: {Inserted} inserted, {Updated} updated, {Deleted} deleted, {Skipped} skipped");
        if (Quality.Count > 0)
        {
            text.Append("; quality: ").AppendJoin(", ", Quality.Select(pair => $"{pair.Key}={pair.Value.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (DryRun)
        {
            text.Append(" (dry run: rolled back, nothing written)");
        }

        return text.ToString();
    }
}
