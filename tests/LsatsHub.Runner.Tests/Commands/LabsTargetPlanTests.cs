using LsatsHub.Runner.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Runner.Tests.Commands;

/// <summary>The README's <c>--target silver.labs</c>: labs and exactly the steps they need, on the real pipelines.</summary>
public sealed class LabsTargetPlanTests
{
    private readonly InProcessRunner _runner = new() { UseLsatsPipelines = true };

    [Fact]
    public async Task Plan_of_target_silver_labs_is_the_golden_closure()
    {
        var result = await _runner.InvokeAsync("plan", "--target", "silver.labs");

        result.ExitCode.Should().Be(0, result.Error);
        GoldenFile.AssertMatches(result.Output, "LsatsHub.Runner.Tests", "plan-target-silver-labs.txt");
    }

    [Fact]
    public async Task Target_silver_labs_takes_its_helpers_and_their_inputs_and_nothing_downstream_of_labs()
    {
        var result = await _runner.InvokeAsync("plan", "--target", "silver.labs");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().ContainAll(
            "silver.tdx_labs", "silver.award_labs", "silver.ad_labs", "silver.users", "silver.computers", "silver.departments",
            "silver.lab_awards", "silver.ad_organizational_units", "bronze.documents.lab_awards");
        result.Output.Should().NotContainAny("silver.lab_members", "silver.lab_computers", "silver.lab_managers", "silver.lab_statistics");
    }
}
