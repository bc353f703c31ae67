namespace LsatsHub.Warehouse.Tests;

public sealed class WarehouseLayerTests
{
    [Fact]
    public void The_warehouse_has_the_four_medallion_and_meta_schemas()
    {
        WarehouseLayer.Schemas.Should().Equal("bronze", "silver", "gold", "meta");
    }
}
