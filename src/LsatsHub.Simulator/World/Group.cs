namespace LsatsHub.Simulator.World;

/// <summary>A group in MCommunity, AD, or both (synced through MCommADSync).</summary>
/// <param name="Name">cn.</param>
/// <param name="Kind">Where it lives.</param>
/// <param name="MemberIds">Person members.</param>
/// <param name="OwnerIds">Person owners (MCommunity owner, AD managedBy = first).</param>
/// <param name="MemberComputerNames">Computer members (AD only).</param>
/// <param name="GidNumber">MCommunity gidNumber.</param>
/// <param name="AdGuid">AD objectGUID.</param>
/// <param name="AdRid">AD RID.</param>
/// <param name="AdParentDn">The AD OU that holds it.</param>
/// <param name="LabPi">The lab it belongs to, if any.</param>
public sealed record Group(
    string Name,
    string DisplayName,
    GroupKind Kind,
    IReadOnlyList<int> MemberIds,
    IReadOnlyList<int> OwnerIds,
    IReadOnlyList<string> MemberComputerNames,
    int GidNumber,
    Guid AdGuid,
    int AdRid,
    string AdParentDn,
    string Description,
    string? LabPi,
    DateTimeOffset Created);
