namespace LsatsHub.Engine;

/// <summary>The medallion layer of a dataset and of the step that writes it (the first segment of a <see cref="DatasetId"/>); selectable as <c>layer:NAME</c>.</summary>
public readonly record struct LayerName
{
    private readonly string? _name;

    /// <summary>Creates the name, rejecting anything but lower-case letters, digits, <c>_</c> and <c>-</c> (so no <c>:</c>).</summary>
    /// <param name="name">The name, e.g. <c>bronze</c>.</param>
    /// <exception cref="ArgumentException">The name is empty or malformed.</exception>
    public LayerName(string name)
    {
        _name = StepNameRules.Validate(name, "layer name", "bronze");
    }

    /// <summary>The name.</summary>
    public string Name => _name ?? throw new InvalidOperationException("An uninitialised LayerName has no name.");

    /// <summary>False for <c>default</c>, which names nothing.</summary>
    public bool IsDefined => _name is not null;

    /// <inheritdoc />
    public override string ToString() => _name ?? string.Empty;
}
