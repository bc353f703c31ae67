using LsatsHub.Engine;

namespace LsatsHub.Engine.Tests;

public sealed class DatasetIdTests
{
    [Theory]
    [InlineData("bronze.tdx.users", "bronze")]
    [InlineData("silver.labs", "silver")]
    public void A_dotted_lower_case_name_is_a_dataset_id_whose_first_segment_is_the_layer(string name, string layer)
    {
        var id = new DatasetId(name);

        id.Name.Should().Be(name);
        id.Layer.Should().Be(new LayerName(layer));
    }

    [Theory]
    [InlineData("")]
    [InlineData("labs")]
    [InlineData("Silver.Labs")]
    [InlineData("silver..labs")]
    [InlineData("silver.labs ")]
    public void Anything_else_is_rejected_with_a_reason(string name)
    {
        var act = () => new DatasetId(name);

        act.Should().Throw<ArgumentException>().WithMessage("*dataset id*");
    }
}
