using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Simulator.Tests.Generation;

public sealed class DeterminismTests
{
    [Fact]
    public void The_same_seed_and_scale_give_byte_identical_files()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        new WorldFiles(first.Path).WriteAll(new WorldIndex(WorldGenerator.Generate(new WorldOptions(7, 0.002))));
        new WorldFiles(second.Path).WriteAll(new WorldIndex(WorldGenerator.Generate(new WorldOptions(7, 0.002))));

        var files = Directory.EnumerateFiles(first.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first.Path, f)).Order().ToList();
        files.Should().Contain(["truth.json", Path.Combine("ldap", "ad.ldif"), Path.Combine("ldap", "mcommunity.ldif"), Path.Combine("data", "lab_awards_2025_03_01.csv"), Path.Combine("data", "keyconfigure_computers_2025_03_01.xlsx")]);
        Directory.EnumerateFiles(second.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(second.Path, f)).Order().Should().Equal(files);
        foreach (var file in files)
        {
            File.ReadAllBytes(Path.Combine(second.Path, file)).Should().Equal(File.ReadAllBytes(Path.Combine(first.Path, file)), file);
        }
    }

    [Fact]
    public void Another_seed_gives_another_world()
    {
        var a = WorldGenerator.Generate(new WorldOptions(1, 0.002));
        var b = WorldGenerator.Generate(new WorldOptions(2, 0.002));

        a.People.Select(p => p.Uniqname).Should().NotEqual(b.People.Select(p => p.Uniqname));
    }

    [Fact]
    public void A_larger_scale_gives_proportionally_more_records()
    {
        const double smallScale = 0.002;
        const double largerScale = 0.01;
        var small = WorldGenerator.Generate(new WorldOptions(3, smallScale));
        var larger = WorldGenerator.Generate(new WorldOptions(3, largerScale));

        var ratio = largerScale / smallScale;

        // People and computers are above their tiny-world floors at both scales, so they scale with it (1% for rounding).
        larger.People.Count.Should().BeCloseTo((int)Math.Round(small.People.Count * ratio), (uint)Math.Ceiling(small.People.Count * ratio / 100));
        larger.Computers.Count.Should().BeCloseTo((int)Math.Round(small.Computers.Count * ratio), (uint)Math.Ceiling(small.Computers.Count * ratio / 100));

        // Labs are held at their floor in the small world, so they can only grow.
        larger.Labs.Count.Should().BeGreaterThanOrEqualTo(small.Labs.Count);
    }

    [Fact]
    public void Mutation_batches_are_deterministic_and_cumulative()
    {
        var options = new WorldOptions(42, 0.002);

        var twice = WorldGenerator.Generate(options, 2);
        var again = WorldMutator.Apply(WorldMutator.Apply(WorldGenerator.Generate(options)));

        twice.Generation.Should().Be(2);
        twice.AsOf.Should().Be(new DateOnly(2025, 5, 1));
        twice.People.Should().BeEquivalentTo(again.People, o => o.WithStrictOrdering());
        twice.Computers.Select(c => c.OuDn).Should().Equal(again.Computers.Select(c => c.OuDn));
    }

    [Fact]
    public void New_hires_get_identifiers_no_one_else_has()
    {
        var mutated = WorldMutator.Apply(WorldMutator.Apply(WorldGenerator.Generate(new WorldOptions(42, 0.002))));

        mutated.People.Select(p => p.AdGuid).Should().OnlyHaveUniqueItems();
        mutated.People.Select(p => p.TdxUid).Should().OnlyHaveUniqueItems();
    }
}
