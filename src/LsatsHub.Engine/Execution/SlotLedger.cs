namespace LsatsHub.Engine.Execution;

/// <summary>
/// Counts the slots running steps hold: a step without resources holds one global slot (the
/// <see cref="ExecutionOptions.MaxParallel"/> bound, sized for CPU-bound work); a step with resources
/// holds one slot of each of its resources and no global slot, so steps that mostly wait on a remote
/// system are bounded by that system's limit and never starve the others of slots while they wait.
/// A step takes all its slots at once or none, so no step ever holds some slots while waiting for
/// others and the ledger cannot deadlock. Used only by the scheduler's single coordinating loop.
/// </summary>
internal sealed class SlotLedger
{
    private readonly int _maxParallel;
    private readonly IReadOnlyDictionary<string, int> _limits;
    private readonly int _defaultLimit;
    private readonly Dictionary<string, int> _inUse = new(StringComparer.Ordinal);
    private int _running;

    public SlotLedger(int maxParallel, IReadOnlyDictionary<string, int> limits, int defaultLimit)
    {
        _maxParallel = maxParallel;
        _limits = limits;
        _defaultLimit = defaultLimit;
    }

    /// <summary>Takes the global slot (steps without resources) or a slot of each of its resources, if every one is free.</summary>
    public bool TryAcquire(IReadOnlyList<string> resources)
    {
        if (resources.Count == 0 && _running >= _maxParallel)
        {
            return false;
        }

        foreach (var resource in resources)
        {
            if (_inUse.GetValueOrDefault(resource) >= _limits.GetValueOrDefault(resource, _defaultLimit))
            {
                return false;
            }
        }

        if (resources.Count == 0)
        {
            _running++;
        }

        foreach (var resource in resources)
        {
            _inUse[resource] = _inUse.GetValueOrDefault(resource) + 1;
        }

        return true;
    }

    /// <summary>Gives back what <see cref="TryAcquire"/> took.</summary>
    public void Release(IReadOnlyList<string> resources)
    {
        if (resources.Count == 0)
        {
            _running--;
        }

        foreach (var resource in resources)
        {
            _inUse[resource]--;
        }
    }
}
