using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Planning;
using LsatsHub.Engine.Selection;
using LsatsHub.Engine.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Planning;

public sealed class PlanTextRendererTests
{
    private static readonly PipelineGraph Sample = SampleGraph.Build();

    private static string Render(SelectionRequest request) =>
        PlanTextRenderer.Render(ExecutionPlan.Create(Sample, StepSelector.Select(Sample, request)));

    [Fact]
    public void The_whole_sample_plan_reads_as_the_golden_file()
    {
        GoldenFile.AssertMatches(Render(SelectionRequest.Everything), "LsatsHub.Engine.Tests", "plan-everything.txt");
    }

    [Fact]
    public void A_partial_plan_shows_what_each_step_reads_without_running_it()
    {
        var text = Render(SelectionRequest.Parse("--target silver.lab_managers --exclude source:tdx"));

        GoldenFile.AssertMatches(text, "LsatsHub.Engine.Tests", "plan-lab-managers-without-tdx.txt");
        text.Should().Contain("reads as is (not selected): silver.tdx_departments");
    }

    [Fact]
    public void The_header_counts_steps_tiers_layers_sources_and_resources()
    {
        var text = Render(new SelectionRequest([], ["bronze.tdx.users+1"], []));

        text.Split('\n').Take(4).Should().Equal(
            "Plan: 3 steps in 2 tiers",
            "Layers: bronze 3",
            "Sources: tdx 3",
            "Resources: tdx-api 3");
    }
}
