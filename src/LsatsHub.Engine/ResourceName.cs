namespace LsatsHub.Engine;

/// <summary>A shared resource a step holds while it runs (an API with a rate limit, a directory server); at most the configured number of steps hold one at once.</summary>
public readonly record struct ResourceName
{
    private readonly string? _name;

    /// <summary>Creates the name, rejecting anything but lower-case letters, digits, <c>_</c> and <c>-</c> (so no <c>:</c>).</summary>
    /// <param name="name">The name, e.g. <c>tdx-api</c>.</param>
    /// <exception cref="ArgumentException">The name is empty or malformed.</exception>
    public ResourceName(string name)
    {
        _name = StepNameRules.Validate(name, "resource name", "tdx-api");
    }

    /// <summary>The name.</summary>
    public string Name => _name ?? throw new InvalidOperationException("An uninitialised ResourceName has no name.");

    /// <summary>False for <c>default</c>, which names nothing.</summary>
    public bool IsDefined => _name is not null;

    /// <inheritdoc />
    public override string ToString() => _name ?? string.Empty;
}
