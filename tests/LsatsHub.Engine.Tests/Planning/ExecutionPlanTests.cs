using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Planning;
using LsatsHub.Engine.Selection;
using LsatsHub.Engine.Tests.Support;

namespace LsatsHub.Engine.Tests.Planning;

public sealed class ExecutionPlanTests
{
    private static readonly PipelineGraph Sample = SampleGraph.Build();

    private static ExecutionPlan PlanOf(PipelineGraph graph, params string[] steps) =>
        ExecutionPlan.Create(graph, steps.ToHashSet(StringComparer.Ordinal));

    [Fact]
    public void Tiers_follow_the_longest_path_from_the_roots()
    {
        var graph = Steps.Graph("a -> b -> c -> d", "a -> d", "e -> d", "f");

        var plan = PlanOf(graph, "a", "b", "c", "d", "e", "f");

        plan.Tiers.Should().HaveCount(4);
        plan.Tiers[0].Should().Equal("a", "e", "f");
        plan.Tiers[1].Should().Equal("b");
        plan.Tiers[2].Should().Equal("c");
        plan.Tiers[3].Should().Equal("d");
        plan.TierOf("d").Should().Be(3);
    }

    [Fact]
    public void A_selected_step_whose_parents_are_unselected_is_tier_zero()
    {
        var plan = PlanOf(Sample, "bronze.tdx.departments", "silver.tdx_users", "silver.users", "silver.labs");

        plan.Tiers.Should().HaveCount(3);
        plan.Tiers[0].Should().Equal("bronze.tdx.departments", "silver.tdx_users");
        plan.Tiers[1].Should().Equal("silver.users");
        plan.Tiers[2].Should().Equal("silver.labs");
    }

    [Fact]
    public void The_whole_sample_has_eight_tiers_ending_with_the_lab_tables()
    {
        var plan = ExecutionPlan.Create(Sample, StepSelector.Select(Sample, SelectionRequest.Everything));

        plan.Steps.Should().HaveCount(37);
        plan.Tiers.Select(tier => tier.Count).Should().Equal(11, 12, 4, 3, 2, 2, 1, 2);
        plan.Tiers[7].Should().Equal("silver.lab_computers", "silver.lab_managers");
    }

    [Fact]
    public void Steps_are_in_an_order_where_every_parent_comes_first()
    {
        var plan = ExecutionPlan.Create(Sample, StepSelector.Select(Sample, SelectionRequest.Everything));
        var position = plan.Steps.Select((step, index) => (step, index)).ToDictionary(pair => pair.step, pair => pair.index);

        foreach (var (source, target) in Sample.Edges)
        {
            position[source].Should().BeLessThan(position[target], $"{source} feeds {target}");
        }

        plan.Steps.Should().Equal(plan.Tiers.SelectMany(tier => tier));
    }

    [Fact]
    public void Parents_and_children_within_the_selection_leave_out_unselected_neighbours()
    {
        var plan = PlanOf(Sample, "silver.users", "silver.ad_users", "silver.labs", "silver.lab_members");

        plan.ParentsWithinSelection("silver.users").Should().Equal("silver.ad_users");
        plan.ParentsOutsideSelection("silver.users").Should().Equal(
            "bronze.tdx.departments", "silver.ad_organizational_units", "silver.lab_awards", "silver.mcommunity_users", "silver.tdx_users", "silver.umapi_employees");
        plan.ParentsWithinSelection("silver.lab_members").Should().Equal("silver.labs", "silver.users");
        plan.ChildrenWithinSelection("silver.users").Should().Equal("silver.lab_members", "silver.labs");
        plan.Contains("silver.groups").Should().BeFalse();
    }

    [Fact]
    public void Asking_about_a_step_outside_the_plan_names_it()
    {
        var plan = PlanOf(Sample, "silver.users");

        var act = () => plan.ParentsWithinSelection("silver.labs");

        act.Should().Throw<KeyNotFoundException>().WithMessage("step 'silver.labs' is not in the plan");
    }

    [Fact]
    public void Selecting_a_step_the_graph_does_not_have_names_it()
    {
        var act = () => PlanOf(Sample, "silver.users", "silver.nothing", "bronze.nothing");

        act.Should().Throw<ArgumentException>().WithMessage("the plan names steps the graph does not have: bronze.nothing, silver.nothing*");
    }
}
