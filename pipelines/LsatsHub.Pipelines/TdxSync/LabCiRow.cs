namespace LsatsHub.Pipelines.TdxSync;

/// <summary>One monitored lab as <c>SyncLabCis.sql</c> reads it.</summary>
/// <param name="LabId">The lab (its PI's uniqname).</param>
/// <param name="CiId">The CI id written back by an earlier run, if any.</param>
/// <param name="OwnerUid">The PI's TDX UID; null when the PI is not a TDX user (the lab is skipped).</param>
/// <param name="DepartmentTdxId">The lab's primary department in TDX, if known.</param>
/// <param name="ManagerUids">Manager TDX UIDs by rank.</param>
/// <param name="Locations">Where the lab's computers are, most computers first (at most three).</param>
internal sealed record LabCiRow(string LabId, int? CiId, string? OwnerUid, int? DepartmentTdxId, IReadOnlyList<string> ManagerUids, IReadOnlyList<LabLocation> Locations)
{
    /// <summary>The CI's name, as the original named it.</summary>
    public string CiName => LabId + " Lab";
}
