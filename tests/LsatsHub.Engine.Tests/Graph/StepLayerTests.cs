using LsatsHub.Engine.Graph;
using LsatsHub.Engine.Tests.Support;
using LsatsHub.Testing;

namespace LsatsHub.Engine.Tests.Graph;

/// <summary>A step's layer comes from the datasets it writes; tags, resources and layers are checked names.</summary>
public sealed class StepLayerTests
{
    [Fact]
    public void A_step_takes_the_layer_its_outputs_share()
    {
        var graph = new TestGraphBuilder()
            .Step("bronze.tdx.users")
            .Step("silver.groups", reads: ["bronze.tdx.users"], writes: ["silver.groups", "silver.group_members"])
            .Build();

        graph["bronze.tdx.users"].Descriptor.Layer.Should().Be(new LayerName("bronze"));
        graph["silver.groups"].Descriptor.Layer.Should().Be(new LayerName("silver"));
    }

    [Fact]
    public void A_step_whose_outputs_lie_in_two_layers_is_rejected_with_both_layers_named()
    {
        var builder = new TestGraphBuilder()
            .Step("mixed", writes: ["silver.users", "bronze.tdx.users", "silver.labs"]);

        var act = builder.Build;

        act.Should().Throw<PipelineGraphException>()
            .Which.Problems.Should().ContainSingle()
            .Which.Should().Be("step mixed writes datasets of 2 layers (bronze: bronze.tdx.users, silver: silver.labs, silver.users); all outputs of a step must share one layer, which becomes the step's layer");
    }

    [Fact]
    public void A_step_without_outputs_has_no_layer_and_is_rejected()
    {
        var builder = new TestGraphBuilder().Add(new TestStep(new StepDescriptor { Name = "nothing", Outputs = [] }));

        var act = builder.Build;

        act.Should().Throw<PipelineGraphException>()
            .Which.Problems.Should().ContainSingle()
            .Which.Should().Be("step nothing writes no dataset; a step's layer comes from the datasets it writes");
    }

    [Fact]
    public void A_tag_that_repeats_the_layer_or_the_source_is_rejected()
    {
        var builder = new TestGraphBuilder()
            .Step("bronze.tdx.users", source: "tdx", tags: ["bronze", "tdx", "ingest"]);

        var act = builder.Build;

        act.Should().Throw<PipelineGraphException>()
            .Which.Problems.Should().Equal(
                "step bronze.tdx.users has the tag 'bronze', which repeats its layer; select it with layer:bronze instead",
                "step bronze.tdx.users has the tag 'tdx', which repeats its source; select it with source:tdx instead");
    }

    [Fact]
    public void An_uninitialised_tag_or_resource_is_rejected()
    {
        var builder = new TestGraphBuilder().Add(new TestStep(new StepDescriptor
        {
            Name = "bronze.a",
            Outputs = [new DatasetId("bronze.a")],
            Tags = [default],
            Resources = [default],
        }));

        var act = builder.Build;

        act.Should().Throw<PipelineGraphException>()
            .Which.Problems.Should().Equal("step bronze.a has an uninitialised tag", "step bronze.a holds an uninitialised resource");
    }

    [Theory]
    [InlineData("layer:bronze")]
    [InlineData("source:tdx")]
    [InlineData("Tier1")]
    [InlineData("")]
    [InlineData("two words")]
    public void A_tag_or_resource_name_must_be_one_lower_case_word(string name)
    {
        var tag = () => new StepTag(name);
        var resource = () => new ResourceName(name);
        var layer = () => new LayerName(name);

        tag.Should().Throw<ArgumentException>().WithMessage("*step tag*");
        resource.Should().Throw<ArgumentException>().WithMessage("*resource name*");
        layer.Should().Throw<ArgumentException>().WithMessage("*layer name*");
    }

    [Fact]
    public void Names_compare_by_value()
    {
        new StepTag("tier1").Should().Be(new StepTag("tier1"));
        new ResourceName("tdx-api").Should().NotBe(new ResourceName("ldap-ad"));
        new DatasetId("silver.labs").Layer.Should().Be(new LayerName("silver"));
        default(StepTag).IsDefined.Should().BeFalse();
        default(StepTag).ToString().Should().BeEmpty();
    }
}
