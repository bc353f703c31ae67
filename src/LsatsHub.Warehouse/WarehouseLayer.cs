namespace LsatsHub.Warehouse;

/// <summary>The warehouse's schemas, in the order they are built.</summary>
public static class WarehouseLayer
{
    /// <summary>Every schema the warehouse owns.</summary>
    public static IReadOnlyList<string> Schemas { get; } = ["bronze", "silver", "gold", "meta"];
}
