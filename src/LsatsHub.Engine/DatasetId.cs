using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace LsatsHub.Engine;

/// <summary>
/// The name of a dataset a step reads or writes, in dotted lower-case form such as
/// <c>bronze.tdx.users</c> or <c>silver.labs</c>. The first segment is the layer.
/// </summary>
public readonly partial record struct DatasetId : IComparable<DatasetId>
{
    private readonly string? _name;

    /// <summary>Creates a dataset id, rejecting anything that is not a dotted lower-case name.</summary>
    /// <param name="name">The dotted name, e.g. <c>bronze.tdx.users</c>.</param>
    /// <exception cref="ArgumentException">The name is empty or not dotted lower-case.</exception>
    public DatasetId(string name)
    {
        if (!TryValidate(name, out var problem))
        {
            throw new ArgumentException(problem, nameof(name));
        }

        _name = name;
    }

    /// <summary>The dotted name.</summary>
    public string Name => _name ?? throw new InvalidOperationException("An uninitialised DatasetId has no name.");

    /// <summary>The first segment of the name (for example <c>bronze</c>): the layer of the dataset and of the step that writes it.</summary>
    public LayerName Layer => new(Name[..Name.IndexOf('.', StringComparison.Ordinal)]);

    /// <summary>Parses a name, returning false with a reason when it is not a valid dataset id.</summary>
    /// <param name="name">The candidate name.</param>
    /// <param name="id">The parsed id when valid.</param>
    /// <returns>True when <paramref name="name"/> is a valid dataset id.</returns>
    public static bool TryParse(string? name, [NotNullWhen(true)] out DatasetId? id)
    {
        if (name is not null && TryValidate(name, out _))
        {
            id = new DatasetId(name);
            return true;
        }

        id = null;
        return false;
    }

    /// <inheritdoc />
    public int CompareTo(DatasetId other) => string.CompareOrdinal(Name, other.Name);

    /// <inheritdoc />
    public override string ToString() => _name ?? string.Empty;

    /// <summary>Compares ids by name.</summary>
    public static bool operator <(DatasetId left, DatasetId right) => left.CompareTo(right) < 0;

    /// <summary>Compares ids by name.</summary>
    public static bool operator >(DatasetId left, DatasetId right) => left.CompareTo(right) > 0;

    /// <summary>Compares ids by name.</summary>
    public static bool operator <=(DatasetId left, DatasetId right) => left.CompareTo(right) <= 0;

    /// <summary>Compares ids by name.</summary>
    public static bool operator >=(DatasetId left, DatasetId right) => left.CompareTo(right) >= 0;

    private static bool TryValidate(string? name, [NotNullWhen(false)] out string? problem)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problem = "A dataset id must not be empty.";
            return false;
        }

        if (!DottedName().IsMatch(name))
        {
            problem = $"'{name}' is not a dataset id: use at least two dot-separated lower-case segments of letters, digits and underscores, such as 'bronze.tdx.users'.";
            return false;
        }

        problem = null;
        return true;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedName();
}
