using System.Text.Json.Nodes;
using LsatsHub.Connectors;
using LsatsHub.Simulator.Generation;
using LsatsHub.Simulator.Projections;
using LsatsHub.Simulator.World;

namespace LsatsHub.Pipelines.Tests.Bronze.UmApi;

public sealed class IngestUmApiEmployeesTests
{
    [Fact]
    public async Task A_first_run_inserts_every_employment_record_served_and_skips_the_malformed_ones()
    {
        await using var fixture = await UmApiStepFixture.StartAsync("u2first");
        var (good, malformed) = UmApiStepFixture.Employment(UmApiStepFixture.World);

        var result = await BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Employees, fixture.Configuration);

        malformed.Should().NotBeEmpty("the default dirt makes some UMich API records malformed");
        result.Summary.Should().Be($"{good.Count} new, 0 changed, 0 unchanged, 0 deleted, {malformed.Count} bad record{(malformed.Count == 1 ? "" : "s")} skipped");
        (await BronzeStepHarness.LatestRunChangesAsync(fixture.Bronze)).Keys.Should().BeEquivalentTo(good.Keys);
        var run = await BronzeStepHarness.LatestRunAsync(fixture.Bronze);
        run.Status.Should().Be("completed");
        var metadata = JsonNode.Parse(run.Metadata)!.AsObject();
        metadata["api_calls"]!.GetValue<long>().Should().Be(1 + (fixture.Simulator.EmployeeCount / 40) + 1);
        metadata["rate_limited_responses"]!.GetValue<long>().Should().Be(0);
        fixture.Bronze.Logger.Messages.Should().Contain(m => malformed.Any(id => m.Text.Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task People_with_several_appointments_get_one_entity_per_EmplRcd_and_a_rerun_inserts_nothing()
    {
        await using var fixture = await UmApiStepFixture.StartAsync("u2rerun");
        var (good, _) = UmApiStepFixture.Employment(UmApiStepFixture.World);
        var multiple = good.Keys.GroupBy(id => id[..id.LastIndexOf('-')]).Where(g => g.Count() > 1).ToList();
        await BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Employees, fixture.Configuration);

        var rerun = await BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Employees, fixture.Configuration);

        multiple.Should().NotBeEmpty("the world has people with several employment records");
        rerun.Summary.Should().StartWith($"0 new, 0 changed, {good.Count} unchanged, 0 deleted");
        (await BronzeStepHarness.LatestRunChangesAsync(fixture.Bronze)).Should().BeEmpty();
        var versions = await fixture.Bronze.VersionCountsAsync([.. multiple.SelectMany(g => g)]);
        versions.Should().OnlyContain(count => count == 1);
    }

    [Fact]
    public async Task After_a_mutation_exactly_the_changed_new_and_removed_appointments_get_versions_or_tombstones()
    {
        await using var fixture = await UmApiStepFixture.StartAsync("u2mutate");
        await BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Employees, fixture.Configuration);
        var mutated = WorldMutator.Apply(UmApiStepFixture.World);
        var expected = BronzeStepHarness.ExpectedChanges(UmApiStepFixture.Employment(UmApiStepFixture.World).Good, UmApiStepFixture.Employment(mutated).Good);
        await fixture.ServeAsync(mutated);

        await BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Employees, fixture.Configuration);

        expected.Values.Should().Contain(["new", "deleted"]);
        (await BronzeStepHarness.LatestRunChangesAsync(fixture.Bronze)).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public async Task A_dry_run_leaves_the_database_byte_for_byte_unchanged_and_reports_what_it_would_insert()
    {
        await using var fixture = await UmApiStepFixture.StartAsync("u2dry");
        await BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Employees, fixture.Configuration);
        var mutated = WorldMutator.Apply(UmApiStepFixture.World);
        var expected = BronzeStepHarness.ExpectedChanges(UmApiStepFixture.Employment(UmApiStepFixture.World).Good, UmApiStepFixture.Employment(mutated).Good);
        await fixture.ServeAsync(mutated);
        var before = await fixture.Bronze.FingerprintAsync();

        var result = await BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Employees, fixture.Configuration, dryRun: true);

        (await fixture.Bronze.FingerprintAsync()).Should().Be(before);
        result.Summary.Should().StartWith($"dry run: would insert {expected.Count} (");
    }

    [Fact]
    public async Task A_page_that_keeps_failing_fails_the_step_and_tombstones_nothing()
    {
        await using var fixture = await UmApiStepFixture.StartAsync("u2fail");
        await BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Employees, fixture.Configuration);
        var before = await fixture.Bronze.CountAsync();
        fixture.Simulator.Faults.ServerErrorRate = 1.0;
        var configuration = fixture.Configuration;

        var act = () => BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Employees, configuration);

        // The backoff is real time here (1 s, 2 s, 4 s, 8 s jittered): a few seconds.
        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("HTTP 500").And.Contain("DeptEmpData");
        (await fixture.Bronze.CountAsync()).Should().Be(before);
        var run = await BronzeStepHarness.LatestRunAsync(fixture.Bronze);
        run.Status.Should().Be("failed");
        run.Error.Should().Contain("HTTP 500");
    }

    [Fact]
    public async Task Missing_configuration_fails_with_the_variable_name_and_no_run_row()
    {
        await using var fixture = await UmApiStepFixture.StartAsync("u2config");
        var configuration = fixture.Configuration;
        configuration.Remove("UM_CLIENT_SECRET");

        var act = () => BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Employees, configuration);

        await act.Should().ThrowAsync<ConnectorException>().WithMessage("UM_CLIENT_SECRET is not set*");
        (await fixture.Bronze.FingerprintAsync()).Runs.Should().Be(0);
    }
}
