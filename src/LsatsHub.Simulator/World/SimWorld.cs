namespace LsatsHub.Simulator.World;

/// <summary>One consistent synthetic university; every source projection is computed from it.</summary>
/// <param name="Options">What it was generated from.</param>
/// <param name="Generation">0 = as generated; each `mutate` adds one.</param>
public sealed record SimWorld(
    WorldOptions Options,
    int Generation,
    DateOnly AsOf,
    IReadOnlyList<College> Colleges,
    IReadOnlyList<Department> Departments,
    IReadOnlyList<Person> People,
    IReadOnlyList<Lab> Labs,
    IReadOnlyList<Computer> Computers,
    IReadOnlyList<Group> Groups,
    IReadOnlyList<OrganizationalUnit> OrganizationalUnits,
    IReadOnlyList<Award> Awards)
{
    /// <summary>The moment the world describes (midnight UTC of <see cref="AsOf"/>).</summary>
    public DateTimeOffset Now => new(AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Each AD object's moving parts (USNs, whenChanged, password and logon times), by objectGUID.</summary>
    public IReadOnlyDictionary<Guid, AdActivity> Ad { get; init; } = new Dictionary<Guid, AdActivity>();

    /// <summary>Each computer's last use and inventory, by name.</summary>
    public IReadOnlyDictionary<string, ComputerUse> ComputerUse { get; init; } = new Dictionary<string, ComputerUse>(StringComparer.Ordinal);

    /// <summary>The directory's highest committed USN: every change takes the next one, so uSNChanged only grows.</summary>
    public long HighestUsn { get; init; }

    /// <summary>
    /// When each MCommunity person's entry last changed after generation 0 (by person id): its <c>modifyTimestamp</c>.
    /// People not listed keep the time their entry was last modified before the world began.
    /// </summary>
    public IReadOnlyDictionary<int, DateTimeOffset> McommunityChanged { get; init; } = new Dictionary<int, DateTimeOffset>();
}
