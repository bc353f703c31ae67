namespace LsatsHub.Simulator.World;

/// <summary>Which sources know a person, and in what state.</summary>
public sealed record SourcePresence(
    bool InMcommunity,
    bool InAd,
    bool InTdx,
    bool AdDisabled,
    bool TdxActive);
