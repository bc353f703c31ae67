namespace LsatsHub.Simulator.World;

/// <summary>
/// The parts of an AD object that move without its identity changing: update sequence numbers, whenChanged and the
/// password and logon times. Kept in the world (not derived from its date) so a month changes only what churned.
/// </summary>
/// <param name="UsnCreated">uSNCreated: set once, never changes.</param>
/// <param name="UsnChanged">uSNChanged: a fresh, higher value from the world's counter whenever the object changes.</param>
/// <param name="WhenChanged">whenChanged.</param>
/// <param name="PwdLastSet">pwdLastSet (users and computers).</param>
/// <param name="LastLogon">lastLogon (computers).</param>
/// <param name="LastLogonTimestamp">lastLogonTimestamp (users and computers).</param>
/// <param name="LapsExpiry">ms-Mcs-AdmPwdExpirationTime (computers).</param>
public sealed record AdActivity(
    long UsnCreated,
    long UsnChanged,
    DateTimeOffset WhenChanged,
    DateTimeOffset? PwdLastSet = null,
    DateTimeOffset? LastLogon = null,
    DateTimeOffset? LastLogonTimestamp = null,
    DateTimeOffset? LapsExpiry = null);
