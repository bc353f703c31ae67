namespace LsatsHub.Engine;

/// <summary>A free tag on a step, selectable as <c>tag:NAME</c>. Layer and source have their own selectors, so a tag never repeats them.</summary>
public readonly record struct StepTag
{
    private readonly string? _name;

    /// <summary>Creates the name, rejecting anything but lower-case letters, digits, <c>_</c> and <c>-</c> (so no <c>:</c>).</summary>
    /// <param name="name">The name, e.g. <c>nightly</c>.</param>
    /// <exception cref="ArgumentException">The name is empty or malformed.</exception>
    public StepTag(string name)
    {
        _name = StepNameRules.Validate(name, "step tag", "nightly");
    }

    /// <summary>The name.</summary>
    public string Name => _name ?? throw new InvalidOperationException("An uninitialised StepTag has no name.");

    /// <summary>False for <c>default</c>, which names nothing.</summary>
    public bool IsDefined => _name is not null;

    /// <inheritdoc />
    public override string ToString() => _name ?? string.Empty;
}
