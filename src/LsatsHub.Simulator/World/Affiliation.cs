namespace LsatsHub.Simulator.World;

/// <summary>A person's main relation to the university; decides which sources know them.</summary>
public enum Affiliation
{
    /// <summary>Faculty member (PIs come from here).</summary>
    Faculty,

    /// <summary>Staff member.</summary>
    Staff,

    /// <summary>Student.</summary>
    Student,

    /// <summary>Former student.</summary>
    Alumni,

    /// <summary>Sponsored affiliate.</summary>
    Sponsored,
}
