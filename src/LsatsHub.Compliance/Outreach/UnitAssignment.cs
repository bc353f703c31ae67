namespace LsatsHub.Compliance.Outreach;

/// <summary>One row of the "Unit Assignments" sheet: a department and its chief administrator.</summary>
/// <param name="Department">The department name as the sheet writes it.</param>
/// <param name="CaEmail">The chief administrator's email (may be empty).</param>
/// <param name="CaName">"Last, First" (may be empty).</param>
/// <param name="Row">The 1-based sheet row, for messages.</param>
public sealed record UnitAssignment(string Department, string CaEmail, string CaName, int Row)
{
    /// <summary>The chief administrator's last name: the text before the comma of <see cref="CaName"/>.</summary>
    public string CaLastName => CaName.Split(',', 2)[0].Trim();
}
