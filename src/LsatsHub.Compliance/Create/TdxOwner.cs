namespace LsatsHub.Compliance.Create;

/// <summary>An owner as TDX knows them.</summary>
/// <param name="Uid">The TDX UID (the ticket's requestor).</param>
/// <param name="FirstName">For the greeting.</param>
public sealed record TdxOwner(string Uid, string FirstName);
