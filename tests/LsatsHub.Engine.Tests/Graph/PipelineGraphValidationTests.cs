using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Tests.Support;

namespace LsatsHub.Engine.Tests.Graph;

public sealed class PipelineGraphValidationTests
{
    [Fact]
    public void Two_producers_of_one_dataset_are_named_with_the_dataset()
    {
        var builder = new TestGraphBuilder()
            .Step("silver.users_from_tdx", writes: ["silver.users"])
            .Step("silver.users_from_ad", writes: ["silver.users"]);

        var act = builder.Build;

        act.Should().Throw<PipelineGraphException>()
            .Which.Problems.Should().ContainSingle()
            .Which.Should().Be("dataset 'silver.users' has 2 producers: silver.users_from_ad, silver.users_from_tdx");
    }

    [Fact]
    public void An_input_that_nothing_produces_names_the_reader_and_the_dataset()
    {
        var builder = new TestGraphBuilder()
            .Step("silver.labs", reads: ["silver.lab_awards"]);

        var act = builder.Build;

        act.Should().Throw<PipelineGraphException>()
            .Which.Problems.Should().ContainSingle()
            .Which.Should().Be("step silver.labs reads 'silver.lab_awards', which no step produces and which is not declared external");
    }

    [Fact]
    public void A_declared_external_input_needs_no_producer()
    {
        var builder = new TestGraphBuilder()
            .External("source.tdx")
            .Step("bronze.tdx.users", reads: ["source.tdx"]);

        var graph = builder.Build();

        graph.Externals.Select(external => external.Id.Name).Should().Equal("source.tdx");
        graph.ParentsOf("bronze.tdx.users").Should().BeEmpty();
    }

    [Fact]
    public void A_dataset_declared_external_but_produced_names_the_producer()
    {
        var builder = new TestGraphBuilder()
            .External("bronze.tdx.users")
            .Step("bronze.tdx.users");

        var act = builder.Build;

        act.Should().Throw<PipelineGraphException>()
            .Which.Problems.Should().ContainSingle()
            .Which.Should().Be("dataset 'bronze.tdx.users' is declared external but step bronze.tdx.users produces it");
    }

    [Fact]
    public void A_cycle_is_printed_in_order_from_its_first_step_back_to_it()
    {
        var act = () => Steps.Graph("a -> b -> c -> a", "x -> a");

        act.Should().Throw<PipelineGraphException>()
            .Which.Problems.Should().Equal("cycle: a -> b -> c -> a");
    }

    [Fact]
    public void A_step_reading_its_own_output_is_a_cycle_of_one()
    {
        var act = () => Steps.Graph("a -> a");

        act.Should().Throw<PipelineGraphException>()
            .Which.Problems.Should().Equal("cycle: a -> a");
    }

    [Fact]
    public void Each_separate_cycle_is_reported_in_order_of_its_first_step()
    {
        var act = () => Steps.Graph("m -> n -> m", "c -> d -> e -> c");

        act.Should().Throw<PipelineGraphException>()
            .Which.Problems.Should().Equal("cycle: c -> d -> e -> c", "cycle: m -> n -> m");
    }

    [Fact]
    public void A_step_name_registered_twice_is_reported()
    {
        var builder = new TestGraphBuilder()
            .Step("silver.labs")
            .Step("silver.labs", writes: ["silver.labs_copy"]);

        var act = builder.Build;

        act.Should().Throw<PipelineGraphException>()
            .Which.Problems.Should().ContainSingle(problem => problem.StartsWith("step name 'silver.labs' is registered 2 times", StringComparison.Ordinal));
    }

    [Fact]
    public void Several_problems_are_reported_together_in_one_exception()
    {
        var builder = new TestGraphBuilder()
            .External("source.ad")
            .Step("bronze.ad.users", writes: ["source.ad"])
            .Step("silver.users", reads: ["bronze.tdx.users"], writes: ["silver.people"])
            .Step("silver.people", writes: ["silver.people"])
            .Step("a", reads: ["test.b"])
            .Step("b", reads: ["test.a"]);

        var act = builder.Build;

        var problems = act.Should().Throw<PipelineGraphException>().Which.Problems;
        problems.Should().BeEquivalentTo(
            "dataset 'silver.people' has 2 producers: silver.people, silver.users",
            "dataset 'source.ad' is declared external but step bronze.ad.users produces it",
            "step silver.users reads 'bronze.tdx.users', which no step produces and which is not declared external",
            "cycle: a -> b -> a");
        act.Should().Throw<PipelineGraphException>().Which.Message.Should().Contain("silver.people").And.Contain("cycle: a -> b -> a");
    }
}
