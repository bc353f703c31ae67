namespace LsatsHub.Engine;

/// <summary>
/// What a running step has done so far, for people watching it: named counters (entities read, calls made), each with
/// an optional total. The step feeds it; the runner shows it (a live line on a terminal, a log line every minute
/// elsewhere). Thread-safe; reading it never blocks the step.
/// </summary>
public sealed class StepProgress
{
    private readonly Lock _gate = new();
    private readonly List<ProgressCounter> _counters = [];

    /// <summary>The counter of <paramref name="unit"/>, created on first use; later calls return the same counter.</summary>
    /// <param name="unit">What is counted, plural, as shown: <c>records</c>, <c>TDX calls</c>.</param>
    /// <returns>The counter.</returns>
    public ProgressCounter Counter(string unit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        lock (_gate)
        {
            foreach (var counter in _counters)
            {
                if (string.Equals(counter.Unit, unit, StringComparison.Ordinal))
                {
                    return counter;
                }
            }

            var created = new ProgressCounter(unit);
            _counters.Add(created);
            return created;
        }
    }

    /// <summary>Every counter's value now, in the order they were created.</summary>
    /// <returns>The readings; empty while the step has reported nothing.</returns>
    public IReadOnlyList<ProgressReading> Read()
    {
        lock (_gate)
        {
            return [.. _counters.Select(c => c.Read())];
        }
    }
}
