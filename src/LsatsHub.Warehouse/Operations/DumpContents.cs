namespace LsatsHub.Warehouse.Operations;

/// <summary>What <c>pg_restore --list</c> found in a dump.</summary>
/// <param name="SourceDatabase">The database it was dumped from (its <c>dbname</c> header), if stated.</param>
/// <param name="EntryCount">How many entries its table of contents holds.</param>
/// <param name="TableDataCount">How many of them are table data.</param>
/// <param name="SilverTableCount">How many silver tables carry data.</param>
public sealed record DumpContents(string? SourceDatabase, int EntryCount, int TableDataCount, int SilverTableCount);
