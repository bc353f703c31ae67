using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Runs;
using LsatsHub.Engine.Tests.Execution;
using Microsoft.Extensions.Configuration;

namespace LsatsHub.Engine.Tests.Runs;

public sealed class RunConfigurationCheckTests
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    [Fact]
    public void Only_the_sources_read_by_selected_steps_are_checked_and_each_problem_names_its_readers()
    {
        var checkedSources = new List<string>();
        var graph = PipelineGraph.Build(
            [
                new ScriptedStep("bronze.a_one", parents: ["source.a"]),
                new ScriptedStep("bronze.a_two", parents: ["source.a"]),
                new ScriptedStep("bronze.b", parents: ["source.b"]),
            ],
            [External("source.a", "source A", checkedSources, "A_SECRET is not set"), External("source.b", "source B", checkedSources, "B_SECRET is not set")]);

        var problems = RunConfigurationCheck.Problems(graph, new HashSet<string>(["bronze.a_one", "bronze.a_two"]), Empty);

        problems.Should().Equal("source A (read by bronze.a_one, bronze.a_two): A_SECRET is not set");
        checkedSources.Should().Equal("source.a");
    }

    [Fact]
    public void A_source_whose_check_finds_nothing_lets_the_run_start()
    {
        var graph = PipelineGraph.Build(
            [new ScriptedStep("bronze.a", parents: ["source.a"])],
            [new ExternalDataset(new DatasetId("source.a"), "source A") { CheckConfiguration = _ => [] }, new ExternalDataset(new DatasetId("source.b"), "unchecked")]);

        RunConfigurationCheck.Problems(graph, new HashSet<string>(["bronze.a"]), Empty).Should().BeEmpty();
    }

    private static ExternalDataset External(string id, string description, List<string> checkedSources, string problem) =>
        new(new DatasetId(id), description)
        {
            CheckConfiguration = _ =>
            {
                checkedSources.Add(id);
                return [problem];
            },
        };
}
