namespace LsatsHub.Simulator.World;

/// <summary>A UMich department (DeptId) and its TDX account.</summary>
/// <param name="DeptId">Six-digit UMich department id, also the TDX account Code.</param>
/// <param name="Name">DeptDescription.</param>
/// <param name="ParentDeptId">The college's administration department, null for a college root.</param>
/// <param name="College">The college (DeptGroup) it belongs to.</param>
/// <param name="TdxAccountId">TDX account ID.</param>
/// <param name="InUmApi">Served by the UMich API.</param>
/// <param name="InTdx">Has a TDX account.</param>
/// <param name="TdxCodeMissing">Dirt: the TDX account has an empty Code.</param>
/// <param name="Abbreviation">2–6 lowercase letters, used in OU and computer names.</param>
/// <param name="AdOuName">OU name under LSA (null outside LSA).</param>
/// <param name="Region">LSA support region OU (null outside LSA).</param>
public sealed record Department(
    string DeptId,
    string Name,
    string? ParentDeptId,
    College College,
    int TdxAccountId,
    bool InUmApi,
    bool InTdx,
    bool TdxCodeMissing,
    string Abbreviation,
    string? AdOuName,
    string? Region)
{
    /// <summary>True for LSA departments (those have AD OUs, labs and computers).</summary>
    public bool IsLsa => AdOuName is not null;
}
