namespace LsatsHub.Simulator.World;

/// <summary>
/// How much of the university changes in one month, i.e. in one <c>lsats-sim mutate</c>: each figure is the share of
/// its population that changes (0..1). The one place these rates live; docs/simulator.md explains where each comes
/// from, so "a run after a month" measures what production sees rather than everything changing at once.
/// </summary>
public sealed record ChurnRates
{
    /// <summary>The rates of a real month.</summary>
    public static ChurnRates Monthly { get; } = new();

    /// <summary>Employees who leave (become alumni; AD account disabled, TDX user inactive, no employment): about 12 % a year.</summary>
    public double Departures { get; init; } = 0.01;

    /// <summary>New staff and faculty, as a share of the employees there are (replacing those who left).</summary>
    public double Hires { get; init; } = 0.01;

    /// <summary>Employees whose surname changes (sn, displayName, cn in MCommunity, TDX LastName/FullName).</summary>
    public double Renames { get; init; } = 0.003;

    /// <summary>AD users who set a new password this month (<c>pwdLastSet</c>); passwords do not expire on a schedule.</summary>
    public double UserPasswordChanges { get; init; } = 0.04;

    /// <summary>
    /// AD users who signed in this month: their <c>lastLogonTimestamp</c> moves (and with it whenChanged/uSNChanged).
    /// The same accounts every month (alumni and sponsored accounts mostly sleep).
    /// </summary>
    public double ActiveUsers { get; init; } = 0.6;

    /// <summary>Computers moved to another department's OU (and owner).</summary>
    public double ComputerMoves { get; init; } = 0.02;

    /// <summary>
    /// Computers switched on this month: the machine account password and the LAPS password rotate every 30 days
    /// (<c>pwdLastSet</c>, <c>ms-Mcs-AdmPwdExpirationTime</c>), <c>lastLogon*</c> move, KeyConfigure audits them
    /// (Last Session, Last Startup, Last Audit) and TDX's Last Inventoried Date moves. The same machines every month;
    /// the rest are stale objects nobody has cleaned up.
    /// </summary>
    public double ActiveComputers { get; init; } = 0.7;

    /// <summary>OUs edited this month (a GPO linked, a description changed): whenChanged/uSNChanged move.</summary>
    public double OrganizationalUnitEdits { get; init; } = 0.01;

    /// <summary>Whether an object is one of the <paramref name="share"/> that are active; stable across months for one object.</summary>
    public static bool IsActive(Guid id, double share)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        var fraction = BitConverter.ToUInt32(bytes[..4]) / (double)uint.MaxValue;
        return fraction < share;
    }
}
