namespace LsatsHub.Simulator.World;

/// <summary>Where a group lives.</summary>
public enum GroupKind
{
    /// <summary>MCommunity only.</summary>
    Mcommunity,

    /// <summary>AD only.</summary>
    ActiveDirectory,

    /// <summary>MCommunity, mirrored into AD under OU=MCommADSync.</summary>
    Synced,
}
