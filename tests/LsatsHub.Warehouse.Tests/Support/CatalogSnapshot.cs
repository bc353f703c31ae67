using Dapper;
using Npgsql;

namespace LsatsHub.Warehouse.Tests.Support;

/// <summary>
/// Every catalog fact the warehouse SQL can change, as sorted text lines, so two states compare as strings:
/// schemas, relations, columns, indexes, constraints, views, functions, triggers, comments, extensions, privileges.
/// </summary>
internal static class CatalogSnapshot
{
    private const string Query =
        """
        WITH ns AS (
            SELECT oid, nspname, nspacl FROM pg_namespace
            WHERE nspname IN ('bronze', 'silver', 'gold', 'meta', 'public'))
        SELECT 'schema ' || nspname || ' acl=' || coalesce(nspacl::text, '') || ' comment=' || coalesce(obj_description(oid, 'pg_namespace'), '')
        FROM ns
        UNION ALL
        SELECT 'extension ' || extname || ' ' || extversion FROM pg_extension
        UNION ALL
        SELECT 'relation ' || ns.nspname || '.' || c.relname || ' kind=' || c.relkind::text || ' acl=' || coalesce(c.relacl::text, '')
               || ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '')
        FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
        UNION ALL
        SELECT 'column ' || ns.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
               || ' notnull=' || a.attnotnull || ' generated=' || a.attgenerated::text || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
               || ' comment=' || coalesce(col_description(c.oid, a.attnum), '') || ' position=' || a.attnum
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN ns ON ns.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
        UNION ALL
        SELECT 'index ' || schemaname || '.' || indexname || ' ' || indexdef FROM pg_indexes
        WHERE schemaname IN ('bronze', 'silver', 'gold', 'meta', 'public')
        UNION ALL
        SELECT 'constraint ' || ns.nspname || '.' || c.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN ns ON ns.oid = c.relnamespace
        UNION ALL
        SELECT 'view ' || ns.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid)
        FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')
        UNION ALL
        SELECT 'function ' || pg_get_functiondef(p.oid) || ' acl=' || coalesce(p.proacl::text, '')
        FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
        WHERE p.prokind IN ('f', 'p')
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        UNION ALL
        SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid JOIN ns ON ns.oid = c.relnamespace WHERE NOT t.tgisinternal
        UNION ALL
        SELECT 'default-acl ' || coalesce(pg_get_userbyid(defaclrole)::text, '') || ' ' || coalesce(defaclnamespace::regnamespace::text, '')
               || ' ' || defaclobjtype::text || ' ' || defaclacl::text
        FROM pg_default_acl
        """;

    public static async Task<string> TakeAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var lines = await connection.QueryAsync<string>(Query);
        return string.Join('\n', lines.Order(StringComparer.Ordinal));
    }

    public static async Task<IReadOnlyList<string>> SilverTablesAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'silver' ORDER BY tablename")).ToList();
    }
}
