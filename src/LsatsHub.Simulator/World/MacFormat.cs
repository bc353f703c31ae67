namespace LsatsHub.Simulator.World;

/// <summary>The ways sources write a MAC address.</summary>
public enum MacFormat
{
    /// <summary>AA:BB:CC:DD:EE:FF.</summary>
    ColonUpper,

    /// <summary>aa:bb:cc:dd:ee:ff.</summary>
    ColonLower,

    /// <summary>AA-BB-CC-DD-EE-FF.</summary>
    DashUpper,

    /// <summary>AABBCCDDEEFF.</summary>
    Bare,

    /// <summary>aabb.ccdd.eeff (Cisco style).</summary>
    DottedLower,
}
