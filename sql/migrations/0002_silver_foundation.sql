-- 0002: the silver foundation for a warehouse built before it (a fresh db init already has it; every statement is
-- CREATE OR REPLACE, so this file changes nothing there): the one definition of "newest bronze version of each
-- entity" and the value-parsing functions silver steps share. Same text as sql/production_schema.sql.

-- The newest version of every entity, written once for every reader (the bronze writer's change detection, the
-- enrichment candidates, every silver transform). DISTINCT ON over exactly the lookup index's leading columns, so a
-- filter on (entity_type, source_system) is pushed into the view and becomes an index range scan in index order:
-- no sort, no scan of other slices. Tombstones stay visible (is_deleted) because silver must retire those entities.
CREATE OR REPLACE VIEW bronze.latest_raw_entities AS
SELECT DISTINCT ON (entity_type, source_system, external_id)
       raw_id,
       entity_type,
       source_system,
       external_id,
       raw_data,
       ingested_at,
       ingestion_run_id,
       raw_data @> '{"_deleted": true}'::jsonb AS is_deleted
FROM bronze.raw_entities
ORDER BY entity_type, source_system, external_id, ingested_at DESC;
COMMENT ON VIEW bronze.latest_raw_entities IS 'The newest version of every bronze entity (filter on entity_type and source_system); is_deleted marks a tombstone, whose entity is gone from its source';

-- Text as a column holds it: surrounding white space removed, blank = NULL.
CREATE OR REPLACE FUNCTION silver.clean_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN nullif(btrim(value, E' \t\r\n'), '');

-- A date as the sources write it: M/D/YYYY, M/D/YY (00-68 = 20xx, 69-99 = 19xx, Python's %y rule) or YYYY-MM-DD with
-- an optional time (spreadsheet cells). NULL when blank, in another form, or not a real day (02/30/2024).
CREATE OR REPLACE FUNCTION silver.try_date(value text) RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    parts text[];
    y integer;
    m integer;
    d integer;
BEGIN
    parts := regexp_match(btrim(value), '^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$');
    IF parts IS NOT NULL THEN
        m := parts[1]::integer;
        d := parts[2]::integer;
        y := parts[3]::integer;
        IF length(parts[3]) = 2 THEN
            y := y + CASE WHEN y < 69 THEN 2000 ELSE 1900 END;
        END IF;
    ELSE
        parts := regexp_match(btrim(value), '^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$');
        IF parts IS NULL THEN
            RETURN NULL;
        END IF;
        y := parts[1]::integer;
        m := parts[2]::integer;
        d := parts[3]::integer;
    END IF;
    IF y < 1 OR m NOT BETWEEN 1 AND 12 OR d < 1
       OR d > extract(day FROM make_date(y, m, 1) + interval '1 month' - interval '1 day') THEN
        RETURN NULL;
    END IF;
    RETURN make_date(y, m, d);
END
$$;

-- A number as text: a leading '$', thousands commas and a trailing '%' are ignored. NULL when blank or not a number.
-- (A plain number, the common case, is recognised by one match; only decorated text pays for the clean-up.)
CREATE OR REPLACE FUNCTION silver.try_numeric(value text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN value ~ '^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$' THEN value::numeric
            WHEN regexp_replace(btrim(value), '^\$|,|%$', '', 'g') ~ '^[+-]?(\d+(\.\d*)?|\.\d+)$'
            THEN regexp_replace(btrim(value), '^\$|,|%$', '', 'g')::numeric END;

-- A whole number within [minimum, maximum] ('16384', '16384.0', '$1,024'); NULL when blank, fractional or out of range.
CREATE OR REPLACE FUNCTION silver.try_integer(value text, minimum bigint, maximum bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN silver.try_numeric(value) BETWEEN minimum AND maximum
             AND silver.try_numeric(value) = trunc(silver.try_numeric(value))
            THEN silver.try_numeric(value)::bigint END;

-- A point in time: ISO-8601 (date, optional time, optional Z or +hh:mm offset) or M/D/YYYY with an optional time and
-- AM/PM. Without an offset the time is UTC. NULL when blank, in another form, or not a real date and time.
CREATE OR REPLACE FUNCTION silver.try_timestamptz(value text) RETURNS timestamptz
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    parts text[];
    zone text[];
    day date;
    h integer := 0;
    mi integer := 0;
    sec numeric := 0;
    offset_minutes integer := 0;
BEGIN
    parts := regexp_match(btrim(value),
        '^(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$');
    IF parts IS NOT NULL THEN
        zone := regexp_match(parts[5], '^([+-])(\d{2}):?(\d{2})?$');
        IF zone IS NOT NULL THEN
            offset_minutes := (zone[2]::integer * 60 + coalesce(zone[3]::integer, 0)) * CASE WHEN zone[1] = '-' THEN -1 ELSE 1 END;
        END IF;
    ELSE
        parts := regexp_match(btrim(value), '^(\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*([AaPp][Mm])?)?$');
        IF parts IS NULL THEN
            RETURN NULL;
        END IF;
    END IF;
    day := silver.try_date(parts[1]);
    IF day IS NULL THEN
        RETURN NULL;
    END IF;
    IF parts[2] IS NOT NULL THEN
        h := parts[2]::integer;
        mi := parts[3]::integer;
        sec := coalesce(parts[4]::numeric, 0);
        IF parts[5] ~* '^[ap]m$' THEN
            IF h NOT BETWEEN 1 AND 12 THEN
                RETURN NULL;
            END IF;
            h := h % 12 + CASE WHEN lower(parts[5]) = 'pm' THEN 12 ELSE 0 END;
        END IF;
        IF h > 23 OR mi > 59 OR sec >= 60 THEN
            RETURN NULL;
        END IF;
    END IF;
    RETURN ((day + make_interval(hours => h, mins => mi, secs => sec) - make_interval(mins => offset_minutes))::timestamp) AT TIME ZONE 'UTC';
END
$$;

-- The names of the columns a transform had to null: not null among the cleaned source values, null in the typed row
-- (too long, unparsable, out of range). Both arguments are rows as jsonb with the same column names.
CREATE OR REPLACE FUNCTION silver.nulled_columns(source jsonb, typed jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(SELECT s.key FROM jsonb_each(source) s
             WHERE s.value <> 'null'::jsonb AND typed -> s.key = 'null'::jsonb
             ORDER BY s.key);
