using System.Text.RegularExpressions;
using LsatsHub.Runner.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Runner.Tests.Commands;

/// <summary>
/// Every selection form the README lists, typed at the real command line (<c>lsats-run plan ...</c> in-process,
/// through the same parser as the binary), not handed to the selector as a ready-made request.
/// </summary>
public sealed partial class SelectionCommandLineTests
{
    private readonly InProcessRunner _runner = new();

    public SelectionCommandLineTests()
    {
        _runner.Steps.Add(TestStep.Bronze("bronze.tdx.departments", tags: ["ingest"]));
        _runner.Steps.Add(TestStep.Create("bronze.tdx.users", reads: ["bronze.tdx.departments"], source: "tdx", tags: ["ingest"]));
        _runner.Steps.Add(TestStep.Bronze("bronze.ad.users"));
        _runner.Steps.Add(TestStep.Silver("silver.users", ["bronze.tdx.users", "bronze.ad.users"]));
        _runner.Steps.Add(TestStep.Silver("silver.labs", ["silver.users"], tags: ["composite"]));
        _runner.Steps.Add(TestStep.Silver("silver.lab_members", ["silver.labs"], tags: ["composite"]));
        _runner.Steps.Add(TestStep.Silver("silver.departments", ["bronze.tdx.departments"]));
    }

    public static TheoryData<string[], string[]> Forms => new()
    {
        { ["--select", "silver.labs"], ["silver.labs"] },
        { ["--select", "+silver.labs"], ["bronze.ad.users", "bronze.tdx.departments", "bronze.tdx.users", "silver.labs", "silver.users"] },
        { ["--select", "silver.users+"], ["silver.lab_members", "silver.labs", "silver.users"] },
        { ["--select", "+silver.labs+"], ["bronze.ad.users", "bronze.tdx.departments", "bronze.tdx.users", "silver.lab_members", "silver.labs", "silver.users"] },
        { ["--select", "2+silver.labs"], ["bronze.ad.users", "bronze.tdx.users", "silver.labs", "silver.users"] },
        { ["--select", "bronze.tdx.departments+1"], ["bronze.tdx.departments", "bronze.tdx.users", "silver.departments"] },
        { ["--select", "@bronze.tdx.users"], ["bronze.ad.users", "bronze.tdx.departments", "bronze.tdx.users", "silver.lab_members", "silver.labs", "silver.users"] },
        { ["--select", "tag:composite"], ["silver.lab_members", "silver.labs"] },
        { ["--select", "layer:bronze"], ["bronze.ad.users", "bronze.tdx.departments", "bronze.tdx.users"] },
        { ["--select", "layer:silver"], ["silver.departments", "silver.lab_members", "silver.labs", "silver.users"] },
        { ["--select", "source:tdx"], ["bronze.tdx.departments", "bronze.tdx.users"] },
        { ["--select", "tag:composite source:ad"], ["bronze.ad.users", "silver.lab_members", "silver.labs"] },
        { ["--select", "tag:composite", "source:ad"], ["bronze.ad.users", "silver.lab_members", "silver.labs"] },
        { ["--select", "layer:bronze,tag:ingest"], ["bronze.tdx.departments", "bronze.tdx.users"] },
        { ["--select", "layer:bronze", "--exclude", "source:tdx"], ["bronze.ad.users"] },
        { ["--select", "@bronze.tdx.users", "--exclude", "+silver.users,layer:bronze"], ["silver.lab_members", "silver.labs", "silver.users"] },
        { ["--target", "silver.labs"], ["bronze.ad.users", "bronze.tdx.departments", "bronze.tdx.users", "silver.labs", "silver.users"] },
        { ["-s", "@silver.labs", "-x", "bronze.ad.users"], ["bronze.tdx.departments", "bronze.tdx.users", "silver.lab_members", "silver.labs", "silver.users"] },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Each_selection_form_plans_exactly_its_steps(string[] selection, string[] expected)
    {
        var result = await _runner.InvokeAsync(["plan", .. selection]);

        result.ExitCode.Should().Be(0, result.Error);
        PlannedSteps(result.Output).Should().Equal(expected);
    }

    [Fact]
    public async Task An_at_sign_is_a_selector_and_never_a_response_file()
    {
        File.Exists("bronze.tdx.users").Should().BeFalse("the test relies on no such file");

        var result = await _runner.InvokeAsync("plan", "--select", "@bronze.tdx.users");

        result.ExitCode.Should().Be(0, result.Error);
        result.Error.Should().NotContain("Response file");
        PlannedSteps(result.Output).Should().Contain("silver.lab_members");
    }

    [Fact]
    public async Task The_at_form_selects_through_the_real_pipelines()
    {
        _runner.UseLsatsPipelines = true;

        var result = await _runner.InvokeAsync("plan", "--select", "@bronze.tdx.users");

        result.ExitCode.Should().Be(0, result.Error);
        PlannedSteps(result.Output).Should().Contain(["bronze.tdx.users", "bronze.tdx.departments", "bronze.tdx.users.enriched"]);
    }

    [Fact]
    public async Task A_selection_that_matches_nothing_exits_2_naming_the_selector()
    {
        var result = await _runner.InvokeAsync("plan", "--select", "layer:bronze,tag:composite");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("'layer:bronze,tag:composite' matches no step");
    }

    private static string[] PlannedSteps(string planText) =>
        PlanLine().Matches(planText).Select(match => match.Groups["step"].Value).Order(StringComparer.Ordinal).ToArray();

    [GeneratedRegex(@"^  (?<step>\S+)\s+layer ", RegexOptions.Multiline)]
    private static partial Regex PlanLine();
}
