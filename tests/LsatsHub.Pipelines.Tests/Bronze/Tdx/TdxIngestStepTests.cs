using LsatsHub.Engine;
using LsatsHub.Pipelines.Bronze.Common;
using LsatsHub.Pipelines.Bronze.Tdx;
using LsatsHub.Simulator.Tdx;
using LsatsHub.Simulator.World;
using LsatsHub.Testing;

namespace LsatsHub.Pipelines.Tests.Bronze.Tdx;

public sealed class TdxIngestStepTests
{
    private static readonly BronzeEntity[] Slices = [TdxEntities.Departments, TdxEntities.Users, TdxEntities.Assets];

    [Fact]
    public async Task A_first_run_stores_what_TDX_serves_and_a_rerun_stores_nothing()
    {
        await using var tdx = await TdxStepFixture.StartAsync("tdxfirst");
        var steps = tdx.Steps().Take(3).ToArray();

        foreach (var step in steps)
        {
            await tdx.RunAsync(step);
        }

        foreach (var slice in Slices)
        {
            var served = tdx.Served(slice);
            served.Should().NotBeEmpty();
            (await tdx.WrittenByLatestRunAsync(slice)).Should().BeEquivalentTo(served.Keys);
            var run = await tdx.LatestRunAsync(slice);
            run.Status.Should().Be("completed");
            run.Created.Should().Be(served.Count);
            run.Metadata["environment"]!.GetValue<string>().Should().Be("sandbox");
            run.Metadata["api_calls"]!.GetValue<long>().Should().BePositive();
            run.Metadata["rate_limited_responses"]!.GetValue<long>().Should().Be(0);
        }

        var before = await tdx.Bronze.CountAsync();
        foreach (var step in steps)
        {
            (await tdx.RunAsync(step)).Summary.Should().StartWith("0 new, 0 changed");
        }

        (await tdx.Bronze.CountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task After_a_mutation_exactly_the_new_changed_and_removed_entities_get_versions()
    {
        await using var tdx = await TdxStepFixture.StartAsync("tdxmutate");
        var steps = tdx.Steps().Take(3).ToArray();
        foreach (var step in steps)
        {
            await tdx.RunAsync(step);
        }

        var before = Slices.ToDictionary(s => s, tdx.Served);
        await tdx.MutateAsync();
        foreach (var step in tdx.Steps().Take(3))
        {
            await tdx.RunAsync(step);
        }

        var anyChange = false;
        foreach (var slice in Slices)
        {
            var after = tdx.Served(slice);
            var expected = after.Keys.Where(id => !before[slice].TryGetValue(id, out var old)
                    || CanonicalJson.ContentHash(old, slice.HashFields) != CanonicalJson.ContentHash(after[id], slice.HashFields))
                .Concat(before[slice].Keys.Except(after.Keys))
                .ToHashSet();
            anyChange |= expected.Count > 0;
            (await tdx.WrittenByLatestRunAsync(slice)).Should().BeEquivalentTo(expected, $"{slice} versions follow the source's changes");
            foreach (var removed in before[slice].Keys.Except(after.Keys))
            {
                (await tdx.Bronze.LatestAsync(removed))[BronzeTombstone.DeletedKey]!.GetValue<bool>().Should().BeTrue();
            }
        }

        anyChange.Should().BeTrue("the mutation changes TDX data");
    }

    [Fact]
    public async Task A_user_without_ExternalID_is_counted_and_skipped_while_the_rest_land()
    {
        var world = TdxStepFixture.CleanWorld;
        var users = new TdxStepFixture.Probe(world).ServedUserIds;
        var broken = world.People.First(p => users.Contains(p.EmplId));
        var dirty = world with { People = [.. world.People.Select(p => p.Id == broken.Id ? p with { EmplId = string.Empty } : p)] };
        await using var tdx = await TdxStepFixture.StartAsync("tdxbaduser", dirty);
        await tdx.RunAsync(tdx.Steps()[0]);

        var result = await tdx.RunAsync(tdx.Steps()[1]);

        result.Summary.Should().Contain("1 bad record skipped");
        (await tdx.WrittenByLatestRunAsync(TdxEntities.Users)).Should().HaveCount(users.Count - 1).And.NotContain(string.Empty);
        tdx.Bronze.Logger.Messages.Should().Contain(m => m.Text.Contains($"user UID {broken.TdxUid} has no ExternalID", StringComparison.Ordinal));
        (await tdx.LatestRunAsync(TdxEntities.Users)).Status.Should().Be("completed");
    }

    [Fact]
    public async Task A_dry_run_leaves_the_database_byte_for_byte_unchanged()
    {
        await using var tdx = await TdxStepFixture.StartAsync("tdxdryrun");
        await tdx.RunAllAsync();
        await tdx.MutateAsync();
        var before = await tdx.Bronze.FingerprintAsync();

        var results = new List<StepResult>();
        foreach (var step in tdx.Steps())
        {
            results.Add(await tdx.RunAsync(step, dryRun: true));
        }

        (await tdx.Bronze.FingerprintAsync()).Should().Be(before);
        results[1].Summary.Should().StartWith("dry run: would insert");
    }

    [Fact]
    public async Task Users_without_departments_in_bronze_fail_clearly_instead_of_tombstoning_everyone()
    {
        await using var tdx = await TdxStepFixture.StartAsync("tdxnodepts");

        var act = () => tdx.RunAsync(tdx.Steps()[1]);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*bronze.tdx.departments must run first*");
    }

    [Fact]
    public async Task A_429_storm_still_completes_and_is_counted_in_the_run()
    {
        await using var tdx = await TdxStepFixture.StartAsync("tdxstorm", options: new TdxSimulatorOptions());
        await tdx.RunAsync(tdx.Steps()[0]);
        tdx.Simulator.Faults.RateLimitNext("POST people/search", 3);
        await using var driver = new FakeClockDriver(tdx.Bronze.Clock);

        await tdx.RunAsync(tdx.Steps()[1]);

        var run = await tdx.LatestRunAsync(TdxEntities.Users);
        run.Status.Should().Be("completed");
        run.Created.Should().Be(tdx.Served(TdxEntities.Users).Count);
        run.Metadata["rate_limited_responses"]!.GetValue<long>().Should().Be(3);
    }

    [Fact]
    public async Task The_T1_to_T6_order_follows_from_declared_inputs()
    {
        await using var tdx = await TdxStepFixture.StartAsync("tdxorder");
        var steps = tdx.Steps();

        for (var i = 1; i < steps.Length; i++)
        {
            steps[i].Descriptor.Inputs.Should().Contain(steps[i - 1].Descriptor.Outputs[0], $"{steps[i].Descriptor.Name} runs after {steps[i - 1].Descriptor.Name}");
        }

        steps.Should().OnlyContain(s => s.Descriptor.Resources.SequenceEqual(new[] { Resources.TdxApi }) && s.Descriptor.Source == "tdx" && s.Descriptor.Layer == Layers.Bronze);
        steps.Select(s => s.Descriptor.Name).Should().Equal(
            "bronze.tdx.departments", "bronze.tdx.users", "bronze.tdx.assets", "bronze.tdx.departments.enriched", "bronze.tdx.users.enriched", "bronze.tdx.assets.enriched");
    }
}
