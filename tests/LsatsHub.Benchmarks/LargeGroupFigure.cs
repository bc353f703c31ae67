namespace LsatsHub.Benchmarks;

/// <summary>
/// What one very large group costs group_members per member, against the world's groups: a build into empty tables of
/// the world's memberships, then the same with one more AD group of <see cref="LargeMembers"/> people.
/// </summary>
/// <param name="WorldMembers">Rows in group_members and group_owners built from the world's groups.</param>
/// <param name="LargestWorldGroup">Members of the world's largest group.</param>
/// <param name="WorldCpuSeconds">Server CPU seconds of that build.</param>
/// <param name="LargeMembers">Members of the added group.</param>
/// <param name="WithLargeCpuSeconds">Server CPU seconds of the build with the large group added.</param>
public sealed record LargeGroupFigure(long WorldMembers, long LargestWorldGroup, double WorldCpuSeconds, long LargeMembers, double WithLargeCpuSeconds)
{
    /// <summary>Server CPU microseconds per membership row of the world's groups.</summary>
    public double WorldMicrosecondsPerMember => WorldCpuSeconds * 1e6 / WorldMembers;

    /// <summary>Server CPU microseconds per member the large group added (its extra CPU over its members).</summary>
    public double LargeMicrosecondsPerMember => (WithLargeCpuSeconds - WorldCpuSeconds) * 1e6 / LargeMembers;

    public override string ToString() =>
        string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"group_members per member: {WorldMicrosecondsPerMember:0.0} us CPU over the world's {WorldMembers} rows (largest group {LargestWorldGroup}); one {LargeMembers}-member group added {WithLargeCpuSeconds - WorldCpuSeconds:0.00} s CPU, {LargeMicrosecondsPerMember:0.0} us per member");
}
