using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Selection;
using LsatsHub.Engine.Tests.Support;

namespace LsatsHub.Engine.Tests.Selection;

/// <summary>How targets, selects and excludes combine.</summary>
public sealed class StepSelectorRequestTests
{
    private static readonly PipelineGraph Sample = SampleGraph.Build();

    private static readonly string[] DepartmentsAncestry =
        ["silver.departments", "silver.tdx_departments", "bronze.tdx.enrich_departments", "bronze.tdx.departments", "silver.umapi_departments", "bronze.umapi.departments"];

    private static readonly string[] GroupsAncestry =
        ["silver.groups", "silver.ad_groups", "bronze.ad.groups", "silver.mcommunity_groups", "bronze.mcommunity.groups"];

    [Fact]
    public void Nothing_asked_selects_every_step()
    {
        var selected = StepSelector.Select(Sample, SelectionRequest.Everything);

        selected.Should().HaveCount(37).And.BeEquivalentTo(Sample.Steps.Select(step => step.Descriptor.Name));
    }

    [Fact]
    public void A_target_is_the_step_plus_every_ancestor()
    {
        var byTarget = StepSelector.Select(Sample, new SelectionRequest(["silver.departments"], [], []));

        byTarget.Should().BeEquivalentTo(DepartmentsAncestry);
        byTarget.Should().BeEquivalentTo(StepSelector.Select(Sample, new SelectionRequest([], ["+silver.departments"], [])));
    }

    [Fact]
    public void Several_targets_unite_whether_given_as_separate_arguments_or_in_one()
    {
        var separate = StepSelector.Select(Sample, new SelectionRequest(["silver.departments", "silver.groups"], [], []));
        var together = StepSelector.Select(Sample, new SelectionRequest(["silver.departments  silver.groups"], [], []));

        separate.Should().BeEquivalentTo(DepartmentsAncestry.Concat(GroupsAncestry));
        together.Should().BeEquivalentTo(separate);
    }

    [Fact]
    public void A_target_and_a_select_unite()
    {
        var selected = StepSelector.Select(Sample, new SelectionRequest(["silver.departments"], ["tag:enrich"], []));

        selected.Should().BeEquivalentTo(DepartmentsAncestry.Concat(["bronze.tdx.enrich_users", "bronze.tdx.enrich_assets"]));
    }

    [Fact]
    public void An_exclude_removes_its_matches_from_a_target()
    {
        var selected = StepSelector.Select(Sample, new SelectionRequest(["silver.departments"], [], ["source:tdx"]));

        selected.Should().BeEquivalentTo("silver.departments", "silver.umapi_departments", "bronze.umapi.departments");
    }

    [Fact]
    public void An_exclude_alone_removes_from_every_step()
    {
        var selected = StepSelector.Select(Sample, new SelectionRequest([], [], ["layer:silver source:tdx"]));

        selected.Should().BeEquivalentTo(
            "bronze.umapi.departments", "bronze.umapi.employees", "bronze.ad.users", "bronze.ad.groups", "bronze.ad.ous", "bronze.ad.computers",
            "bronze.mcommunity.users", "bronze.mcommunity.groups", "bronze.documents.lab_awards", "bronze.documents.keyconfigure");
    }

    [Fact]
    public void An_exclude_takes_graph_operators_and_intersections()
    {
        var selected = StepSelector.Select(Sample, new SelectionRequest(["silver.departments"], [], ["+silver.tdx_departments,layer:bronze"]));

        selected.Should().BeEquivalentTo("silver.departments", "silver.tdx_departments", "silver.umapi_departments", "bronze.umapi.departments");
    }

    [Fact]
    public void An_exclude_intersection_that_matches_nothing_removes_nothing()
    {
        var selected = StepSelector.Select(Sample, new SelectionRequest(["silver.departments"], [], ["layer:bronze,tag:composite"]));

        selected.Should().BeEquivalentTo(DepartmentsAncestry);
    }
}
