namespace LsatsHub.Simulator.World;

/// <summary>One machine and how each source knows it.</summary>
/// <param name="Name">Canonical (uppercase) hostname.</param>
/// <param name="SerialNumber">OEM serial number.</param>
/// <param name="Macs">MAC addresses, canonical 12 uppercase hex digits; the first is the primary NIC.</param>
/// <param name="DeptId">Owning department.</param>
/// <param name="LabPi">The lab it belongs to, null for a department machine.</param>
/// <param name="OwnerPersonId">Owner (TDX OwningCustomer, KeyConfigure Owner), null if none.</param>
/// <param name="LastUserPersonId">Last logged-on user (KeyConfigure), null if none.</param>
/// <param name="OuDn">The OU that holds its AD object.</param>
/// <param name="InTdx">Has a TDX asset.</param>
/// <param name="InAd">Has an AD computer object.</param>
/// <param name="InKeyConfigure">Appears in the KeyConfigure export.</param>
/// <param name="TdxNameSpelling">Name as TDX spells it (case differences).</param>
/// <param name="TdxMacFormat">How TDX writes MACs.</param>
/// <param name="KeyConfigureMacFormat">How KeyConfigure writes MACs.</param>
public sealed record Computer(
    string Name,
    string SerialNumber,
    IReadOnlyList<string> Macs,
    string DeptId,
    string? LabPi,
    int? OwnerPersonId,
    int? LastUserPersonId,
    string OuDn,
    int TdxAssetId,
    int TdxCiId,
    string TdxTag,
    Guid AdGuid,
    int AdRid,
    bool InTdx,
    bool InAd,
    bool InKeyConfigure,
    bool AdDisabled,
    string TdxNameSpelling,
    MacFormat TdxMacFormat,
    MacFormat KeyConfigureMacFormat,
    string Manufacturer,
    string Model,
    string OperatingSystem,
    string OperatingSystemVersion,
    string KeyConfigureId,
    DateTimeOffset Created);
