namespace LsatsHub.Warehouse.Operations;

/// <summary>A schema-qualified object name as a dump's table of contents states it.</summary>
/// <param name="Schema">The schema.</param>
/// <param name="Name">The object's name in it.</param>
public sealed record QualifiedName(string Schema, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{Schema}.{Name}";
}
