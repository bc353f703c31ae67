namespace LsatsHub.Engine.Execution;

/// <summary>
/// Counts the slots running steps hold: one global slot per step, and one slot per resource it holds.
/// A step takes all its slots at once or none, so no step ever holds some slots while waiting for
/// others and the ledger cannot deadlock. Used only by the scheduler's single coordinating loop.
/// </summary>
internal sealed class SlotLedger
{
    private readonly int _maxParallel;
    private readonly IReadOnlyDictionary<string, int> _limits;
    private readonly Dictionary<string, int> _inUse = new(StringComparer.Ordinal);
    private int _running;

    public SlotLedger(int maxParallel, IReadOnlyDictionary<string, int> limits)
    {
        _maxParallel = maxParallel;
        _limits = limits;
    }

    /// <summary>Takes a global slot and a slot of each limited resource, if every one is free.</summary>
    public bool TryAcquire(IReadOnlyList<string> resources)
    {
        if (_running >= _maxParallel)
        {
            return false;
        }

        foreach (var resource in resources)
        {
            if (_limits.TryGetValue(resource, out var limit) && _inUse.GetValueOrDefault(resource) >= limit)
            {
                return false;
            }
        }

        _running++;
        foreach (var resource in resources)
        {
            _inUse[resource] = _inUse.GetValueOrDefault(resource) + 1;
        }

        return true;
    }

    /// <summary>Gives back what <see cref="TryAcquire"/> took.</summary>
    public void Release(IReadOnlyList<string> resources)
    {
        _running--;
        foreach (var resource in resources)
        {
            _inUse[resource]--;
        }
    }
}
