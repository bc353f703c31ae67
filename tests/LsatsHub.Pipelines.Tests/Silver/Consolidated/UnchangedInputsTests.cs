using Dapper;
using LsatsHub.Pipelines.Silver.Common;
using LsatsHub.Pipelines.Silver.Consolidated;
using LsatsHub.Pipelines.Tests.Support;
using Xunit.Abstractions;

namespace LsatsHub.Pipelines.Tests.Silver.Consolidated;

/// <summary>
/// The no-change shortcut of the tier-2 steps (SilverTransform with the step's descriptor, migration 0017): a step whose
/// inputs and outputs are all unchanged since its last run skips its merge; any changed input row, any change to its
/// output made by someone else, a table without a stamp, a full refresh, each makes it merge again.
/// </summary>
[Collection(SilverCollection.Name)]
public sealed class UnchangedInputsTests(SilverTestBed bed, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => bed.ResetSilverAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_rerun_with_no_input_changed_skips_every_merge_and_leaves_the_tables_identical()
    {
        await ConsolidatedScenario.BuildAsync(bed);
        var built = await ConsolidatedScenario.ExactAsync(bed.Database);

        var rerun = await ConsolidatedScenario.BuildTierTwoAsync(bed);

        foreach (var result in rerun)
        {
            output.WriteLine(result.Summary);
            result.Summary.Should().Contain(SilverTransform.UnchangedNote);
        }

        (await ConsolidatedScenario.ExactAsync(bed.Database)).Should().Be(built);
    }

    [Fact]
    public async Task A_changed_input_row_is_merged_again_and_a_step_whose_inputs_did_not_change_still_skips()
    {
        await ConsolidatedScenario.BuildAsync(bed);
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        var deptId = await connection.ExecuteScalarAsync<string>(
            "SELECT min(u.dept_id) FROM silver.umapi_departments u JOIN silver.departments d ON d.dept_id = u.dept_id");
        await connection.ExecuteAsync("UPDATE silver.umapi_departments SET department_name = 'Renamed by the test' WHERE dept_id = @deptId", new { deptId });

        var departments = await bed.RunAsync(bed.Step<BuildDepartments>());
        var groups = await bed.RunAsync(bed.Step<BuildGroups>());

        output.WriteLine(departments.Summary);
        departments.Summary.Should().NotContain(SilverTransform.UnchangedNote).And.Contain("1 updated");
        (await connection.ExecuteScalarAsync<string>("SELECT department_name FROM silver.departments WHERE dept_id = @deptId", new { deptId }))
            .Should().Be("Renamed by the test");
        groups.Summary.Should().Contain(SilverTransform.UnchangedNote, "no group input changed");
    }

    [Fact]
    public async Task Rows_deleted_or_truncated_from_an_output_behind_the_steps_back_are_restored_by_the_next_run()
    {
        await ConsolidatedScenario.BuildAsync(bed);
        var members = await ConsolidatedScenario.MembersAsync(bed.Database);
        var owners = await ConsolidatedScenario.OwnersAsync(bed.Database);
        await using (var connection = await bed.Database.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("DELETE FROM silver.group_members WHERE membership_id = (SELECT min(membership_id::text)::uuid FROM silver.group_members)");
            await connection.ExecuteAsync("TRUNCATE silver.group_owners");
        }

        var result = await bed.RunAsync(bed.Step<BuildGroupMemberships>());

        output.WriteLine(result.Summary);
        result.Summary.Should().NotContain(SilverTransform.UnchangedNote);
        (await ConsolidatedScenario.MembersAsync(bed.Database)).Should().BeEquivalentTo(members);
        (await ConsolidatedScenario.OwnersAsync(bed.Database)).Should().BeEquivalentTo(owners);
        owners.Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_statement_that_changes_no_row_keeps_the_stamp_while_a_table_without_a_stamp_and_a_full_refresh_never_skip()
    {
        await ConsolidatedScenario.BuildAsync(bed);
        await using var connection = await bed.Database.DataSource.OpenConnectionAsync();
        const string StampOf = "SELECT change_seq FROM meta.table_changes WHERE table_name = @table";
        var stamp = await connection.ExecuteScalarAsync<long>(StampOf, new { table = "silver.departments" });

        await connection.ExecuteAsync("UPDATE silver.departments SET department_name = department_name WHERE false; DELETE FROM silver.departments WHERE false");
        var afterNothing = await connection.ExecuteScalarAsync<long>(StampOf, new { table = "silver.departments" });
        var untouched = await bed.RunAsync(bed.Step<BuildDepartments>());
        var fullRefresh = await bed.RunAsync(bed.Step<BuildDepartments>(), fullRefresh: true);
        await connection.ExecuteAsync("DELETE FROM meta.table_changes WHERE table_name = 'silver.tdx_departments'");
        var untracked = await bed.RunAsync(bed.Step<BuildDepartments>());
        var untrackedAgain = await bed.RunAsync(bed.Step<BuildDepartments>());

        afterNothing.Should().Be(stamp, "statements that changed no row are no change");
        untouched.Summary.Should().Contain(SilverTransform.UnchangedNote);
        fullRefresh.Summary.Should().NotContain(SilverTransform.UnchangedNote).And.Contain(": 0 inserted, 0 updated, 0 deleted");
        untracked.Summary.Should().NotContain(SilverTransform.UnchangedNote, "an input without a stamp may have changed");
        untrackedAgain.Summary.Should().NotContain(SilverTransform.UnchangedNote);
    }
}
