namespace LsatsHub.Simulator.World;

/// <summary>A sponsored award (lab_awards CSV rows = one per named person).</summary>
public sealed record Award(
    string AwardId,
    string ProjectGrant,
    string Title,
    string AwardClass,
    string AdminDeptId,
    DateOnly Start,
    DateOnly End,
    DateOnly? PreNceEnd,
    long DirectDollars,
    long IndirectDollars,
    decimal FacilitiesRate,
    string DirectSponsor,
    string DirectSponsorReference,
    string DirectSponsorCategory,
    string DirectSponsorSubcategory,
    string? PrimeSponsor,
    DateOnly Published,
    IReadOnlyList<AwardPerson> People);
