namespace LsatsHub.Engine;

/// <summary>One count of a step's progress (see <see cref="StepProgress"/>); <see cref="IProgress{T}.Report"/> sets the count.</summary>
public sealed class ProgressCounter : IProgress<long>
{
    private long _done;
    private long _total = -1;

    internal ProgressCounter(string unit)
    {
        Unit = unit;
    }

    /// <summary>What is counted.</summary>
    public string Unit { get; }

    /// <summary>Adds to the count.</summary>
    /// <param name="count">How many more; must not be negative.</param>
    public void Add(long count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Interlocked.Add(ref _done, count);
    }

    /// <summary>Sets the count.</summary>
    /// <param name="value">The count so far; must not be negative.</param>
    public void Report(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Interlocked.Exchange(ref _done, value);
    }

    /// <summary>Sets how many there will be in all (null = unknown), so watchers see what remains.</summary>
    /// <param name="total">The total, or null.</param>
    public void SetTotal(long? total)
    {
        if (total is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(total), total, "A total must not be negative.");
        }

        Interlocked.Exchange(ref _total, total ?? -1);
    }

    /// <summary>The counter's value now.</summary>
    /// <returns>The reading.</returns>
    public ProgressReading Read()
    {
        var total = Interlocked.Read(ref _total);
        return new ProgressReading(Unit, Interlocked.Read(ref _done), total < 0 ? null : total);
    }
}
