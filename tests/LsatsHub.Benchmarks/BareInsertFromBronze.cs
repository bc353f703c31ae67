using System.Globalization;
using System.Text;
using Dapper;
using Npgsql;

namespace LsatsHub.Benchmarks;

/// <summary>
/// Issue 11's limit for one tier-1 step: a bare <c>INSERT INTO</c> an unindexed copy of the step's table <c>SELECT</c>
/// of its columns out of the newest bronze version of each entity (<c>bronze.latest_raw_entities</c>, the rule every
/// step reads by), each value <c>d-&gt;&gt;'Key'</c> with a plain cast to the column's type (<c>d-&gt;'Key'</c> for
/// jsonb), the record decompressed once per row. No cleaning, validation, hash, upsert or index: what JSON → typed
/// columns costs at least. Generated from the table's columns in the catalog and the bronze keys of a sample of
/// records (<see cref="BronzeExtraction"/>); a column no key feeds (lineage, hash, columns the step derives from
/// others) is left to its default, and a column whose plain cast fails on some record is left out, both listed in
/// <see cref="Describe"/>.
/// </summary>
public sealed class BareInsertFromBronze
{
    private const string Copy = "benchmark.bare_bronze";

    private BareInsertFromBronze(string table, string create, string insert, int total, IReadOnlyList<string> read, IReadOnlyList<string> unkeyed, IReadOnlyList<string> uncastable)
    {
        Table = table;
        CreateSql = create;
        InsertSql = insert;
        TotalColumns = total;
        ReadColumns = read;
        Unkeyed = unkeyed;
        Uncastable = uncastable;
    }

    /// <summary>The step's table.</summary>
    public string Table { get; }

    /// <summary>Drops and creates the unindexed copy (columns and defaults, NOT NULL dropped: unread columns stay NULL).</summary>
    public string CreateSql { get; }

    /// <summary>The timed statement.</summary>
    public string InsertSql { get; }

    /// <summary>Columns of the table.</summary>
    public int TotalColumns { get; }

    /// <summary>Columns the insert fills from bronze.</summary>
    public IReadOnlyList<string> ReadColumns { get; }

    /// <summary>Columns no bronze key feeds (left to their default).</summary>
    public IReadOnlyList<string> Unkeyed { get; }

    /// <summary>Columns whose plain cast failed on some record (left out).</summary>
    public IReadOnlyList<string> Uncastable { get; }

    /// <summary>One line: what the limit reads.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"bronze limit of {Table}: {ReadColumns.Count} of {TotalColumns} columns read from bronze; no key: {(Unkeyed.Count == 0 ? "-" : string.Join(' ', Unkeyed))}; plain cast fails: {(Uncastable.Count == 0 ? "-" : string.Join(' ', Uncastable))}");

    /// <summary>Builds the statement for <paramref name="table"/> and checks that it runs (once, untimed; it also warms the cache).</summary>
    public static async Task<BareInsertFromBronze> PrepareAsync(NpgsqlConnection connection, string table)
    {
        var extraction = BronzeExtraction.ByTable.TryGetValue(table, out var known)
            ? known
            : throw new ArgumentException($"no bronze extraction is declared for {table} (BronzeExtraction.ByTable)");
        var columns = (await connection.QueryAsync<(string Name, string Type)>(
            """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a
            WHERE a.attrelid = @table::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            ORDER BY a.attnum
            """,
            new { table })).ToList();
        var keys = (await connection.QueryAsync<string>(
            """
            SELECT DISTINCT k
            FROM (SELECT raw_data FROM bronze.raw_entities
                  WHERE source_system = @SourceSystem AND entity_type = @EntityType AND jsonb_typeof(raw_data) = 'object'
                  ORDER BY ingested_at DESC LIMIT 5000) r,
                 jsonb_object_keys(r.raw_data) k
            """,
            new { extraction.SourceSystem, extraction.EntityType })).ToList();
        var byNormalized = keys.GroupBy(BronzeExtraction.Normalize).ToDictionary(group => group.Key, group => group.Order(StringComparer.Ordinal).First(), StringComparer.Ordinal);

        var read = new List<(string Column, string Expression)>();
        var unkeyed = new List<string>();
        foreach (var (name, type) in columns)
        {
            if (name == "raw_id")
            {
                read.Add((name, "l.raw_id"));
                continue;
            }

            var key = extraction.Keys.TryGetValue(name, out var declared) ? declared : byNormalized.GetValueOrDefault(BronzeExtraction.Normalize(name));
            if (key is null)
            {
                unkeyed.Add(name);
                continue;
            }

            var literal = "'" + key.Replace("'", "''", StringComparison.Ordinal) + "'";
            read.Add((name, type switch
            {
                "jsonb" => $"l.d->{literal}",
                "text" => $"l.d->>{literal}",
                _ => $"(l.d->>{literal})::{type}",
            }));
        }

        var source = $"(SELECT raw_id, raw_data #> '{{}}' AS d FROM bronze.latest_raw_entities WHERE source_system = '{extraction.SourceSystem}' AND entity_type = '{extraction.EntityType}' OFFSET 0) l";
        var create = new StringBuilder($"DROP TABLE IF EXISTS {Copy}; CREATE TABLE {Copy} (LIKE {table} INCLUDING DEFAULTS);");
        foreach (var (name, _) in columns)
        {
            create.Append(CultureInfo.InvariantCulture, $" ALTER TABLE {Copy} ALTER COLUMN {Quote(name)} DROP NOT NULL;");
        }

        var uncastable = new List<string>();
        try
        {
            await connection.ExecuteAsync(create.ToString());
            await connection.ExecuteAsync(Insert(read, source), commandTimeout: 0);
        }
        catch (PostgresException exception) when (exception.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Some record has a value the plain cast refuses (an AD FILETIME for a timestamptz, a decimal for an integer):
            // find the columns on the records once decompressed, and leave them out.
            await connection.ExecuteAsync($"DROP TABLE IF EXISTS pg_temp.bare_probe; CREATE TEMP TABLE bare_probe AS SELECT * FROM {source}", commandTimeout: 0);
            foreach (var (column, expression) in read.Where(pair => pair.Expression.StartsWith('(')).ToList())
            {
                try
                {
                    await connection.ExecuteAsync($"SELECT count({expression}) FROM bare_probe l", commandTimeout: 0);
                }
                catch (PostgresException probe) when (probe.SqlState.StartsWith("22", StringComparison.Ordinal))
                {
                    uncastable.Add(column);
                    read.RemoveAll(pair => pair.Column == column);
                }
            }

            await connection.ExecuteAsync("DROP TABLE bare_probe");
            await connection.ExecuteAsync(create.ToString());
            await connection.ExecuteAsync(Insert(read, source), commandTimeout: 0);
        }

        return new BareInsertFromBronze(table, create.ToString(), Insert(read, source), columns.Count, [.. read.Select(pair => pair.Column)], unkeyed, uncastable);
    }

    private static string Insert(List<(string Column, string Expression)> read, string source) =>
        $"INSERT INTO {Copy} ({string.Join(", ", read.Select(pair => Quote(pair.Column)))}) SELECT {string.Join(", ", read.Select(pair => pair.Expression))} FROM {source}";

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
