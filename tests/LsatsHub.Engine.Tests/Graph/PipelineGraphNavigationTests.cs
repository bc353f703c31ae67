using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Tests.Support;

namespace LsatsHub.Engine.Tests.Graph;

public sealed class PipelineGraphNavigationTests
{
    private readonly PipelineGraph _sample = SampleGraph.Build();

    [Fact]
    public void An_edge_joins_each_producer_to_each_reader_once_in_order()
    {
        var graph = new TestGraphBuilder()
            .External("source.x")
            .Step("bronze.x.a", reads: ["source.x"], writes: ["bronze.x.a", "bronze.x.a_extra"])
            .Step("bronze.x.b", reads: ["source.x"])
            .Step("silver.c", reads: ["bronze.x.a", "bronze.x.a_extra", "bronze.x.b"])
            .Step("silver.d", reads: ["silver.c", "bronze.x.a"])
            .Build();

        graph.Edges.Should().Equal(
            ("bronze.x.a", "silver.c"),
            ("bronze.x.a", "silver.d"),
            ("bronze.x.b", "silver.c"),
            ("silver.c", "silver.d"));
    }

    [Fact]
    public void Steps_are_ordered_by_name_whatever_the_registration_order()
    {
        var graph = PipelineGraph.Build(SampleGraph.Builder().Steps.Reverse(), SampleGraph.Builder().Externals);

        graph.Steps.Select(step => step.Descriptor.Name).Should().BeInAscendingOrder(StringComparer.Ordinal);
        graph.Edges.Should().Equal(_sample.Edges);
    }

    [Fact]
    public void Parents_and_children_are_the_direct_neighbours_ordered_by_name()
    {
        _sample.ParentsOf("silver.labs").Should().Equal("silver.ad_organizational_units", "silver.departments", "silver.lab_awards", "silver.users");
        _sample.ChildrenOf("silver.labs").Should().Equal("silver.lab_computers", "silver.lab_managers", "silver.lab_members");
    }

    [Fact]
    public void Ancestors_without_depth_reach_the_roots()
    {
        _sample.AncestorsOf("silver.departments").Should().BeEquivalentTo(
            "silver.tdx_departments", "bronze.tdx.enrich_departments", "bronze.tdx.departments", "silver.umapi_departments", "bronze.umapi.departments");
    }

    [Theory]
    [InlineData(1, new[] { "silver.tdx_departments", "silver.umapi_departments" })]
    [InlineData(2, new[] { "silver.tdx_departments", "silver.umapi_departments", "bronze.tdx.enrich_departments", "bronze.umapi.departments" })]
    public void Ancestors_with_a_depth_stop_after_that_many_generations(int depth, string[] expected)
    {
        _sample.AncestorsOf("silver.departments", depth).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Descendants_with_a_depth_stop_after_that_many_generations()
    {
        _sample.DescendantsOf("bronze.tdx.users", 1).Should().BeEquivalentTo("bronze.tdx.assets", "bronze.tdx.enrich_users");
        _sample.DescendantsOf("bronze.tdx.users", 2).Should().BeEquivalentTo(
            "bronze.tdx.assets", "bronze.tdx.enrich_users", "bronze.tdx.enrich_assets", "silver.tdx_users");
        _sample.DescendantsOf("silver.labs").Should().BeEquivalentTo("silver.lab_members", "silver.lab_computers", "silver.lab_managers");
    }

    [Fact]
    public void A_dataset_name_resolves_to_its_producer_and_an_external_to_nothing()
    {
        _sample.TryResolve("silver.group_members", out var producer).Should().BeTrue();
        producer.Should().Be("silver.groups");
        _sample.TryResolve("bronze.tdx.users_enriched", out var enricher).Should().BeTrue();
        enricher.Should().Be("bronze.tdx.enrich_users");
        _sample.TryResolve("source.tdx", out _).Should().BeFalse();
        _sample.KnownNames.Should().Contain(["silver.group_members", "bronze.tdx.enrich_users"]).And.NotContain("source.tdx");
    }

    [Fact]
    public void Walking_from_an_unknown_step_names_it()
    {
        var act = () => _sample.AncestorsOf("silver.nothing");

        act.Should().Throw<KeyNotFoundException>().WithMessage("*silver.nothing*");
    }
}
