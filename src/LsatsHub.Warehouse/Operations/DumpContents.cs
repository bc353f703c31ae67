namespace LsatsHub.Warehouse.Operations;

/// <summary>What <c>pg_restore --list</c> found in a dump.</summary>
/// <param name="SourceDatabase">The database it was dumped from (its <c>dbname</c> header), if stated.</param>
/// <param name="EntryCount">How many entries its table of contents holds.</param>
/// <param name="TableDataCount">How many of them are table data.</param>
/// <param name="SilverTableCount">How many silver tables carry data.</param>
public sealed record DumpContents(string? SourceDatabase, int EntryCount, int TableDataCount, int SilverTableCount)
{
    /// <summary>How many bronze tables carry data (none in a pre-silver snapshot).</summary>
    public int BronzeTableCount { get; init; }

    /// <summary>
    /// True when the dump creates schemas: a dump of the whole database (a daily backup). A pre-silver snapshot
    /// selects tables and views only, so its restore drops and recreates those and leaves every other object alone.
    /// </summary>
    public bool CreatesSchemas { get; init; }

    /// <summary>The relations (tables, views, materialized views, sequences) the dump creates, schema-qualified.</summary>
    public IReadOnlyList<QualifiedName> Relations { get; init; } = [];
}
