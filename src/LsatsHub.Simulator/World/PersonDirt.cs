namespace LsatsHub.Simulator.World;

/// <summary>How a person's records are dirty; silver must see through all of it.</summary>
/// <param name="TdxUniqnameSpelling">The uniqname as TDX spells it (case or whitespace differences), null when clean.</param>
/// <param name="KeyConfigureUniqnameSpelling">The uniqname as KeyConfigure "Last User" spells it, null when clean.</param>
/// <param name="TdxMissingEmail">TDX PrimaryEmail is empty.</param>
/// <param name="McommunityMissingEmail">MCommunity has no mail.</param>
/// <param name="PreviousLastName">Renamed: TDX and AD still carry this old last name.</param>
/// <param name="MalformedTdx">TDX AlternateID is JSON null.</param>
/// <param name="MalformedUmApi">UMich API FirstName is null.</param>
/// <param name="MalformedMcommunity">MCommunity entry lacks uidNumber (and posixAccount).</param>
public sealed record PersonDirt(
    string? TdxUniqnameSpelling,
    string? KeyConfigureUniqnameSpelling,
    bool TdxMissingEmail,
    bool McommunityMissingEmail,
    string? PreviousLastName,
    bool MalformedTdx,
    bool MalformedUmApi,
    bool MalformedMcommunity)
{
    /// <summary>No dirt.</summary>
    public static PersonDirt Clean { get; } = new(null, null, false, false, null, false, false, false);
}
