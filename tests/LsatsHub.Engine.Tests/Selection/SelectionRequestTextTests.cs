using LsatsHub.Engine.Selection;
using LsatsHub.Engine.Tests.Support;

namespace LsatsHub.Engine.Tests.Selection;

/// <summary>The canonical selection text stored with a run, and reading it back for <c>retry</c>.</summary>
public sealed class SelectionRequestTextTests
{
    public static TheoryData<SelectionRequest, string> Requests => new()
    {
        { SelectionRequest.Everything, string.Empty },
        { new SelectionRequest(["silver.labs"], [], ["source:tdx"]), "--target silver.labs --exclude source:tdx" },
        { new SelectionRequest([], ["+silver.users", "tag:enrich layer:bronze,source:tdx"], []), "--select +silver.users tag:enrich layer:bronze,source:tdx" },
        { new SelectionRequest(["a  b"], ["2+c+1", "@d"], ["e*"]), "--target a b --select 2+c+1 @d --exclude e*" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Describe_writes_the_options_in_order_with_single_spaces(SelectionRequest request, string text)
    {
        request.Describe().Should().Be(text);
        request.ToString().Should().Be(text);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void Parse_reads_the_description_back_into_an_equal_request(SelectionRequest request, string text)
    {
        var parsed = SelectionRequest.Parse(text);

        parsed.Should().Be(request);
        parsed.GetHashCode().Should().Be(request.GetHashCode());
        parsed.Describe().Should().Be(text);
    }

    [Fact]
    public void A_round_trip_selects_the_same_steps()
    {
        var graph = SampleGraph.Build();
        var request = new SelectionRequest(["silver.labs"], ["tag:enrich"], ["source:tdx,layer:silver"]);

        var again = StepSelector.Select(graph, SelectionRequest.Parse(request.Describe()));

        again.Should().Equal(StepSelector.Select(graph, request));
    }

    [Fact]
    public void Parse_accepts_repeated_options_and_extra_spaces()
    {
        var parsed = SelectionRequest.Parse("  --select a   --exclude c --select b  ");

        parsed.Should().Be(new SelectionRequest([], ["a", "b"], ["c"]));
        parsed.Describe().Should().Be("--select a b --exclude c");
    }

    [Fact]
    public void Requests_with_different_terms_are_not_equal()
    {
        new SelectionRequest([], ["a"], []).Should().NotBe(new SelectionRequest(["a"], [], []));
        new SelectionRequest([], ["a b"], []).Should().NotBe(new SelectionRequest([], ["b a"], []));
    }

    [Theory]
    [InlineData("--frobnicate x", "unknown option '--frobnicate'")]
    [InlineData("silver.labs", "'silver.labs' in selection text 'silver.labs' comes before any option")]
    [InlineData("--select", "--select needs at least one step, dataset or selector after it")]
    [InlineData("--select --exclude x", "--select needs at least one step, dataset or selector after it")]
    public void Parse_rejects_text_that_is_not_a_selection(string text, string messageStart)
    {
        var act = () => SelectionRequest.Parse(text);

        act.Should().Throw<SelectionException>().Which.Message.Should().StartWith(messageStart);
    }
}
