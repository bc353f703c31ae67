namespace LsatsHub.Engine;

/// <summary>Thread-safe counters of rows a step read and wrote; recorded with the step's run.</summary>
public sealed class StepCounters
{
    private long _rowsRead;
    private long _rowsWritten;

    /// <summary>Rows read so far.</summary>
    public long RowsRead => Interlocked.Read(ref _rowsRead);

    /// <summary>Rows written so far.</summary>
    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    /// <summary>Adds to the rows read.</summary>
    /// <param name="count">Rows to add; must not be negative.</param>
    public void AddRead(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Interlocked.Add(ref _rowsRead, count);
    }

    /// <summary>Adds to the rows written.</summary>
    /// <param name="count">Rows to add; must not be negative.</param>
    public void AddWritten(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Interlocked.Add(ref _rowsWritten, count);
    }
}
