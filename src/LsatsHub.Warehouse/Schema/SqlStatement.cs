namespace LsatsHub.Warehouse.Schema;

/// <summary>One statement of a SQL script and where it sits in that script.</summary>
/// <param name="Text">The statement as sent to the server (without its terminating semicolon).</param>
/// <param name="Offset">Index in the script of <paramref name="Text"/>'s first character.</param>
/// <param name="FirstLine">1-based line of the statement's first character that is not blank or comment.</param>
public sealed record SqlStatement(string Text, int Offset, int FirstLine);
