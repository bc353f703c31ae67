namespace LsatsHub.Pipelines.TdxSync;

/// <summary>One place where a lab's computers are, as <c>silver.v_lab_locations_tdx_reference</c> counts them.</summary>
/// <param name="LocationId">The TDX location (building); 0 when unknown.</param>
/// <param name="RoomId">The TDX room in that location; 0 when unknown.</param>
internal sealed record LabLocation(int LocationId, int RoomId)
{
    /// <summary>What a location attribute holds: the room id, else the location id (as the original wrote it).</summary>
    public string AttributeValue => (RoomId > 0 ? RoomId : LocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
