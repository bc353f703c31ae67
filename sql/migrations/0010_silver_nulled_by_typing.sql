-- 0010: silver.nulled_by_typing(source regclass, typed regclass, ...), the quality check "which values did typing
-- null" derived from the catalog of two tables instead of built per row as JSON (issue 11). Same text as
-- sql/production_schema.sql; CREATE OR REPLACE, so this file changes nothing on a warehouse that has it. The jsonb form
-- stays for SQL that still calls it.

-- The columns a transform had to null, table by table: for each row of the typed table whose key is in the source
-- table, the names (in name order) of the columns both tables have that are set in the source and NULL once typed
-- (too long, unparsable, out of range); rows with none are not returned. The columns to compare come from the catalog,
-- so a transform names each column once (in its typing) and the check follows every column it adds; it is one
-- set-based join generated once per call instead of two JSON objects built per row (silver.nulled_columns(jsonb, jsonb)
-- cost more than the typing itself, issue 11). key_column: the uuid column both tables are joined on and that is not
-- compared (the bronze raw_id in every transform); ignore: columns of both tables that are not a typing of one value.
CREATE OR REPLACE FUNCTION silver.nulled_by_typing(source regclass, typed regclass, key_column text DEFAULT 'raw_id', ignore text[] DEFAULT '{}')
RETURNS TABLE (key uuid, nulled text[])
LANGUAGE plpgsql STABLE AS $$
DECLARE
    checks text;
    intact text;
BEGIN
    SELECT string_agg(format('CASE WHEN s.%1$I IS NOT NULL AND t.%1$I IS NULL THEN %1$L END', s.attname), ', ' ORDER BY s.attname::text),
           string_agg(format('(s.%1$I IS NULL OR t.%1$I IS NOT NULL)', s.attname), ' AND ')
    INTO checks, intact
    FROM pg_attribute s
    JOIN pg_attribute t ON t.attrelid = typed AND t.attname = s.attname AND t.attnum > 0 AND NOT t.attisdropped
    WHERE s.attrelid = source AND s.attnum > 0 AND NOT s.attisdropped
      AND s.attname::text <> key_column AND s.attname::text <> ALL (ignore);
    IF checks IS NULL THEN
        RETURN;
    END IF;

    RETURN QUERY EXECUTE format(
        -- Nearly every row lost nothing: a chain of null tests (no allocation) finds the few that did, and only those
        -- build the array of names.
        'SELECT s.%1$I::uuid, array_remove(ARRAY[%4$s]::text[], NULL) FROM %2$s s JOIN %3$s t ON t.%1$I = s.%1$I'
        ' WHERE NOT (%5$s)',
        key_column, source, typed, checks, intact);
END $$;
