using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Generation;

/// <summary>Builds a <see cref="SimWorld"/> from a seed and a scale; equal options give an equal world.</summary>
public static class WorldGenerator
{
    /// <summary>Generates the world (generation 0).</summary>
    public static SimWorld Generate(WorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var counts = WorldCounts.For(options.Scale);
        var now = new DateTimeOffset(options.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var departments = DepartmentGenerator.Generate(options, counts);
        var people = new PeopleGenerator(options, now, departments).Generate(counts.People);
        var labs = LabGenerator.Generate(options, counts.Labs, people, departments);
        var computers = new ComputerGenerator(options, now).Generate(counts.Computers, labs, people, departments);
        var units = OrganizationalUnitGenerator.Generate(options, now, departments, labs, people);
        var groups = GroupGenerator.Generate(options, now, counts, labs, people, departments);
        var awards = AwardGenerator.Generate(options, options.AsOf, labs, people);
        return ActivityGenerator.Initial(new SimWorld(options, 0, options.AsOf, DepartmentGenerator.Colleges, departments, people, labs, computers, groups, units, awards));
    }

    /// <summary>Generates the world and applies <paramref name="generation"/> mutation batches.</summary>
    public static SimWorld Generate(WorldOptions options, int generation)
    {
        var world = Generate(options);
        for (var i = 0; i < generation; i++)
        {
            world = WorldMutator.Apply(world);
        }

        return world;
    }
}
