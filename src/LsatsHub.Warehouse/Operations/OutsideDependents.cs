using Dapper;
using Npgsql;

namespace LsatsHub.Warehouse.Operations;

/// <summary>
/// Objects of a database that depend on a relation a partial dump recreates but are not in that dump themselves (a
/// view in another schema reading silver, a foreign key from a table outside the dump). <c>pg_restore --clean</c>
/// drops every relation of the dump first and cannot drop one of these without CASCADE, which would lose them; so a
/// restore that would meet one is refused before it starts, naming them.
/// </summary>
public static class OutsideDependents
{
    // pg_depend rows with deptype 'n' (normal) on a dumped relation whose owning relation is not dumped. The owning
    // relation of a view's rule is the view, of a constraint, trigger or column default its table; anything else that
    // depends on a dumped relation (a function with a SQL-standard body, say) has no owning relation and counts as
    // outside: dropping the relation would fail on it too.
    private const string Query =
        """
        WITH dumped AS (
            SELECT to_regclass(format('%I.%I', s, n)) AS oid
            FROM unnest(@Schemas::text[], @Names::text[]) AS r (s, n)
        ),
        dependents AS (
            SELECT d.classid, d.objid, d.objsubid, d.refobjid,
                   CASE d.classid
                       WHEN 'pg_rewrite'::regclass THEN (SELECT ev_class FROM pg_rewrite WHERE oid = d.objid)
                       WHEN 'pg_constraint'::regclass THEN (SELECT conrelid FROM pg_constraint WHERE oid = d.objid)
                       WHEN 'pg_trigger'::regclass THEN (SELECT tgrelid FROM pg_trigger WHERE oid = d.objid)
                       WHEN 'pg_attrdef'::regclass THEN (SELECT adrelid FROM pg_attrdef WHERE oid = d.objid)
                       WHEN 'pg_class'::regclass THEN d.objid
                   END AS owner
            FROM pg_depend d
            WHERE d.refclassid = 'pg_class'::regclass
              AND d.deptype = 'n'
              AND d.refobjid IN (SELECT oid FROM dumped WHERE oid IS NOT NULL)
        )
        SELECT DISTINCT
               CASE WHEN x.classid = 'pg_rewrite'::regclass
                    THEN CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || format('%I.%I', n.nspname, c.relname)
                    WHEN x.classid = 'pg_constraint'::regclass
                    THEN format('constraint %I on table %I.%I', (SELECT conname FROM pg_constraint WHERE oid = x.objid), n.nspname, c.relname)
                    ELSE pg_describe_object(x.classid, x.objid, x.objsubid)
               END
               || ' (depends on ' || format('%I.%I', rn.nspname, r.relname) || ')'
        FROM dependents x
        JOIN pg_class r ON r.oid = x.refobjid
        JOIN pg_namespace rn ON rn.oid = r.relnamespace
        LEFT JOIN pg_class c ON c.oid = x.owner
        LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE coalesce(x.owner, 0::oid) NOT IN (SELECT oid FROM dumped WHERE oid IS NOT NULL)
        ORDER BY 1
        """;

    /// <summary>Finds the objects outside <paramref name="relations"/> that depend on one of them.</summary>
    /// <param name="connection">An open connection to the database the dump would be restored into.</param>
    /// <param name="relations">The relations the dump recreates.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Each dependent described (<c>view public.x (depends on silver.users)</c>), sorted; empty when there are none.</returns>
    public static async Task<IReadOnlyList<string>> FindAsync(NpgsqlConnection connection, IReadOnlyList<QualifiedName> relations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(relations);
        if (relations.Count == 0)
        {
            return [];
        }

        var found = await connection.QueryAsync<string>(new CommandDefinition(
            Query,
            new { Schemas = relations.Select(relation => relation.Schema).ToArray(), Names = relations.Select(relation => relation.Name).ToArray() },
            cancellationToken: cancellationToken));
        return found.ToList();
    }
}
