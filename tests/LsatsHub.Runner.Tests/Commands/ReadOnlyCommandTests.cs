using LsatsHub.Runner.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Runner.Tests.Commands;

/// <summary>plan, list, graph and help: commands that read the graph and never need a database.</summary>
public sealed class ReadOnlyCommandTests
{
    private readonly InProcessRunner _runner = new();

    public ReadOnlyCommandTests()
    {
        _runner.Steps.Add(TestStep.Bronze("bronze.tdx.users"));
        _runner.Steps.Add(TestStep.Bronze("bronze.ad.users"));
        _runner.Steps.Add(TestStep.Silver("silver.users", ["bronze.tdx.users", "bronze.ad.users"]));
        _runner.Steps.Add(TestStep.Silver("silver.labs", ["silver.users"]));
    }

    [Fact]
    public async Task Help_lists_the_commands_and_the_exit_codes()
    {
        var result = await _runner.InvokeAsync("--help");

        result.ExitCode.Should().Be(0);
        result.Output.Should().ContainAll("run", "plan", "graph", "list", "history", "retry", "Exit codes", "130");
    }

    [Fact]
    public async Task Plan_of_a_target_shows_it_and_its_ancestors_without_a_database()
    {
        var result = await _runner.InvokeAsync("plan", "--target", "silver.labs");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().ContainAll("bronze.tdx.users", "bronze.ad.users", "silver.users", "silver.labs");
    }

    [Fact]
    public async Task An_unknown_target_fails_with_exit_code_2_and_suggests_the_closest_name()
    {
        var result = await _runner.InvokeAsync("plan", "--target", "silver.lab");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("silver.labs");
    }

    [Fact]
    public async Task List_shows_each_step_with_inputs_and_outputs()
    {
        var result = await _runner.InvokeAsync("list");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Contain("silver.users").And.Contain("inputs:  bronze.ad.users, bronze.tdx.users");
    }

    [Fact]
    public async Task List_of_the_real_pipelines_gives_every_step_the_layer_of_its_outputs()
    {
        _runner.UseLsatsPipelines = true;

        var result = await _runner.InvokeAsync("list");

        result.ExitCode.Should().Be(0, result.Error);
        var blocks = System.Text.RegularExpressions.Regex.Matches(
            result.Output, @"^(?<step>\S+).*\n    layer: (?<layer>[a-z]+).*\n    inputs: .*\n    outputs: (?<outputs>.*)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        blocks.Should().HaveCountGreaterThanOrEqualTo(16);
        result.Output.Should().Contain($"{blocks.Count} steps,");
        blocks.Should().OnlyContain(block => block.Groups["outputs"].Value.Split(", ", StringSplitOptions.None)
            .All(output => output.StartsWith(block.Groups["layer"].Value + ".", StringComparison.Ordinal)));
        result.Output.Should().NotContain("tags: layer:").And.NotContain("source:documents");
    }

    [Fact]
    public async Task Graph_prints_dot_with_every_step()
    {
        var result = await _runner.InvokeAsync("graph");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().StartWith("digraph").And.ContainAll("bronze.tdx.users", "silver.labs");
    }

    [Fact]
    public async Task Graph_as_svg_goes_through_graphviz_into_the_output_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"lsats-graph-{Guid.NewGuid():N}.svg");

        var result = await _runner.InvokeAsync("graph", "--format", "svg", "--output", file);

        result.ExitCode.Should().Be(0, result.Error);
        (await File.ReadAllTextAsync(file)).Should().Contain("<svg").And.Contain("silver.labs");
        File.Delete(file);
    }

    [Fact]
    public async Task A_malformed_database_url_names_the_variable_and_never_echoes_the_password()
    {
        _runner.Variables["DATABASE_URL"] = "postgresql://lsats:Sup3rSecret@db:5432/lsats?bogus=1";

        var result = await _runner.InvokeAsync("history");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("DATABASE_URL").And.NotContain("Sup3rSecret");
    }

    [Fact]
    public async Task A_command_that_needs_the_database_says_DATABASE_URL_is_missing()
    {
        var result = await _runner.InvokeAsync("history");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("DATABASE_URL is not set");
    }
}
