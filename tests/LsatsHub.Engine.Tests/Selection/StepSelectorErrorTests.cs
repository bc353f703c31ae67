using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Selection;
using LsatsHub.Engine.Tests.Support;

namespace LsatsHub.Engine.Tests.Selection;

/// <summary>A selection fails loudly, naming the culprit, rather than running the wrong thing or nothing.</summary>
public sealed class StepSelectorErrorTests
{
    private static readonly PipelineGraph Sample = SampleGraph.Build();

    private static SelectionException SelectFails(SelectionRequest request)
    {
        var act = () => StepSelector.Select(Sample, request);
        return act.Should().Throw<SelectionException>().Which;
    }

    private static SelectionException SelectFails(string select) => SelectFails(new SelectionRequest([], [select], []));

    [Fact]
    public void Selecting_from_a_graph_without_steps_says_none_are_registered()
    {
        var empty = PipelineGraph.Build([], []);

        var act = () => StepSelector.Select(empty, SelectionRequest.Everything);

        act.Should().Throw<SelectionException>().WithMessage("no steps are registered, so nothing would run");
    }

    [Fact]
    public void An_unknown_name_suggests_the_closest_known_name()
    {
        SelectFails("silver.lab").Message.Should().Be("--select: unknown step or dataset 'silver.lab'; did you mean silver.labs?");
    }

    [Fact]
    public void An_unknown_name_suggests_at_most_three_names_closest_first()
    {
        SelectFails("silver.ad_user").Message.Should().Be(
            "--select: unknown step or dataset 'silver.ad_user'; did you mean silver.ad_users, silver.tdx_users, silver.users?");
    }

    [Fact]
    public void A_bare_last_segment_suggests_the_full_names_ending_with_it()
    {
        SelectFails("+labs").Message.Should().Be("--select: unknown step or dataset 'labs'; did you mean silver.labs?");
    }

    [Fact]
    public void A_name_like_nothing_known_gets_no_suggestion()
    {
        SelectFails("zzzz.qqqq").Message.Should().Be("--select: unknown step or dataset 'zzzz.qqqq'");
    }

    [Fact]
    public void An_unknown_target_or_exclude_name_fails_the_same_way()
    {
        SelectFails(new SelectionRequest(["silver.lab"], [], [])).Message.Should().StartWith("--target: unknown step or dataset 'silver.lab'");
        SelectFails(new SelectionRequest([], [], ["silver.lab"])).Message.Should().StartWith("--exclude: unknown step or dataset 'silver.lab'");
    }

    [Fact]
    public void An_external_dataset_cannot_be_selected_and_says_why()
    {
        SelectFails("source.tdx").Message.Should().Contain("'source.tdx' is an external dataset that no step produces");
    }

    [Theory]
    [InlineData("tag:nightly", "--select: unknown tag 'nightly'; known tags: composite, consolidated, enrich, tier1")]
    [InlineData("layer:gold", "--select: unknown layer 'gold'; known layers: bronze, silver")]
    [InlineData("source:ldap", "--select: unknown source 'ldap'; known sources: ad, documents, mcommunity, tdx, umapi")]
    [InlineData("tag:night*", "--select: no tag matches 'night*'; known tags: composite, consolidated, enrich, tier1")]
    [InlineData("silver.zz*", "--select: no step or dataset matches 'silver.zz*'")]
    public void An_unknown_method_value_lists_the_known_values(string select, string message)
    {
        SelectFails(select).Message.Should().Be(message);
    }

    [Fact]
    public void An_unknown_method_lists_the_methods()
    {
        SelectFails("owner:alice").Message.Should().Be("--select: 'owner:alice' uses the unknown method 'owner:'; the methods are tag:, layer: and source:");
    }

    [Theory]
    [InlineData("+")]
    [InlineData("@")]
    [InlineData("2+")]
    public void A_bare_operator_is_rejected(string select)
    {
        SelectFails(select).Message.Should().Be($"--select: '{select}' is an operator without a step, dataset or selector to apply it to; write NAME, +NAME, NAME+, +NAME+, 2+NAME, NAME+1, @NAME, tag:T, layer:L or source:S");
    }

    [Theory]
    [InlineData("0+silver.labs", "'0+silver.labs' has a malformed depth '0'")]
    [InlineData("silver.labs+00", "'silver.labs+00' has a malformed depth '00'")]
    [InlineData("99999999999+silver.labs", "'99999999999+silver.labs' has a malformed depth '99999999999'")]
    [InlineData("silver.labs+x", "'silver.labs+x' is malformed")]
    [InlineData("2a+silver.labs", "'2a+silver.labs' is malformed")]
    [InlineData("++silver.labs", "'++silver.labs' is malformed")]
    [InlineData("@@silver.labs", "'@@silver.labs' is malformed")]
    [InlineData("@+silver.labs", "'@+silver.labs' combines '@' with '+'")]
    [InlineData("@silver.labs+", "'@silver.labs+' combines '@' with '+'")]
    [InlineData("tag:", "'tag:' has no value after 'tag:'")]
    public void A_malformed_term_is_rejected_and_quoted(string select, string messageStart)
    {
        SelectFails(select).Message.Should().StartWith("--select: " + messageStart);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_argument_is_rejected(string select)
    {
        SelectFails(select).Message.Should().Be("--select was given an empty selector");
    }

    [Theory]
    [InlineData("silver.labs,")]
    [InlineData(",silver.labs")]
    [InlineData("silver.labs,,tag:composite")]
    public void An_empty_selector_beside_a_comma_is_rejected(string select)
    {
        SelectFails(select).Message.Should().Be($"--select: '{select}' has an empty selector next to a comma; join selectors as in layer:bronze,source:tdx");
    }

    [Fact]
    public void An_intersection_that_matches_nothing_is_an_error_with_the_counts()
    {
        SelectFails("layer:bronze,tag:composite").Message.Should().Be(
            "--select: 'layer:bronze,tag:composite' matches no step (layer:bronze: 16 steps, tag:composite: 4 steps; none in common)");
    }

    [Fact]
    public void Excluding_everything_selected_is_an_error_never_an_empty_run()
    {
        var problem = SelectFails(new SelectionRequest(["silver.departments"], [], ["+silver.departments"]));

        problem.Message.Should().Be(
            "the selection '--target silver.departments --exclude +silver.departments' matches no step, so nothing would run (--exclude removed every selected step)");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problem = SelectFails(new SelectionRequest(["silver.lab"], ["tag:nightly +"], ["layer:gold"]));

        problem.Problems.Should().Equal(
            "--target: unknown step or dataset 'silver.lab'; did you mean silver.labs?",
            "--select: unknown tag 'nightly'; known tags: composite, consolidated, enrich, tier1",
            "--select: '+' is an operator without a step, dataset or selector to apply it to; write NAME, +NAME, NAME+, +NAME+, 2+NAME, NAME+1, @NAME, tag:T, layer:L or source:S",
            "--exclude: unknown layer 'gold'; known layers: bronze, silver");
        problem.Message.Should().StartWith("the selection is invalid:").And.Contain("  - --exclude: unknown layer 'gold'");
    }

    [Fact]
    public void A_graph_without_tags_says_so()
    {
        var graph = Steps.Graph("a -> b");

        var act = () => StepSelector.Select(graph, new SelectionRequest([], ["tag:x"], []));

        act.Should().Throw<SelectionException>().WithMessage("--select: unknown tag 'x'; no step has a tag");
    }
}
