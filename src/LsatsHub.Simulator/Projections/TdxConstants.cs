namespace LsatsHub.Simulator.Projections;

/// <summary>TDX ids the project's code relies on (docs/sources.md, TeamDynamix constant ids).</summary>
public static class TdxConstants
{
    /// <summary>Tickets application.</summary>
    public const int TicketsAppId = 46;

    /// <summary>Assets/CIs application.</summary>
    public const int AssetsAppId = 48;

    /// <summary>Asset status Active.</summary>
    public const int StatusActive = 38;

    /// <summary>Asset status Retired (in the bronze status list).</summary>
    public const int StatusRetired = 39;

    /// <summary>Computer asset form.</summary>
    public const int ComputerFormId = 2448;

    /// <summary>BackingItemType of an asset's system CI.</summary>
    public const int BackingAsset = 27;

    /// <summary>BackingItemType of a plain CI.</summary>
    public const int BackingPlainCi = 63;

    /// <summary>Financial owner custom attribute.</summary>
    public const int FinancialOwnerAttribute = 10896;

    /// <summary>Function attribute value Research.</summary>
    public const int FunctionResearch = 27316;

    /// <summary>Function attribute value Admin/Staff.</summary>
    public const int FunctionAdmin = 27311;
}
