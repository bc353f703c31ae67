namespace LsatsHub.Simulator.World;

/// <summary>One real human and every identifier the sources give them.</summary>
/// <param name="Id">Stable index in the world.</param>
/// <param name="Uniqname">The canonical (lowercase, trimmed) uniqname.</param>
/// <param name="EmplId">UMID / EmplId (TDX ExternalID, UMich API EmplId).</param>
/// <param name="Title">Main job title (MCommunity umichTitle, TDX Title).</param>
/// <param name="DeptId">Home department, null for people without one.</param>
/// <param name="UidNumber">POSIX uid number (MCommunity, AD).</param>
/// <param name="AdGuid">AD objectGUID.</param>
/// <param name="AdRid">AD relative id (last part of objectSid).</param>
/// <param name="TdxUid">TDX UID.</param>
/// <param name="TdxReferenceId">TDX ReferenceID.</param>
/// <param name="Created">When the accounts were created.</param>
public sealed record Person(
    int Id,
    string Uniqname,
    string FirstName,
    string? MiddleName,
    string LastName,
    Affiliation Affiliation,
    string EmplId,
    string Title,
    string? DeptId,
    int UidNumber,
    Guid AdGuid,
    int AdRid,
    Guid TdxUid,
    int TdxReferenceId,
    DateTimeOffset Created,
    SourcePresence Presence,
    PersonDirt Dirt,
    IReadOnlyList<Employment> Employments)
{
    /// <summary>The canonical e-mail address.</summary>
    public string Email => Uniqname + "@umich.edu";

    /// <summary>"First Last" as displayed.</summary>
    public string FullName => FirstName + " " + LastName;

    /// <summary>Served by the UMich API (has employment records).</summary>
    public bool InUmApi => Employments.Count > 0;
}
