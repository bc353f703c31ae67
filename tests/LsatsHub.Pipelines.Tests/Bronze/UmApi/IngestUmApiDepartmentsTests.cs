using LsatsHub.Simulator.Generation;

namespace LsatsHub.Pipelines.Tests.Bronze.UmApi;

public sealed class IngestUmApiDepartmentsTests
{
    [Fact]
    public async Task A_first_run_inserts_every_department_served_and_a_rerun_inserts_nothing()
    {
        await using var fixture = await UmApiStepFixture.StartAsync("u1first");
        var departments = UmApiStepFixture.DepartmentsOf(UmApiStepFixture.World);

        var first = await BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Departments, fixture.Configuration);
        var firstChanges = await BronzeStepHarness.LatestRunChangesAsync(fixture.Bronze);
        var rerun = await BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Departments, fixture.Configuration);

        departments.Should().HaveCount(fixture.Simulator.DepartmentCount);
        first.Summary.Should().Be($"{departments.Count} new, 0 changed, 0 unchanged, 0 deleted, 0 bad records skipped");
        firstChanges.Keys.Should().BeEquivalentTo(departments.Keys);
        rerun.Summary.Should().Be($"0 new, 0 changed, {departments.Count} unchanged, 0 deleted, 0 bad records skipped");
        var stored = await fixture.Bronze.LatestAsync(departments.Keys.First());
        stored["_hierarchical_path"]!.GetValue<string>().Should().Contain(" -> ").And.EndWith(stored["DeptDescription"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_a_mutation_exactly_the_changed_new_and_removed_departments_get_versions_or_tombstones()
    {
        await using var fixture = await UmApiStepFixture.StartAsync("u1mutate");
        await BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Departments, fixture.Configuration);
        var mutated = WorldMutator.Apply(UmApiStepFixture.World);
        var expected = BronzeStepHarness.ExpectedChanges(UmApiStepFixture.DepartmentsOf(UmApiStepFixture.World), UmApiStepFixture.DepartmentsOf(mutated));
        await fixture.ServeAsync(mutated);

        await BronzeStepHarness.RunAsync(fixture.Bronze, fixture.Departments, fixture.Configuration);

        (await BronzeStepHarness.LatestRunChangesAsync(fixture.Bronze)).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void A_department_with_a_null_hashed_field_or_no_DeptId_is_a_bad_record()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var nullName = LsatsHub.Pipelines.Bronze.UmApi.IngestUmApiDepartments.ToBronze(new() { ["DeptId"] = "1", ["DeptDescription"] = null }, now);
        var noId = LsatsHub.Pipelines.Bronze.UmApi.IngestUmApiDepartments.ToBronze(new() { ["DeptDescription"] = "x" }, now);

        nullName.Error!.ToString().Should().Be("1: DeptDescription is null, not text");
        noId.Error!.Reason.Should().Be("department record without a DeptId");
    }
}
