namespace LsatsHub.Pipelines.Bronze.Common;

/// <summary>One item of a bronze record stream: either a good record or a bad one that is counted, logged and kept out.</summary>
public sealed class BronzeRecordOrError
{
    private BronzeRecordOrError(BronzeRecord? record, BronzeRecordError? error)
    {
        Record = record;
        Error = error;
    }

    /// <summary>The record, when the item is good.</summary>
    public BronzeRecord? Record { get; }

    /// <summary>The error, when the item is bad.</summary>
    public BronzeRecordError? Error { get; }

    /// <summary>Wraps a good record.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The item.</returns>
    public static BronzeRecordOrError Ok(BronzeRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new BronzeRecordOrError(record, null);
    }

    /// <summary>Reports a bad record.</summary>
    /// <param name="externalId">Its key if known.</param>
    /// <param name="reason">Why it is bad.</param>
    /// <returns>The item.</returns>
    public static BronzeRecordOrError Bad(string? externalId, string reason) =>
        new(null, new BronzeRecordError(externalId, reason));

    /// <summary>Wraps a good record.</summary>
    /// <param name="record">The record.</param>
    public static implicit operator BronzeRecordOrError(BronzeRecord record) => Ok(record);
}
