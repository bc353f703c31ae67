namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>Thrown when the share of bad records exceeds <see cref="BronzeWriteOptions.MaxBadRecordShare"/>; nothing was written.</summary>
public sealed class BronzeBadRecordsException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="entity">The slice being written.</param>
    /// <param name="counts">The counts at the point of failure (nothing was inserted).</param>
    /// <param name="maxShare">The allowed share.</param>
    public BronzeBadRecordsException(BronzeEntity entity, BronzeWriteResult counts, double maxShare)
        : base(BuildMessage(entity, counts, maxShare))
    {
        Counts = counts;
    }

    /// <summary>The counts at the point of failure.</summary>
    public BronzeWriteResult Counts { get; }

    private static string BuildMessage(BronzeEntity entity, BronzeWriteResult counts, double maxShare)
    {
        var samples = string.Join("; ", counts.BadRecordSamples.Take(5));
        return FormattableString.Invariant(
            $"{entity}: {counts.BadRecords} of {counts.Received} records are bad ({(double)counts.BadRecords / counts.Received:P1}, more than the allowed {maxShare:P1}); nothing was written. First bad records: {samples}");
    }
}
