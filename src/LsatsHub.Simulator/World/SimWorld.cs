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
}
