-- LSATS Hub: table definitions (bronze.raw_entities, the 28 canonical silver tables and three lab tables).
-- Applied after production_init.sql, before views/silver_views.sql. Idempotent: every statement is
-- CREATE ... IF NOT EXISTS, CREATE OR REPLACE or COMMENT, so a second run changes nothing.
--
-- The 28 silver tables the deployment plan lists (its prose says 29; its own lists name 28, see
-- docs/silver-model.md), plus lab_statistics, computer_primary_labs and lab_excluded_departments (silver tier 3). None of the migration-era artifacts exist here: users_legacy, groups_legacy,
-- lab_awards_legacy, keyconfigure_computers_backup, mcommunity_users_backup_20250118.
-- The gold schema is created by production_init.sql and stays empty (gold tables are deferred).
--
-- Conventions used below (docs/silver-model.md): created_at/updated_at default now; a BEFORE UPDATE trigger
-- calling public.update_updated_at_column() exists only on the tables the original had it on; ingestion_run_id
-- references meta.ingestion_runs. Lineage of every tier-1 row: raw_id (the bronze version it was built from, no
-- foreign key), source_system (the bronze source), entity_hash (the row's content hash), ingestion_run_id.
-- Tables are created in dependency order so every foreign key can be declared inline.
-- Indexes: primary keys and unique constraints/indexes (natural keys; silver upserts use them in ON CONFLICT),
-- plus only the indexes a measured query uses, each with a note naming the query (docs/indexes.md).

-- =====================================================================================================
-- BRONZE
-- =====================================================================================================

CREATE TABLE IF NOT EXISTS bronze.raw_entities (
    raw_id             uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    entity_type        varchar(50)  NOT NULL,
    source_system      varchar(50)  NOT NULL,
    external_id        varchar(255) NOT NULL,
    raw_data           jsonb        NOT NULL,
    ingested_at        timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ingestion_run_id   uuid REFERENCES meta.ingestion_runs (run_id),
    -- Identity hash: equal for every version of one entity (not a content hash); same formula as
    -- public.generate_entity_hash.
    entity_hash        varchar(64) GENERATED ALWAYS AS (
        encode(sha256(decode(replace(entity_type::text || '|' || source_system::text || '|' || external_id::text, '\', '\\'), 'escape')), 'hex')
    ) STORED,
    -- Per-version facts about the write itself (e.g. {"_deleted": true} on a tombstone version written when an
    -- entity disappears from its source), kept out of raw_data so content hashes stay those of the source.
    ingestion_metadata jsonb        NOT NULL DEFAULT '{}'::jsonb
);

COMMENT ON TABLE bronze.raw_entities IS 'Raw records exactly as received from each source; append-only, one row per new or changed version';
COMMENT ON COLUMN bronze.raw_entities.entity_hash IS 'SHA-256 of entity_type|source_system|external_id: identity of the entity, the same for all its versions';
COMMENT ON COLUMN bronze.raw_entities.ingestion_metadata IS 'Facts about this version''s write (tombstone flag, enrichment method), not part of the source record';

-- Indexes: every index is paid on every bronze write, so only those a query uses are kept (docs/indexes.md has
-- the EXPLAIN evidence). Silver reads bronze by (entity_type, source_system) and identity, never by JSON content.
--
-- Latest version per entity (DISTINCT ON external_id ORDER BY ingested_at DESC): the bronze writer's comparison
-- before every insert, LatestVersions, and the latest-version reads of silver. Its prefix serves any read of one
-- source/entity slice. Dropped with the measurement: the (entity_type, source_system, ingested_at) watermark index
-- and the per-source expression indexes on UID, EmplId/EmplRcd and Name/OEM SN, which no query filters on; a
-- query that needs one adds it back in the same change.
CREATE INDEX IF NOT EXISTS idx_bronze_entity_lookup
    ON bronze.raw_entities (entity_type, source_system, external_id, ingested_at DESC);

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

-- =====================================================================================================
-- SILVER: value parsing the transforms share. A value that cannot be used becomes NULL, never an error, so one bad
-- source record cannot fail a step; the transform counts it (silver.nulled_by_typing) as a quality outcome.
-- =====================================================================================================

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

-- silver.try_timestamptz with its commonest form typed inline: a plain "YYYY-MM-DDThh:mm:ss" (KeyConfigure's
-- export) is checked and built with string and date functions, about 5 µs a value where the PL/pgSQL function takes
-- about 70 µs; every other text goes to silver.try_timestamptz, so each input gives what that function gives.
-- Inlined into the calling statement (no per-row call) when the argument is a column: the body names it several times,
-- and PostgreSQL inlines such a function only for a cheap argument.
CREATE OR REPLACE FUNCTION silver.try_timestamptz_fast(value text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN octet_length(value) = 19 AND value LIKE '____-__-__T__:__:__' AND translate(value, '0123456789', '') = '--T::'
            THEN CASE WHEN substr(value, 6, 2)::integer BETWEEN 1 AND 12 AND substr(value, 9, 2)::integer >= 1 AND left(value, 4)::integer >= 1
                           AND substr(value, 12, 2)::integer <= 23 AND substr(value, 15, 2)::integer <= 59 AND substr(value, 18, 2)::integer <= 59
                      THEN CASE WHEN substr(value, 9, 2)::integer <= extract(day FROM make_date(left(value, 4)::integer, substr(value, 6, 2)::integer, 1) + interval '1 month' - interval '1 day')
                                THEN make_timestamp(left(value, 4)::integer, substr(value, 6, 2)::integer, substr(value, 9, 2)::integer,
                                                    substr(value, 12, 2)::integer, substr(value, 15, 2)::integer, substr(value, 18, 2)::integer) AT TIME ZONE 'UTC' END END
            ELSE silver.try_timestamptz(value) END;

-- silver.try_date with its commonest form typed inline: "MM/DD/YYYY" (the lab awards export) is checked and built with
-- string and date functions; every other text goes to silver.try_date, so each input gives what that function gives.
-- Inlined, as silver.try_timestamptz_fast, when the argument is a column.
CREATE OR REPLACE FUNCTION silver.try_date_fast(value text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN octet_length(value) = 10 AND value LIKE '__/__/____' AND translate(value, '0123456789', '') = '//'
            THEN CASE WHEN left(value, 2)::integer BETWEEN 1 AND 12 AND substr(value, 4, 2)::integer >= 1 AND right(value, 4)::integer >= 1
                      THEN CASE WHEN substr(value, 4, 2)::integer <= extract(day FROM make_date(right(value, 4)::integer, left(value, 2)::integer, 1) + interval '1 month' - interval '1 day')
                                THEN make_date(right(value, 4)::integer, left(value, 2)::integer, substr(value, 4, 2)::integer) END END
            ELSE silver.try_date(value) END;

-- The fast path of try_timestamptz for sources that write ISO-8601 only: an ISO-8601 timestamp as the sources write it (TDX "2025-02-20T18:30:00Z", LDAP "2026-03-01T23:30:53+00:00"): a date,
-- optionally a time with fractions, optionally an offset (none = the session time zone, UTC in every LSATS session).
-- NULL when blank, in another form, or not a real moment (2024-02-30). One inlinable expression: no per-row function call.
CREATE OR REPLACE FUNCTION silver.try_iso_timestamptz(value text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN btrim(value) ~ '^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?)?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)?$'
                 AND left(btrim(value), 4) <> '0000'
            THEN CASE WHEN substr(btrim(value), 9, 2)::integer
                           <= extract(day FROM date_trunc('month', (left(btrim(value), 7) || '-01')::date) + interval '1 month' - interval '1 day')
                      THEN btrim(value)::timestamptz END END;

-- The columns a transform had to null, table by table: for each row of the typed table whose key is in the source
-- table, the names (in name order) of the columns both tables have that are set in the source and NULL once typed
-- (too long, unparsable, out of range); rows with none are not returned. The columns to compare come from the catalog,
-- so a transform names each column once (in its typing) and the check follows every column it adds; it is one
-- set-based join generated once per call instead of two JSON objects built per row (the jsonb form it replaced,
-- dropped in migration 0013, cost more than the typing itself, issue 11). key_column: the uuid column both tables are
-- joined on and that is not compared (the bronze raw_id in every transform); ignore: columns of both tables that are
-- not a typing of one value.
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

-- Active Directory values as bronze holds them (LdapConversion.ActiveDirectory: every value a string, a multi-valued
-- attribute a JSON array of strings sorted by the ingest, an empty attribute ""; FILETIME and GeneralizedTime
-- attributes already ISO-8601 UTC). The AD transforms share these so one rule holds for every AD table.

-- An AD time as text, or NULL for AD's "never" sentinels: FILETIME 0 (1601-01-01, e.g. never logged on) and
-- FILETIME max (9999-12-31, e.g. account never expires), in ISO or raw integer form. Not a parse: silver.ad_time is.
CREATE OR REPLACE FUNCTION silver.ad_time_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN left(silver.clean_text(value), 10) IN ('1601-01-01', '9999-12-31')
                 OR silver.clean_text(value) IN ('0', '9223372036854775807') THEN NULL
            ELSE silver.clean_text(value) END;

-- An AD time: ISO-8601 with an offset (what the ingest writes), GeneralizedTime (YYYYMMDDHHMMSS[.f]Z, the wire form)
-- or a FILETIME integer (100 ns ticks since 1601, the wire form of Large-Integer times). NULL when blank or none of
-- these, or not a real moment (2025-02-30): checked before casting, so a bad value never raises. Plain expressions
-- only, so PostgreSQL inlines it. The first two branches are fast paths for the exact shape the ingest writes (ASCII
-- digits, 'T', '+hh:mm', no blanks): the first, with LIKE and substr only, takes the days 01-28 without a fraction,
-- most values (issue 11, migration 0022); anything else, including that shape with an out-of-range field, falls to the
-- regex branches, which decide as before. An offset beyond ±15:59 is out of PostgreSQL's range and is refused, not cast.
CREATE OR REPLACE FUNCTION silver.ad_time(value text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN value LIKE '____-__-__T__:__:__+__:__' AND value !~ '[^-0-9:T+]' AND value NOT LIKE '%-%-%-%' AND value NOT LIKE '%:%:%:%:%'
         AND value NOT LIKE '%T%T%' AND value NOT LIKE '%+%+%' AND substr(value, 6, 2) BETWEEN '01' AND '12' AND substr(value, 9, 2) BETWEEN '01' AND '28'
         AND substr(value, 12, 2) <= '23' AND substr(value, 15, 2) <= '59' AND substr(value, 18, 2) <= '59' AND substr(value, 21, 2) <= '15' AND substr(value, 24, 2) <= '59'
        THEN value::timestamptz
    WHEN translate(value, '123456789', '000000000') IN ('0000-00-00T00:00:00+00:00', '0000-00-00T00:00:00.000000+00:00')
         AND substr(value, 6, 2) BETWEEN '01' AND '12' AND substr(value, 9, 2) BETWEEN '01' AND '31'
         AND substr(value, 12, 2) <= '23' AND substr(value, 15, 2) <= '59' AND substr(value, 18, 2) <= '59'
         AND substr(value, length(value) - 4, 2) <= '15' AND right(value, 2) <= '59'
         AND (substr(value, 9, 2) <= '28' OR substr(value, 9, 2)::integer <= extract(day FROM make_date(left(value, 4)::integer, substr(value, 6, 2)::integer, 1)
                                                                   + interval '1 month' - interval '1 day'))
        THEN value::timestamptz
    WHEN btrim(value) ~ '^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-](0\d|1[0-5])(:?[0-5]\d)?)$'
         AND (substr(btrim(value), 9, 2) <= '28' OR substr(btrim(value), 9, 2)::integer <= extract(day FROM make_date(left(btrim(value), 4)::integer, substr(btrim(value), 6, 2)::integer, 1)
                                                                   + interval '1 month' - interval '1 day'))
        THEN btrim(value)::timestamptz
    WHEN btrim(value) ~ '^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d(\.\d{1,6})?Z$'
         AND (substr(btrim(value), 7, 2) <= '28' OR substr(btrim(value), 7, 2)::integer <= extract(day FROM make_date(left(btrim(value), 4)::integer, substr(btrim(value), 5, 2)::integer, 1)
                                                                   + interval '1 month' - interval '1 day'))
        THEN (substr(btrim(value), 1, 4) || '-' || substr(btrim(value), 5, 2) || '-' || substr(btrim(value), 7, 2) || 'T'
              || substr(btrim(value), 9, 2) || ':' || substr(btrim(value), 11, 2) || ':' || substr(btrim(value), 13)::text)::timestamptz
    WHEN btrim(value) ~ '^\d{1,18}$'
        THEN timestamptz '1601-01-01 00:00:00+00' + (btrim(value)::bigint / 10) * interval '1 microsecond'
END;

-- An AD integer (userAccountControl, uSNChanged, groupType ...): NULL when not an integer in bigint range. Up to 18
-- plain digits, the commonest value, are cast without a regex (migration 0022).
CREATE OR REPLACE FUNCTION silver.ad_bigint(value text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN octet_length(value) BETWEEN 1 AND 18 AND value !~ '[^0-9]' THEN value::bigint
            WHEN btrim(value) ~ '^[+-]?\d{1,18}$' THEN btrim(value)::bigint
            WHEN btrim(value) ~ '^[+-]?\d{19}$' AND btrim(value)::numeric BETWEEN -9223372036854775808 AND 9223372036854775807
                THEN btrim(value)::bigint END;

-- An AD integer for an integer column: NULL when not an integer or outside integer range. One regex match per value
-- (silver.ad_bigint's 19-digit branch can never give a value in integer range). Up to 9 plain digits, the commonest
-- value, are cast without a regex (migration 0022).
CREATE OR REPLACE FUNCTION silver.ad_int(value text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN octet_length(value) BETWEEN 1 AND 9 AND value !~ '[^0-9]' THEN value::integer
            WHEN btrim(value) ~ '^[+-]?\d{1,18}$' AND btrim(value)::bigint BETWEEN -2147483648 AND 2147483647
                THEN btrim(value)::integer END;

-- A TDX integer id or count for an integer column: plain digits, or a signed whole number that TDX may write with a
-- zero fraction ("12.0"); NULL when blank, anything else, or beyond 9 digits. Plain digits, the commonest value, are
-- cast without a regex. Inlined for a column argument (migration 0022).
CREATE OR REPLACE FUNCTION silver.tdx_int(value text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN octet_length(value) BETWEEN 1 AND 9 AND value !~ '[^0-9]' THEN value::integer
            WHEN value ~ '^-?\d{1,9}(\.0+)?$' THEN split_part(value, '.', 1)::integer END;

-- A TDX GUID (a person's or customer's UID): its shape (LIKE: 36 characters, hyphens at 9, 14, 19, 24), its characters
-- (hex or hyphen) and exactly four hyphens; NULL otherwise. The same values pass as with the anchored pattern
-- ^[0-9a-fA-F]{8}-...$, but a counted-repetition pattern costs PostgreSQL's regex engine about 2.7 µs a GUID and the
-- unanchored class 0.5 µs, as the fallback regex of silver.tdx_int costs 0.9 µs against its plain-digits test (issue 11,
-- migration 0022). Inlined for a column argument.
CREATE OR REPLACE FUNCTION silver.tdx_guid(value text) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN value LIKE '________-____-____-____-____________' AND value !~ '[^-0-9a-fA-F]' AND octet_length(replace(value, '-', '')) = 32
            THEN value::uuid END;

-- An LDAP Boolean: TRUE/FALSE as the protocol sends them (any case). NULL when blank or anything else.
CREATE OR REPLACE FUNCTION silver.ad_bool(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE upper(btrim(value)) WHEN 'TRUE' THEN true WHEN 'FALSE' THEN false END;

-- An attribute's values as a JSON array of strings, whether bronze holds one value (a string) or several (an array,
-- kept in bronze's order: the ingest sorts multi-valued attributes, so the order does not depend on the server);
-- NULL when the attribute is absent or blank. No sub-select, so PostgreSQL inlines it (a call per value would cost
-- more than the rest of a transform); STABLE as jsonb_build_array is, since an IMMUTABLE function calling a STABLE one
-- is never inlined (migration 0018).
CREATE OR REPLACE FUNCTION silver.ad_values(value jsonb) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE jsonb_typeof(value)
    WHEN 'string' THEN CASE WHEN silver.clean_text(value #>> '{}') IS NOT NULL THEN jsonb_build_array(silver.clean_text(value #>> '{}')) END
    WHEN 'array' THEN CASE WHEN jsonb_array_length(value) > 0 THEN value END
END;

-- Several values as one text: joined by '; ' in bronze's order (blank ones left out).
CREATE OR REPLACE FUNCTION silver.ad_joined(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (SELECT string_agg(v, '; ' ORDER BY n)
        FROM (SELECT silver.clean_text(e) AS v, n FROM jsonb_array_elements_text(value) WITH ORDINALITY AS a (e, n)) vs
        WHERE v IS NOT NULL);

-- An attribute for a single text column: its one value, or its values joined by '; ' when it has several.
-- Inlined for the usual single value; only a list pays for silver.ad_joined.
CREATE OR REPLACE FUNCTION silver.ad_text(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE jsonb_typeof(value)
    WHEN 'string' THEN silver.clean_text(value #>> '{}')
    WHEN 'array' THEN silver.ad_joined(value)
END;

-- The RDNs of a DN as written, leaf first ("CN=Smith\, Jo,OU=People,DC=x" -> {"CN=Smith\, Jo","OU=People","DC=x"}):
-- a comma escaped with a backslash does not split (the original's split on ',OU=' did not handle that).
CREATE OR REPLACE FUNCTION silver.ad_dn_rdns(dn text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(SELECT btrim(m[1]) FROM regexp_matches(dn, '((?:[^,\\]|\\.)+)', 'g') WITH ORDINALITY AS r (m, n) ORDER BY n);

-- The value of one RDN with the DN escapes of special characters removed ("CN=Smith\, Jo" -> "Smith, Jo"); hex
-- escapes (\2C) are kept as written.
CREATE OR REPLACE FUNCTION silver.ad_rdn_value(rdn text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN btrim(regexp_replace(substr(rdn, strpos(rdn, '=') + 1), '\\([,+"\\<>;=# ])', '\1', 'g'));

-- The first RDN of a DN as written ("CN=Smith\, Jo"). Plain expressions (inlined); only a DN with escapes pays for
-- silver.ad_dn_rdns.
CREATE OR REPLACE FUNCTION silver.ad_dn_leaf(dn text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN strpos(dn, '\') = 0 THEN btrim(split_part(dn, ',', 1)) ELSE (silver.ad_dn_rdns(dn))[1] END;

-- The DN of the container: everything after the first unescaped comma.
CREATE OR REPLACE FUNCTION silver.ad_dn_parent(dn text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN substring(dn FROM '^(?:[^,\\]|\\.)+,(.*)$');

-- silver.ad_dn_ous for a DN with escapes: RDN by RDN.
CREATE OR REPLACE FUNCTION silver.ad_dn_ous_escaped(dn text, include_leaf boolean) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(SELECT silver.ad_rdn_value(r) FROM unnest(silver.ad_dn_rdns(dn)) WITH ORDINALITY AS u (r, n)
             WHERE (include_leaf OR n > 1) AND upper(btrim(split_part(r, '=', 1))) <> 'DC'
             ORDER BY n);

-- The OU names of a DN, leaf to root, without the DC= components (docs/silver-model.md "AD tables"): for a CN object
-- (user, group, computer) the containers only; for an OU object (include_leaf) the OU itself first. A DN without
-- escapes (nearly all) is split by string functions alone, which PostgreSQL inlines; one with escapes goes RDN by RDN.
CREATE OR REPLACE FUNCTION silver.ad_dn_ous(dn text, include_leaf boolean) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN dn IS NULL THEN NULL
    WHEN strpos(dn, '\') > 0 THEN silver.ad_dn_ous_escaped(dn, include_leaf)
    ELSE coalesce(regexp_split_to_array(
             nullif(regexp_replace(
                 regexp_replace(CASE WHEN include_leaf THEN dn ELSE substring(dn FROM ',(.*)$') END, '(^|,)\s*DC=.*$', '', 'i'),
                 '(^|,)\s*[^=,]+=\s*', '\1', 'g'), ''),
             '\s*,\s*'), '{}')
END;

-- =====================================================================================================
-- SILVER TIER 1: source-specific tables
-- =====================================================================================================

-- tdx_users ---------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.tdx_users (
    tdx_user_uid            uuid PRIMARY KEY,
    uniqname                varchar(50),
    external_id             varchar(50),
    username                varchar(255),
    first_name              varchar(255),
    middle_name             varchar(255),
    last_name               varchar(255),
    full_name               varchar(255),
    nickname                varchar(255),
    primary_email           varchar(255),
    alternate_email         varchar(255),
    alert_email             varchar(255),
    work_phone              varchar(50),
    mobile_phone            varchar(50),
    home_phone              varchar(50),
    fax                     varchar(50),
    other_phone             varchar(50),
    pager                   varchar(50),
    im_provider             varchar(100),
    im_handle               varchar(255),
    work_address            varchar(255),
    work_city               varchar(100),
    work_state              varchar(50),
    work_zip                varchar(20),
    work_country            varchar(100),
    title                   varchar(255),
    company                 varchar(255),
    default_account_id      integer,
    default_account_name    varchar(255),
    location_id             integer,
    location_name           varchar(255),
    location_room_id        integer,
    location_room_name      varchar(255),
    reports_to_uid          uuid,
    reports_to_full_name    varchar(255),
    is_active               boolean NOT NULL DEFAULT true,
    is_employee             boolean,
    is_confidential         boolean,
    authentication_provider_id integer,
    authentication_user_name varchar(255),
    security_role_id        uuid,
    security_role_name      varchar(100),
    beid                    varchar(255),
    beid_int                integer,
    default_priority_id     integer,
    default_priority_name   varchar(100),
    should_report_time      boolean,
    is_capacity_managed     boolean,
    default_rate            numeric(10,2),
    cost_rate               numeric(10,2),
    primary_client_portal_application_id integer,
    technician_signature    text,
    profile_image_file_name varchar(255),
    apply_technician_signature_to_replies boolean,
    apply_technician_signature_to_updates_and_comments boolean,
    end_date                timestamptz,
    report_time_after_date  timestamptz,
    attributes              jsonb DEFAULT '[]'::jsonb,
    applications            jsonb DEFAULT '[]'::jsonb,
    org_applications        jsonb DEFAULT '[]'::jsonb,
    group_ids               jsonb DEFAULT '[]'::jsonb,
    permissions             jsonb DEFAULT '{}'::jsonb,
    raw_id                  uuid NOT NULL,
    raw_data_snapshot       jsonb,
    source_system           varchar(50) NOT NULL DEFAULT 'tdx',
    entity_hash             varchar(64) NOT NULL,
    ingestion_run_id        uuid REFERENCES meta.ingestion_runs (run_id),
    created_at              timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at              timestamptz DEFAULT CURRENT_TIMESTAMP,
    preferred_name          varchar(255),
    job_title               varchar(255),
    tdx_account_id          integer,
    department_id           varchar(10)
);
COMMENT ON TABLE silver.tdx_users IS 'Tier 1: TeamDynamix people, latest bronze version per UID';
COMMENT ON COLUMN silver.tdx_users.preferred_name IS 'Canonical-refactor column; not populated by the silver transform';
CREATE UNIQUE INDEX IF NOT EXISTS idx_tdx_users_uniqname ON silver.tdx_users (uniqname) WHERE uniqname IS NOT NULL;

-- tdx_departments ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.tdx_departments (
    tdx_id             integer PRIMARY KEY,
    silver_id          uuid NOT NULL DEFAULT public.uuid_generate_v4() UNIQUE,
    dept_id            varchar(50),
    department_name    varchar(255),
    dept_notes         text,
    is_active          boolean NOT NULL DEFAULT true,
    parent_id          integer,
    manager_uid        uuid,
    tdx_created_date   timestamptz,
    tdx_modified_date  timestamptz,
    location_info      jsonb DEFAULT '{}'::jsonb,
    attributes         jsonb DEFAULT '[]'::jsonb,
    data_quality_score numeric(3,2) DEFAULT 1.00 CHECK (data_quality_score BETWEEN 0 AND 1),
    quality_flags      jsonb DEFAULT '[]'::jsonb,
    entity_hash        varchar(64) NOT NULL,
    is_enriched        boolean DEFAULT false,
    raw_id             uuid NOT NULL,
    ingestion_run_id   uuid REFERENCES meta.ingestion_runs (run_id),
    created_at         timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at         timestamptz DEFAULT CURRENT_TIMESTAMP,
    source_system      varchar(50) NOT NULL DEFAULT 'tdx'
);
COMMENT ON TABLE silver.tdx_departments IS 'Tier 1: TeamDynamix accounts (departments); dept_id is the Code, or TDX_<ID> when empty';

-- umapi_employees ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.umapi_employees (
    empl_id              varchar(10) NOT NULL CHECK (empl_id <> ''),
    empl_rcd             smallint    NOT NULL CHECK (empl_rcd >= 0),
    silver_id            uuid NOT NULL DEFAULT public.uuid_generate_v4() UNIQUE,
    uniqname             varchar(10),
    first_name           varchar(30) NOT NULL,
    last_name            varchar(35),
    full_name            varchar(60),
    department_id        varchar(10) NOT NULL,
    dept_description     varchar(50),
    supervisor_id        varchar(10),
    jobcode              varchar(10),
    department_job_title varchar(50),
    university_job_title text,
    work_location        jsonb DEFAULT '{}'::jsonb,
    data_quality_score   numeric(3,2) DEFAULT 1.00 CHECK (data_quality_score BETWEEN 0 AND 1),
    quality_flags        jsonb DEFAULT '[]'::jsonb,
    raw_id               uuid NOT NULL,
    source_system        varchar(50) NOT NULL DEFAULT 'umich_api',
    entity_hash          varchar(64) NOT NULL,
    ingestion_run_id     uuid REFERENCES meta.ingestion_runs (run_id),
    created_at           timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at           timestamptz DEFAULT CURRENT_TIMESTAMP,
    preferred_name       varchar(60),
    job_title            text,
    dept_job_title       varchar(50),
    work_phone           varchar(50),
    work_city            varchar(100),
    work_state           varchar(50),
    work_postal_code     varchar(20),
    work_country         varchar(100),
    work_address_line1   varchar(255),
    work_address_line2   varchar(255),
    PRIMARY KEY (empl_id, empl_rcd)
);
COMMENT ON TABLE silver.umapi_employees IS 'Tier 1: UMich API employment records, one row per (EmplId, EmplRcd)';
CREATE UNIQUE INDEX IF NOT EXISTS idx_umapi_employees_uniqname_rcd ON silver.umapi_employees (uniqname, empl_rcd) WHERE uniqname IS NOT NULL;
-- No separate empl_id index: it leads the primary key.

-- ad_groups ---------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.ad_groups (
    ad_group_guid       uuid PRIMARY KEY,
    cn                  varchar(255),
    sam_account_name    varchar(255),
    distinguished_name  text,
    description         text,
    group_type          integer,
    sam_account_type    integer,
    object_category     varchar(255),
    object_class        text[],
    members             jsonb,
    member_of           jsonb,
    when_created        timestamptz,
    when_changed        timestamptz,
    display_name        varchar(255),
    info                text,
    managed_by          text,
    proxy_addresses     text[],
    usn_created         bigint,
    usn_changed         bigint,
    object_sid          varchar(255),
    sid_history         varchar(255),
    raw_id              uuid NOT NULL,
    ou_root             varchar(100),
    ou_organization_type varchar(100),
    ou_organization     varchar(100),
    ou_category         varchar(100),
    ou_status           varchar(100),
    ou_division         varchar(100),
    ou_department       varchar(100),
    ou_subdepartment    varchar(100),
    ou_immediate_parent varchar(100),
    ou_full_path        jsonb,
    ou_depth            integer,
    parent_ou_dn        varchar(500),
    group_name          varchar(255),
    group_email         varchar(255),
    entity_hash         varchar(64) NOT NULL,
    ingestion_run_id    uuid REFERENCES meta.ingestion_runs (run_id),
    created_at          timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at          timestamptz DEFAULT CURRENT_TIMESTAMP,
    source_system       varchar(50) NOT NULL DEFAULT 'active_directory'
);
COMMENT ON TABLE silver.ad_groups IS 'Tier 1: Active Directory groups, latest bronze version per objectGUID';

-- ad_users ----------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.ad_users (
    ad_user_guid          uuid PRIMARY KEY,
    name                  text,
    cn                    text,
    sam_account_name      text,
    distinguished_name    text,
    user_principal_name   text,
    display_name          text,
    initials              text,
    title                 text,
    description           text,
    mobile                text,
    other_mobile          text,
    facsimile_telephone_number text,
    street_address        text,
    proxy_addresses       jsonb,
    department            text,
    umichad_ou            jsonb,
    umichad_role          jsonb,
    user_account_control  integer,
    account_expires       timestamptz,
    pwd_last_set          timestamptz,
    last_logon            timestamptz,
    last_logon_timestamp  timestamptz,
    last_logoff           timestamptz,
    bad_pwd_count         integer,
    bad_password_time     timestamptz,
    logon_count           integer,
    lockout_time          timestamptz,
    object_sid            text,
    sid_history           jsonb,
    when_created          timestamptz,
    when_changed          timestamptz,
    usn_created           bigint,
    usn_changed           bigint,
    object_class          jsonb,
    object_category       text,
    instance_type         integer,
    member_of             jsonb,
    primary_group_id      integer,
    uid_number            bigint,
    gid_number            bigint,
    home_directory        text,
    home_drive            text,
    login_shell           text,
    employee_type         text,
    raw_id                uuid NOT NULL,
    entity_hash           varchar(64) NOT NULL,
    ou_root               varchar(100),
    ou_organization_type  varchar(100),
    ou_organization       varchar(100),
    ou_category           varchar(100),
    ou_status             varchar(100),
    ou_division           varchar(100),
    ou_department         varchar(100),
    ou_subdepartment      varchar(100),
    ou_immediate_parent   varchar(100),
    ou_full_path          jsonb,
    ou_depth              integer,
    parent_ou_dn          varchar(500),
    uniqname              text,
    first_name            text,
    last_name             text,
    primary_email         text,
    work_phone            text,
    full_name             text,
    mobile_phone          text,
    job_title             text,
    department_name       text,
    ad_cn                 text,
    ad_name               text,
    ad_object_sid         text,
    ldap_uid_number       bigint,
    ldap_gid_number       bigint,
    preferred_name        text,
    ingestion_run_id      uuid REFERENCES meta.ingestion_runs (run_id),
    created_at            timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at            timestamptz DEFAULT CURRENT_TIMESTAMP,
    source_system         varchar(50) NOT NULL DEFAULT 'active_directory'
);
COMMENT ON TABLE silver.ad_users IS 'Tier 1: Active Directory user accounts (computers excluded), latest bronze version per objectGUID; uniqname = lower-cased RDN value of the DN';

-- tdx_assets --------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.tdx_assets (
    tdx_asset_id               integer PRIMARY KEY,
    tag                        varchar(50),
    name                       varchar(255) NOT NULL,
    uri                        varchar(255),
    external_id                text,
    serial_number              varchar(100),
    app_id                     integer NOT NULL,
    app_name                   varchar(255),
    form_id                    integer NOT NULL,
    form_name                  varchar(255),
    status_id                  integer NOT NULL,
    status_name                varchar(100),
    parent_id                  integer,
    parent_tag                 varchar(50),
    parent_name                varchar(255),
    parent_serial_number       varchar(100),
    configuration_item_id      integer NOT NULL,
    location_id                integer,
    location_name              varchar(255),
    location_room_id           integer,
    location_room_name         varchar(255),
    owning_customer_id         uuid,
    owning_customer_name       varchar(255),
    owning_department_id       integer,
    owning_department_name     varchar(255),
    requesting_customer_id     uuid,
    requesting_customer_name   varchar(255),
    requesting_department_id   integer,
    requesting_department_name varchar(255),
    purchase_cost              numeric(10,2),
    acquisition_date           timestamptz,
    expected_replacement_date  timestamptz,
    manufacturer_id            integer,
    manufacturer_name          varchar(255),
    product_model_id           integer,
    product_model_name         varchar(255),
    supplier_id                integer,
    supplier_name              varchar(255),
    maintenance_schedule_id    integer,
    maintenance_schedule_name  varchar(255),
    external_source_id         integer,
    external_source_name       varchar(255),
    created_uid                uuid,
    created_full_name          varchar(255),
    created_date               timestamptz,
    modified_uid               uuid,
    modified_full_name         varchar(255),
    modified_date              timestamptz,
    attr_mac_address           varchar(200),
    attr_ip_address            varchar(150),
    attr_operating_system_id   integer,
    attr_operating_system_name varchar(255),
    attr_last_inventoried_date timestamptz,
    attr_purchase_shortcode    varchar(100),
    attr_function_id           integer,
    attr_function_name         varchar(255),
    attr_financial_owner_uid   uuid,
    attr_financial_owner_name  varchar(255),
    attr_support_groups_ids    jsonb,
    attr_support_groups_text   varchar(500),
    attr_memory                varchar(100),
    attr_storage               varchar(150),
    attr_processor_count       varchar(150),
    attributes                 jsonb DEFAULT '[]'::jsonb,
    attachments                jsonb DEFAULT '[]'::jsonb,
    raw_id                     uuid NOT NULL,
    raw_data_snapshot          jsonb,
    source_system              varchar(50) NOT NULL DEFAULT 'tdx',
    entity_hash                varchar(64) NOT NULL,
    ingestion_run_id           uuid REFERENCES meta.ingestion_runs (run_id),
    created_at                 timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at                 timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.tdx_assets IS 'Tier 1: TeamDynamix assets with the well-known custom attributes flattened into attr_* columns';
CREATE UNIQUE INDEX IF NOT EXISTS idx_tdx_assets_tag ON silver.tdx_assets (tag);

-- mcommunity_groups -------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.mcommunity_groups (
    mcommunity_group_uid uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    group_email          varchar(255) NOT NULL,
    group_name           varchar(500),
    distinguished_name   text,
    description          text,
    gid_number           bigint,
    is_private           boolean,
    is_members_only      boolean,
    is_joinable          boolean,
    expiry_timestamp     timestamptz,
    owners               jsonb,
    members              jsonb,
    direct_members       jsonb,
    nested_members       jsonb,
    requests_to          jsonb,
    aliases              jsonb,
    contact_info         jsonb DEFAULT '{}'::jsonb,
    raw_id               uuid NOT NULL,
    entity_hash          varchar(64) NOT NULL,
    ingestion_run_id     uuid REFERENCES meta.ingestion_runs (run_id),
    created_at           timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at           timestamptz DEFAULT CURRENT_TIMESTAMP,
    source_system        varchar(50) NOT NULL DEFAULT 'mcommunity_ldap'
);
COMMENT ON TABLE silver.mcommunity_groups IS 'Tier 1: MCommunity LDAP groups; group_email is the logical key (not unique-constrained, as in the original)';

-- umapi_departments -------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.umapi_departments (
    dept_id            varchar(10) PRIMARY KEY CHECK (dept_id <> ''),
    silver_id          uuid NOT NULL DEFAULT public.uuid_generate_v4() UNIQUE,
    department_name    varchar(255),
    dept_group         varchar(50),
    dept_group_campus  varchar(20),
    dept_group_vp_area varchar(50),
    college_name       varchar(50),
    campus_name        varchar(50),
    vp_area_name       varchar(50),
    hierarchical_path  varchar(255),
    data_quality_score numeric(3,2) DEFAULT 1.00 CHECK (data_quality_score BETWEEN 0 AND 1),
    quality_flags      jsonb DEFAULT '[]'::jsonb,
    entity_hash        varchar(64) NOT NULL,
    raw_id             uuid NOT NULL,
    ingestion_run_id   uuid REFERENCES meta.ingestion_runs (run_id),
    created_at         timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at         timestamptz DEFAULT CURRENT_TIMESTAMP,
    source_system      varchar(50) NOT NULL DEFAULT 'umich_api'
);
COMMENT ON TABLE silver.umapi_departments IS 'Tier 1: UMich API departments with their campus / college / VP-area hierarchy';

-- keyconfigure_computers --------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.keyconfigure_computers (
    computer_id                varchar(100) PRIMARY KEY,
    computer_name              varchar(50) NOT NULL,
    oem_serial_number          varchar(30),
    primary_mac_address        varchar(20),
    mac_addresses              jsonb,
    ip_addresses               jsonb,
    nic_count                  smallint DEFAULT 1,
    cpu                        varchar(30),
    cpu_cores                  smallint,
    cpu_sockets                smallint,
    clock_speed_mhz            integer,
    ram_mb                     integer,
    disk_gb                    numeric(10,2),
    disk_free_gb               numeric(10,2),
    os                         varchar(30),
    os_family                  varchar(30),
    os_version                 varchar(40),
    os_serial_number           varchar(30),
    os_install_date            timestamptz,
    last_user                  varchar(40),
    owner                      varchar(100),
    login_type                 varchar(15),
    last_session               timestamptz,
    last_startup               timestamptz,
    last_audit                 timestamptz,
    base_audit                 timestamptz,
    keyconfigure_client_version varchar(15),
    consolidated_raw_ids       jsonb,
    raw_id                     uuid NOT NULL,
    source_system              varchar(50) NOT NULL DEFAULT 'key_client',
    entity_hash                varchar(64) NOT NULL,
    ingestion_run_id           uuid REFERENCES meta.ingestion_runs (run_id),
    created_at                 timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at                 timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.keyconfigure_computers IS 'Tier 1: KeyConfigure inventory, one row per computer (all NIC rows of one Name + OEM SN consolidated)';
COMMENT ON COLUMN silver.keyconfigure_computers.computer_id IS 'UPPER(name)-UPPER(serial), or UPPER(name) when the serial is missing or junk';

-- mcommunity_users --------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.mcommunity_users (
    uniqname                  varchar(50) NOT NULL UNIQUE,
    cn                        jsonb DEFAULT '[]'::jsonb,
    ou                        jsonb DEFAULT '[]'::jsonb,
    umich_title               text,
    umich_postal_address      text,
    umich_postal_address_data text,
    uid_number                bigint NOT NULL,
    gid_number                bigint NOT NULL,
    home_directory            varchar(50),
    login_shell               varchar(50),
    object_class              jsonb,
    ldap_server               varchar(255),
    search_base               varchar(255),
    raw_id                    uuid NOT NULL,
    source_system             varchar(50) NOT NULL DEFAULT 'mcommunity_ldap',
    first_name                varchar(100),
    last_name                 varchar(100),
    primary_email             varchar(255),
    work_phone                varchar(50),
    full_name                 varchar(255),
    preferred_name            varchar(100),
    job_title                 text,
    cn_aliases                jsonb,
    entity_hash               varchar(64) NOT NULL,
    ingestion_run_id          uuid REFERENCES meta.ingestion_runs (run_id),
    created_at                timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at                timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.mcommunity_users IS 'Tier 1: MCommunity LDAP people; uniqname = uid as received (no primary key in the original, unique uniqname)';
COMMENT ON COLUMN silver.mcommunity_users.full_name IS 'LDAP displayName';

-- ad_computers ------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.ad_computers (
    sam_account_name           varchar(20) PRIMARY KEY,
    computer_name              varchar(60) NOT NULL,
    dns_hostname               varchar(60),
    distinguished_name         varchar(300) NOT NULL,
    object_guid                uuid NOT NULL,
    object_sid                 varchar(100) NOT NULL,
    ou_root                    varchar(50),
    ou_organization_type       varchar(50),
    ou_organization            varchar(50),
    ou_category                varchar(60),
    ou_division                varchar(100),
    ou_department              varchar(150),
    ou_subdepartment           varchar(150),
    ou_immediate_parent        varchar(150),
    ou_full_path               jsonb,
    operating_system           varchar(50),
    operating_system_version   varchar(20),
    operating_system_service_pack varchar(50),
    is_enabled                 boolean NOT NULL,
    user_account_control       integer NOT NULL,
    is_critical_system_object  boolean,
    service_principal_names    jsonb,
    network_addresses          jsonb,
    member_of_groups           jsonb,
    managed_by                 varchar(250),
    description                varchar(300),
    display_name               varchar(100),
    pwd_last_set               timestamptz NOT NULL,
    account_expires            timestamptz,
    bad_password_time          timestamptz,
    bad_pwd_count              integer,
    ms_laps_password_expiration_time bigint,
    ms_mcs_adm_pwd_expiration_time   bigint,
    msds_supported_encryption_types  integer,
    msds_key_credential_link   text,
    user_certificate           text,
    last_logon                 timestamptz,
    last_logon_timestamp       timestamptz,
    last_logoff                timestamptz,
    logon_count                integer,
    when_created               timestamptz NOT NULL,
    when_changed               timestamptz NOT NULL,
    usn_created                bigint NOT NULL,
    usn_changed                bigint NOT NULL,
    ds_core_propagation_data   jsonb,
    additional_attributes      jsonb,
    raw_id                     uuid NOT NULL,
    source_system              varchar(50) NOT NULL DEFAULT 'active_directory',
    entity_hash                varchar(64) NOT NULL,
    ingestion_run_id           uuid REFERENCES meta.ingestion_runs (run_id),
    created_at                 timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at                 timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.ad_computers IS 'Tier 1: Active Directory computer accounts, keyed by sAMAccountName';
CREATE UNIQUE INDEX IF NOT EXISTS idx_ad_computers_computer_name ON silver.ad_computers (computer_name);
CREATE UNIQUE INDEX IF NOT EXISTS idx_ad_computers_object_guid ON silver.ad_computers (object_guid);

-- lab_awards --------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.lab_awards (
    award_record_id            uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    award_id                   varchar(15) NOT NULL,
    person_uniqname            varchar(50) NOT NULL,
    person_role                varchar(60) NOT NULL,
    project_grant_id           varchar(15),
    award_title                varchar(250) NOT NULL,
    award_class                varchar(30),
    award_total_dollars        numeric(15,2),
    award_direct_dollars       numeric(15,2),
    award_indirect_dollars     numeric(15,2),
    facilities_admin_rate      numeric(5,2),
    award_start_date           date,
    award_end_date             date,
    pre_nce_end_date           date,
    award_publish_date         date,
    direct_sponsor_name        varchar(120),
    direct_sponsor_category    varchar(100),
    direct_sponsor_subcategory varchar(100),
    direct_sponsor_reference   varchar(100),
    prime_sponsor_name         varchar(120),
    prime_sponsor_category     varchar(100),
    prime_sponsor_subcategory  varchar(100),
    prime_sponsor_reference    varchar(100),
    award_admin_department     varchar(100),
    award_admin_school_college varchar(100),
    person_first_name          varchar(100),
    person_last_name           varchar(100),
    person_appt_department     varchar(100),
    person_appt_department_id  varchar(50),
    person_appt_school_college varchar(100),
    raw_id                     uuid NOT NULL,
    raw_data_snapshot          jsonb,
    source_system              varchar(50) NOT NULL DEFAULT 'lab_awards',
    entity_hash                varchar(64) NOT NULL,
    ingestion_run_id           uuid REFERENCES meta.ingestion_runs (run_id),
    created_at                 timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at                 timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.lab_awards IS 'Tier 1: research awards, one row per (award, person, role) from the lab-awards document drop';
CREATE UNIQUE INDEX IF NOT EXISTS idx_lab_awards_natural_key ON silver.lab_awards (award_id, person_uniqname, person_role);
-- No separate award_id index: it leads the natural-key index.

-- Kept: v_lab_active_awards reads the awards not yet ended, newest end first (docs/indexes.md).
CREATE INDEX IF NOT EXISTS idx_lab_awards_end_date ON silver.lab_awards (award_end_date DESC);
-- Kept: v_lab_active_awards looks up a lab PI's awards by person_uniqname (docs/indexes.md).
CREATE INDEX IF NOT EXISTS idx_lab_awards_person ON silver.lab_awards (person_uniqname);

-- ad_organizational_units -------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.ad_organizational_units (
    object_guid              uuid PRIMARY KEY,
    distinguished_name       text NOT NULL UNIQUE,
    ou_name                  varchar(60) NOT NULL,
    name                     varchar(60) NOT NULL,
    description              varchar(100),
    managed_by               varchar(200),
    gp_link                  text,
    gp_options               varchar(10),
    object_category          varchar(150),
    object_class             jsonb,
    instance_type            integer,
    system_flags             integer,
    ou_root                  varchar(50),
    ou_organization_type     varchar(50),
    ou_organization          varchar(50),
    ou_category              varchar(100),
    ou_division              varchar(100),
    ou_department            varchar(150),
    ou_subdepartment         varchar(150),
    ou_immediate_parent      varchar(150),
    ou_status                varchar(100),
    ou_full_path             jsonb,
    ou_depth                 integer NOT NULL,
    parent_ou_dn             text,
    direct_computer_count    integer DEFAULT 0,
    has_computer_children    boolean,
    child_ou_count           integer,
    has_child_ous            boolean,
    depth_category           varchar(20),
    extracted_uniqname       varchar(20),
    name_patterns            jsonb,
    when_created             timestamptz NOT NULL,
    when_changed             timestamptz NOT NULL,
    usn_created              bigint NOT NULL,
    usn_changed              bigint NOT NULL,
    ds_core_propagation_data jsonb,
    raw_id                   uuid NOT NULL,
    source_system            varchar(50) NOT NULL DEFAULT 'active_directory',
    entity_hash              varchar(64) NOT NULL,
    ingestion_run_id         uuid REFERENCES meta.ingestion_runs (run_id),
    created_at               timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at               timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.ad_organizational_units IS 'Tier 1: Active Directory OUs with parsed hierarchy and the bronze enrichment (computer counts, extracted uniqname)';

-- =====================================================================================================
-- SILVER TIER 2: consolidated and relationship tables
-- =====================================================================================================

-- departments -------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.departments (
    dept_id            varchar(50) PRIMARY KEY,
    silver_id          uuid NOT NULL DEFAULT public.uuid_generate_v4() UNIQUE,
    department_name    varchar(255) NOT NULL,
    department_code    varchar(50),
    description        text,
    is_active          boolean NOT NULL DEFAULT true,
    data_quality_score numeric(3,2) CHECK (data_quality_score BETWEEN 0 AND 1),
    quality_flags      jsonb DEFAULT '[]'::jsonb,
    source_system      varchar(50) NOT NULL,
    source_entity_id   varchar(255) NOT NULL,
    tdx_id             integer,
    campus_name        varchar(255),
    college_group      varchar(255),
    vp_area            varchar(255),
    hierarchical_path  text,
    tdx_created_date   timestamptz,
    tdx_modified_date  timestamptz,
    location_info      jsonb DEFAULT '{}'::jsonb,
    parent_dept_id     text,
    vp_area_name       text,
    college_name       text,
    dept_group         text,
    dept_group_campus  text,
    dept_group_vp_area text,
    tdx_manager_uid    uuid,
    sources            jsonb DEFAULT '[]'::jsonb,
    entity_hash        varchar(64) NOT NULL,
    ingestion_run_id   uuid REFERENCES meta.ingestion_runs (run_id),
    created_at         timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at         timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.departments IS 'Tier 2: departments merged from UMich API and TDX on dept_id';
COMMENT ON COLUMN silver.departments.department_code IS 'Copy of dept_id; several views join on it';
COMMENT ON COLUMN silver.departments.parent_dept_id IS 'TDX ParentID (a numeric TDX account ID, not a dept code), as text';
-- The original's extra UNIQUE (dept_id) duplicated the primary key and is not carried over.

-- Kept: v_lab_computers_tdx_reference joins a computer's owning TDX department on tdx_id (docs/indexes.md).
CREATE INDEX IF NOT EXISTS idx_departments_tdx_id ON silver.departments (tdx_id);

-- Kept: v_lab_locations_tdx_reference and v_lab_purchase_shortcodes look up a department by department_code
-- (docs/indexes.md); the v_lab_managers_* views join on it too.
CREATE INDEX IF NOT EXISTS idx_departments_code ON silver.departments (department_code);

-- Kept: silver.ad_labs and silver.tdx_labs find the departments whose name is trigram-similar to an OU or TDX account
-- name with `%` (docs/indexes.md); without it each name is compared with every department.
CREATE INDEX IF NOT EXISTS idx_departments_name_trgm ON silver.departments USING gin (department_name public.gin_trgm_ops);

-- groups ------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.groups (
    group_id              varchar(100) PRIMARY KEY,
    ad_group_guid         uuid,
    mcommunity_group_uid  uuid,
    group_name            varchar(100),
    group_email           varchar(100),
    sam_account_name      varchar(100),
    cn                    varchar(100),
    distinguished_name    text,
    description           text,
    display_name          varchar(255),
    group_type            integer,
    is_security_group     boolean,
    is_distribution_group boolean,
    sam_account_type      integer,
    object_category       varchar(255),
    is_private            boolean,
    is_members_only       boolean,
    is_joinable           boolean,
    expiry_timestamp      timestamptz,
    is_mcomm_adsync       boolean DEFAULT false,
    ou_root               varchar(100),
    ou_organization       varchar(100),
    ou_department         varchar(100),
    ou_category           varchar(100),
    ou_immediate_parent   varchar(100),
    ou_full_path          jsonb,
    ou_depth              integer,
    parent_ou_dn          text,
    members               jsonb,
    owners                jsonb,
    member_of             jsonb,
    direct_members        jsonb,
    nested_members        jsonb,
    managed_by            text,
    contact_info          jsonb DEFAULT '{}'::jsonb,
    proxy_addresses       text[],
    when_created          timestamptz,
    when_changed          timestamptz,
    data_quality_score    numeric(3,2) CHECK (data_quality_score BETWEEN 0 AND 1),
    quality_flags         jsonb DEFAULT '[]'::jsonb,
    source_system         varchar(100) NOT NULL,
    source_entity_id      varchar(255) NOT NULL,
    ad_raw_id             uuid,
    mcommunity_raw_id     uuid,
    entity_hash           varchar(64) NOT NULL,
    ingestion_run_id      uuid REFERENCES meta.ingestion_runs (run_id),
    created_at            timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at            timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.groups IS 'Tier 2: groups merged from AD and MCommunity on lower(cn) = lower(group name)';

-- Kept: synced_groups reads the few groups with is_mcomm_adsync (partial index, docs/indexes.md).
CREATE INDEX IF NOT EXISTS idx_groups_mcomm_adsync ON silver.groups (is_mcomm_adsync) WHERE is_mcomm_adsync;

-- group_members -----------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.group_members (
    membership_id    uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    group_id         varchar(100) NOT NULL,
    member_type      varchar(20)  NOT NULL CHECK (member_type IN ('user', 'group')),
    member_uniqname  varchar(50),
    member_group_id  varchar(100),
    is_direct_member boolean DEFAULT true,
    source_system    varchar(50)  NOT NULL,
    created_at       timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at       timestamptz DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT group_members_reference_check CHECK (
        (member_type = 'user' AND member_uniqname IS NOT NULL AND member_group_id IS NULL)
        OR (member_type = 'group' AND member_group_id IS NOT NULL AND member_uniqname IS NULL))
);
COMMENT ON TABLE silver.group_members IS 'Tier 2 relationship: group membership rows parsed from silver.groups (full refresh)';
CREATE UNIQUE INDEX IF NOT EXISTS idx_group_members_user_unique ON silver.group_members (group_id, member_uniqname, source_system) WHERE member_type = 'user';
CREATE UNIQUE INDEX IF NOT EXISTS idx_group_members_group_unique ON silver.group_members (group_id, member_group_id, source_system) WHERE member_type = 'group';
-- Kept: group_summary and user_group_memberships for one group (docs/indexes.md).
CREATE INDEX IF NOT EXISTS idx_group_members_group ON silver.group_members (group_id);

-- Kept: user_group_memberships for one person (docs/indexes.md).
CREATE INDEX IF NOT EXISTS idx_group_members_uniqname ON silver.group_members (member_uniqname) WHERE member_type = 'user';

-- group_owners ------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.group_owners (
    ownership_id   uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    group_id       varchar(100) NOT NULL,
    owner_type     varchar(20)  NOT NULL CHECK (owner_type IN ('user', 'group')),
    owner_uniqname varchar(50),
    owner_group_id varchar(100),
    source_system  varchar(50)  NOT NULL,
    created_at     timestamptz DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT group_owners_reference_check CHECK (
        (owner_type = 'user' AND owner_uniqname IS NOT NULL AND owner_group_id IS NULL)
        OR (owner_type = 'group' AND owner_group_id IS NOT NULL AND owner_uniqname IS NULL))
);
COMMENT ON TABLE silver.group_owners IS 'Tier 2 relationship: group ownership rows parsed from silver.groups (full refresh)';
CREATE UNIQUE INDEX IF NOT EXISTS idx_group_owners_user_unique ON silver.group_owners (group_id, owner_uniqname) WHERE owner_type = 'user';
CREATE UNIQUE INDEX IF NOT EXISTS idx_group_owners_group_unique ON silver.group_owners (group_id, owner_group_id) WHERE owner_type = 'group';

-- users -------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.users (
    uniqname                    varchar(50) PRIMARY KEY,
    silver_id                   uuid NOT NULL DEFAULT public.uuid_generate_v4() UNIQUE,
    tdx_user_uid                uuid,
    umich_empl_id               varchar(10),
    umich_empl_ids              jsonb,
    ldap_uid_number             bigint,
    ldap_gid_number             bigint,
    ad_object_guid              text,
    ad_sam_account_name         text,
    ad_object_sid               text,
    first_name                  text,
    last_name                   text,
    full_name                   text,
    preferred_name              text,
    primary_email               text,
    work_phone                  text,
    work_phone_extension        text,
    mobile_phone                text,
    work_address_line1          text,
    work_address_line2          text,
    work_address_line3          text,
    work_city                   text,
    work_state                  text,
    work_postal_code            text,
    work_country                text,
    department_id               varchar(10),
    department_name             text,
    department_ids              jsonb,
    job_title                   text,
    department_job_title        text,
    primary_job_code            varchar(10),
    job_codes                   jsonb,
    primary_supervisor_id       varchar(10),
    primary_supervisor_uniqname text,
    supervisor_ids              jsonb,
    reports_to_uid              uuid,
    is_pi                       boolean DEFAULT false,
    is_active                   boolean DEFAULT true,
    is_employee                 boolean,
    ad_account_disabled         boolean,
    ad_account_locked           boolean,
    ad_last_logon               timestamptz,
    ad_last_logon_timestamp     timestamptz,
    ad_pwd_last_set             timestamptz,
    mcommunity_ou_affiliations  jsonb,
    ou_department_ids           jsonb,
    ad_ou_root                  text,
    ad_ou_organization          text,
    ad_ou_department            text,
    ad_ou_full_path             jsonb,
    ad_parent_ou_dn             text,
    ad_group_memberships        jsonb,
    ad_primary_group_id         integer,
    tdx_group_ids               jsonb,
    home_directory              text,
    login_shell                 text,
    tdx_external_id             text,
    tdx_beid                    text,
    tdx_security_role_id        uuid,
    tdx_security_role_name      text,
    tdx_is_employee             boolean,
    tdx_is_confidential         boolean,
    data_quality_score          numeric(3,2) CHECK (data_quality_score BETWEEN 0 AND 1),
    quality_flags               jsonb DEFAULT '[]'::jsonb,
    source_system               text NOT NULL,
    source_entity_id            text NOT NULL,
    entity_hash                 varchar(64) NOT NULL,
    ingestion_run_id            uuid REFERENCES meta.ingestion_runs (run_id),
    created_at                  timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at                  timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.users IS 'Tier 2: one row per person (lowercase uniqname) merged from TDX, AD, UMich API and MCommunity';
COMMENT ON COLUMN silver.users.is_pi IS 'Principal investigator on a lab award, or named by an AD OU at depth 8 or more';
COMMENT ON COLUMN silver.users.preferred_name IS 'Name the person is shown by: MCommunity displayName, else AD displayName, else TDX FullName, else first and last name';

-- computers ---------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.computers (
    silver_id                 uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    computer_id               varchar(100) NOT NULL UNIQUE,
    computer_name             varchar(255) NOT NULL,
    computer_name_aliases     jsonb,
    serial_number             varchar(100),
    serial_numbers            jsonb,
    mac_address               varchar(17),
    mac_addresses             jsonb,
    tdx_asset_id              integer,
    tdx_tag                   varchar(50),
    tdx_status_id             integer,
    tdx_status_name           varchar(100),
    tdx_form_id               integer,
    tdx_form_name             varchar(255),
    tdx_configuration_item_id integer,
    tdx_external_id           varchar(100),
    tdx_uri                   varchar(255),
    ad_object_guid            uuid,
    ad_object_sid             varchar(100),
    ad_sam_account_name       varchar(20),
    ad_dns_hostname           varchar(60),
    ad_distinguished_name     text,
    kc_mac_address            varchar(20),
    owner_uniqname            varchar(50),
    owner_department_id       varchar(50),
    manufacturer              varchar(255),
    product_model             varchar(255),
    os_family                 varchar(50),
    os_name                   varchar(255),
    os_version                varchar(100),
    os_install_date           timestamptz,
    cpu                       varchar(255),
    cpu_cores                 smallint,
    cpu_sockets               smallint,
    cpu_speed_mhz             integer,
    ram_mb                    integer,
    disk_gb                   numeric(10,2),
    disk_free_gb              numeric(10,2),
    is_active                 boolean NOT NULL DEFAULT true,
    is_ad_enabled             boolean,
    has_recent_activity       boolean,
    last_seen                 timestamptz,
    last_user                 varchar(50),
    location_info             jsonb DEFAULT '{}'::jsonb,
    ownership_info            jsonb DEFAULT '{}'::jsonb,
    hardware_specs            jsonb DEFAULT '{}'::jsonb,
    os_details                jsonb DEFAULT '{}'::jsonb,
    network_info              jsonb DEFAULT '{}'::jsonb,
    ad_security_info          jsonb DEFAULT '{}'::jsonb,
    ad_ou_info                jsonb DEFAULT '{}'::jsonb,
    financial_info            jsonb DEFAULT '{}'::jsonb,
    activity_timestamps       jsonb DEFAULT '{}'::jsonb,
    tdx_attributes            jsonb DEFAULT '{}'::jsonb,
    tdx_attachments           jsonb DEFAULT '[]'::jsonb,
    source_raw_ids            jsonb DEFAULT '{}'::jsonb,
    data_quality_score        numeric(3,2) CHECK (data_quality_score BETWEEN 0 AND 1),
    quality_flags             jsonb DEFAULT '[]'::jsonb,
    source_system             varchar(100) NOT NULL,
    source_entity_id          varchar(255),
    entity_hash               varchar(64) NOT NULL,
    ingestion_run_id          uuid REFERENCES meta.ingestion_runs (run_id),
    created_at                timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at                timestamptz DEFAULT CURRENT_TIMESTAMP,
    financial_owner_uniqname  varchar(8) REFERENCES silver.users (uniqname) ON DELETE SET NULL,
    kc_computer_id            varchar(100),
    kc_primary_mac            varchar(20),
    kc_nic_count              smallint
);
COMMENT ON TABLE silver.computers IS 'Tier 2: computers matched across TDX assets, KeyConfigure and AD';
COMMENT ON COLUMN silver.computers.computer_id IS 'UPPER(TRIM(computer_name)) (the original schema comment said LOWER; its code uses UPPER)';
-- A computer's primary lab is silver.computer_primary_labs (written by the lab_computers step, which reads this table).
-- The original's second unique index on computer_id duplicated the UNIQUE constraint and is not carried over.

-- computer_groups ---------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.computer_groups (
    membership_id uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    computer_id   varchar(100) NOT NULL,
    -- silver.groups.group_id is varchar(100); the original's varchar(50) made one long group id abort the whole
    -- refresh (docs/silver-model.md), so this column matches its source.
    group_id      varchar(100),
    group_dn      text NOT NULL,
    group_cn      varchar(255),
    source_system varchar(50) NOT NULL DEFAULT 'active_directory',
    created_at    timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at    timestamptz DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT computer_groups_computer_dn_key UNIQUE (computer_id, group_dn)
);
COMMENT ON TABLE silver.computer_groups IS 'Tier 2 relationship: AD group memberships of computers';

-- computer_attributes -----------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.computer_attributes (
    attribute_id        uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    computer_id         varchar(100) NOT NULL,
    attribute_name      varchar(255) NOT NULL,
    attribute_value     text,
    attribute_value_uid integer,
    source_system       varchar(50) NOT NULL DEFAULT 'tdx',
    tdx_form_id         integer,
    created_at          timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at          timestamptz DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT computer_attributes_computer_name_key UNIQUE (computer_id, attribute_name)
);
COMMENT ON TABLE silver.computer_attributes IS 'Tier 2 relationship: one row per TDX custom attribute of a computer';

-- =====================================================================================================
-- SILVER TIER 3: lab helpers and composites
-- =====================================================================================================

-- tdx_labs ----------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.tdx_labs (
    tdx_lab_id                  varchar(100) PRIMARY KEY,
    pi_uniqname                 varchar(50) NOT NULL REFERENCES silver.users (uniqname),
    lab_name                    varchar(255),
    computer_count              integer DEFAULT 0,
    has_tdx_presence            boolean DEFAULT true,
    data_quality_score          numeric(3,2) CHECK (data_quality_score BETWEEN 0 AND 1),
    quality_flags               jsonb DEFAULT '[]'::jsonb,
    source_system               varchar(50) DEFAULT 'tdx',
    entity_hash                 varchar(64) NOT NULL,
    ingestion_run_id            uuid REFERENCES meta.ingestion_runs (run_id),
    created_at                  timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at                  timestamptz DEFAULT CURRENT_TIMESTAMP,
    tdx_user_uid                uuid,
    primary_email               varchar(255),
    work_phone                  varchar(50),
    title                       varchar(255),
    department_name             varchar(255),
    company                     varchar(255),
    is_active                   boolean,
    department_id               varchar(50),
    department_match_method     varchar(50),
    department_match_confidence numeric(3,2)
);
COMMENT ON TABLE silver.tdx_labs IS 'Tier 3 helper: one row per PI who owns or financially owns TDX computers';

-- award_labs --------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.award_labs (
    award_lab_id            varchar(100) PRIMARY KEY,
    pi_uniqname             varchar(50) NOT NULL REFERENCES silver.users (uniqname),
    lab_name                varchar(255),
    total_award_dollars     numeric(15,2) DEFAULT 0,
    total_direct_dollars    numeric(15,2) DEFAULT 0,
    total_indirect_dollars  numeric(15,2) DEFAULT 0,
    award_count             integer,
    active_award_count      integer,
    earliest_award_start    date,
    latest_award_end        date,
    primary_department_id   varchar(50) REFERENCES silver.departments (dept_id),
    department_ids          jsonb,
    data_quality_score      numeric(3,2) CHECK (data_quality_score BETWEEN 0 AND 1),
    quality_flags           jsonb DEFAULT '[]'::jsonb,
    source_system           varchar(50) DEFAULT 'lab_award',
    entity_hash             varchar(64) NOT NULL,
    ingestion_run_id        uuid REFERENCES meta.ingestion_runs (run_id),
    created_at              timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at              timestamptz DEFAULT CURRENT_TIMESTAMP,
    sponsors                jsonb,
    award_titles            jsonb,
    primary_department_name varchar(255)
);
COMMENT ON TABLE silver.award_labs IS 'Tier 3 helper: award totals per PI (awards in any role)';

-- ad_labs -----------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.ad_labs (
    ad_lab_id                   varchar(100) PRIMARY KEY,
    pi_uniqname                 varchar(50) NOT NULL REFERENCES silver.users (uniqname),
    lab_name                    varchar(255),
    has_ad_ou                   boolean DEFAULT true,
    ad_ou_dn                    text,
    ad_ou_hierarchy             jsonb,
    ad_parent_ou                text,
    ad_ou_depth                 integer,
    ad_ou_created               timestamptz,
    ad_ou_modified              timestamptz,
    data_quality_score          numeric(3,2) CHECK (data_quality_score BETWEEN 0 AND 1),
    quality_flags               jsonb DEFAULT '[]'::jsonb,
    source_system               varchar(50) DEFAULT 'active_directory',
    entity_hash                 varchar(64) NOT NULL,
    ingestion_run_id            uuid REFERENCES meta.ingestion_runs (run_id),
    created_at                  timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at                  timestamptz DEFAULT CURRENT_TIMESTAMP,
    description                 varchar(1024),
    managed_by                  varchar(255),
    department_name             varchar(255),
    department_id               varchar(50),
    department_match_method     varchar(50),
    department_match_confidence numeric(3,2)
);
COMMENT ON TABLE silver.ad_labs IS 'Tier 3 helper: the AD OU matched to each PI';

-- labs --------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.labs (
    lab_id                 varchar(100) PRIMARY KEY,
    silver_id              uuid NOT NULL DEFAULT public.uuid_generate_v4() UNIQUE,
    pi_uniqname            varchar(50) NOT NULL,
    lab_name               varchar(255),
    lab_display_name       varchar(255),
    primary_department_id  varchar(50) REFERENCES silver.departments (dept_id) ON DELETE SET NULL,
    department_ids         jsonb,
    department_names       jsonb,
    total_award_dollars    numeric(15,2) DEFAULT 0,
    total_direct_dollars   numeric(15,2) DEFAULT 0,
    total_indirect_dollars numeric(15,2) DEFAULT 0,
    award_count            integer,
    active_award_count     integer,
    earliest_award_start   date,
    latest_award_end       date,
    has_ad_ou              boolean,
    ad_ou_dn               text,
    ad_ou_hierarchy        jsonb,
    ad_parent_ou           text,
    ad_ou_depth            integer,
    computer_count         integer,
    has_computer_children  boolean,
    has_child_ous          boolean,
    ad_ou_created          timestamptz,
    ad_ou_modified         timestamptz,
    is_active              boolean NOT NULL DEFAULT true,
    has_active_awards      boolean,
    has_active_ou          boolean,
    has_award_data         boolean,
    has_ou_data            boolean,
    data_source            varchar(50) NOT NULL,
    data_quality_score     numeric(3,2) CHECK (data_quality_score BETWEEN 0 AND 1),
    quality_flags          jsonb DEFAULT '[]'::jsonb,
    source_system          varchar(100) NOT NULL,
    entity_hash            varchar(64) NOT NULL,
    ingestion_run_id       uuid REFERENCES meta.ingestion_runs (run_id),
    created_at             timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at             timestamptz DEFAULT CURRENT_TIMESTAMP,
    ou_depth_category      varchar(50),
    has_tdx_data           boolean,
    has_tdx_presence       boolean,
    tdx_ci_id              integer
);
COMMENT ON TABLE silver.labs IS 'Tier 3: one lab per principal investigator (lab_id = PI uniqname), composed from tdx_labs, award_labs and ad_labs';
COMMENT ON COLUMN silver.labs.tdx_ci_id IS 'TeamDynamix configuration item of the lab, written back by the TDX lab-CI sync';
-- Member, PI, investigator and computer-association counts are silver.lab_statistics, written after lab_members and
-- lab_computers (which need the labs first), so one run fills them.

-- Kept: v_department_labs for one department finds its labs by primary_department_id (docs/indexes.md).
CREATE INDEX IF NOT EXISTS idx_labs_primary_department ON silver.labs (primary_department_id);

-- Kept: v_labs_refined filters ou_depth_category = 'potential_lab' (docs/indexes.md).
CREATE INDEX IF NOT EXISTS idx_labs_ou_depth_category ON silver.labs (ou_depth_category);

-- lab_members -------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.lab_members (
    membership_id          uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    lab_id                 varchar(100) NOT NULL REFERENCES silver.labs (lab_id) ON DELETE CASCADE,
    member_uniqname        varchar(50) NOT NULL,
    member_role            text,
    member_first_name      varchar(255),
    member_last_name       varchar(255),
    member_full_name       varchar(255),
    member_department_id   varchar(50) REFERENCES silver.departments (dept_id) ON DELETE SET NULL,
    member_department_name varchar(255),
    silver_user_exists     boolean DEFAULT false,
    member_job_title       text,
    source_system          varchar(50) NOT NULL,
    source_award_ids       jsonb DEFAULT '[]'::jsonb,
    is_pi                  boolean NOT NULL DEFAULT false,
    is_investigator        boolean NOT NULL DEFAULT false,
    award_role             varchar(100),
    source_group_ids       jsonb DEFAULT '[]'::jsonb,
    created_at             timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at             timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.lab_members IS 'Tier 3: members of each lab, from the groups the PI owns or that are named after the PI (full refresh)';
CREATE UNIQUE INDEX IF NOT EXISTS idx_lab_members_lab_member ON silver.lab_members (lab_id, member_uniqname);

-- lab_computers -----------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.lab_computers (
    association_id        uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    computer_id           varchar(100) NOT NULL,
    -- One foreign key: the original carried a second, identical one (computer_labs_lab_id_fkey) left over from
    -- a table rename.
    lab_id                varchar(100) NOT NULL REFERENCES silver.labs (lab_id) ON DELETE CASCADE,
    association_method    varchar(50) NOT NULL CHECK (association_method IN (
                              'ad_ou_nested', 'owner_is_pi', 'fin_owner_is_pi', 'name_pattern_pi',
                              'group_membership', 'owner_member', 'last_user_member')),
    confidence_score      numeric(3,2) DEFAULT 0.50 CHECK (confidence_score BETWEEN 0 AND 1),
    matched_ou            text,
    matched_group_id      varchar(50),
    matched_user          varchar(50),
    is_primary            boolean DEFAULT false,
    owner_is_pi           boolean DEFAULT false,
    fin_owner_is_pi       boolean DEFAULT false,
    owner_is_member       boolean DEFAULT false,
    fin_owner_is_member   boolean DEFAULT false,
    function_is_research  boolean DEFAULT false,
    function_is_classroom boolean DEFAULT false,
    quality_flags         jsonb,
    created_at            timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at            timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.lab_computers IS 'Tier 3: computer-to-lab associations with method and confidence (full refresh)';
CREATE UNIQUE INDEX IF NOT EXISTS idx_lab_computers_unique ON silver.lab_computers (computer_id, lab_id, association_method);

-- Kept: v_lab_locations_*, v_lab_purchase_shortcodes and v_lab_computers_tdx_reference read one lab's
-- associations with confidence_score >= 0.65 (docs/indexes.md).
CREATE INDEX IF NOT EXISTS idx_lab_computers_confidence ON silver.lab_computers (lab_id, confidence_score DESC);

-- lab_managers ------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.lab_managers (
    lab_manager_id           uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    lab_id                   varchar(100) NOT NULL REFERENCES silver.labs (lab_id) ON DELETE CASCADE,
    manager_uniqname         varchar(50) NOT NULL,
    manager_tdx_uid          uuid,
    manager_role             text,
    manager_job_codes        jsonb,
    -- 1..14: the scoring rules number Tier 2 up to 14; the original's CHECK 1..10 made every lab whose best
    -- candidates scored 11-14 abort the refresh (docs/silver-model.md, Lab managers).
    manager_confidence_score integer NOT NULL CHECK (manager_confidence_score BETWEEN 1 AND 14),
    manager_rank             integer NOT NULL CHECK (manager_rank BETWEEN 1 AND 3),
    detection_reason         text NOT NULL,
    is_verified              boolean DEFAULT false,
    verification_notes       text,
    created_at               timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at               timestamptz DEFAULT CURRENT_TIMESTAMP,
    lab_department_id        varchar(50),
    lab_department_name      varchar(255),
    manager_department_id    varchar(50),
    manager_department_name  varchar(255),
    CONSTRAINT lab_managers_lab_manager_key UNIQUE (lab_id, manager_uniqname),
    -- Targets silver.users, never users_legacy (the plan's FK fix).
    CONSTRAINT lab_managers_manager_uniqname_fkey FOREIGN KEY (manager_uniqname)
        REFERENCES silver.users (uniqname) ON DELETE CASCADE
);
COMMENT ON TABLE silver.lab_managers IS 'Tier 3: up to three likely lab managers per legitimate lab, scored from member roles and job codes';
COMMENT ON COLUMN silver.lab_managers.verification_notes IS 'Edited by people; a refresh must preserve it';

-- lab_statistics ----------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.lab_statistics (
    lab_id                         varchar(100) PRIMARY KEY REFERENCES silver.labs (lab_id) ON DELETE CASCADE,
    member_count                   integer NOT NULL DEFAULT 0,
    total_member_count             integer NOT NULL DEFAULT 0,
    pi_count                       integer NOT NULL DEFAULT 0,
    investigator_count             integer NOT NULL DEFAULT 0,
    computer_count                 integer NOT NULL DEFAULT 0,
    primary_computer_count         integer NOT NULL DEFAULT 0,
    high_confidence_computer_count integer NOT NULL DEFAULT 0,
    manager_count                  integer NOT NULL DEFAULT 0,
    ingestion_run_id               uuid REFERENCES meta.ingestion_runs (run_id),
    created_at                     timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at                     timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.lab_statistics IS 'Tier 3: per-lab counts of members, PIs, investigators, associated computers and managers, written after those tables';
COMMENT ON COLUMN silver.lab_statistics.member_count IS 'Members eligible as managers (v_eligible_lab_members), the original labs.member_count';
COMMENT ON COLUMN silver.lab_statistics.computer_count IS 'Distinct computers in silver.lab_computers (labs.computer_count counts the PI''s TDX computers)';

-- computer_primary_labs ---------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.computer_primary_labs (
    computer_id           varchar(100) PRIMARY KEY,
    primary_lab_id        varchar(100) NOT NULL REFERENCES silver.labs (lab_id) ON DELETE CASCADE,
    primary_lab_method    varchar(50) NOT NULL,
    confidence_score      numeric(3,2) NOT NULL CHECK (confidence_score BETWEEN 0 AND 1),
    lab_association_count integer NOT NULL CHECK (lab_association_count > 0),
    created_at            timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at            timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.computer_primary_labs IS 'Tier 3: each lab-associated computer''s best lab (the is_primary row of silver.lab_computers) and its number of labs';
CREATE INDEX IF NOT EXISTS idx_computer_primary_labs_lab ON silver.computer_primary_labs (primary_lab_id);

-- lab_excluded_departments ------------------------------------------------------------------------------
-- Reference data, not a step's output: the central support departments whose people are never lab managers. Read by
-- v_eligible_lab_members and v_lab_members_all_tdx_reference (the original repeated the list in both views).
CREATE TABLE IF NOT EXISTS silver.lab_excluded_departments (
    dept_id varchar(50) PRIMARY KEY,
    reason  text NOT NULL DEFAULT 'central support department'
);
COMMENT ON TABLE silver.lab_excluded_departments IS 'Departments whose members are not lab-manager candidates nor TDX lab references; add rows to exclude more (db init restores the original 18)';
INSERT INTO silver.lab_excluded_departments (dept_id)
VALUES ('171240'), ('481477'), ('171210'), ('171220'), ('171245'), ('171230'), ('481207'), ('309980'), ('309982'),
       ('309981'), ('315834'), ('231640'), ('211600'), ('481450'), ('676785'), ('309919'), ('309921'), ('380002')
ON CONFLICT (dept_id) DO NOTHING;

-- =====================================================================================================
-- updated_at triggers (exactly the tables the original had them on)
-- =====================================================================================================

CREATE OR REPLACE TRIGGER update_ad_groups_updated_at BEFORE UPDATE ON silver.ad_groups
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_mcommunity_groups_updated_at BEFORE UPDATE ON silver.mcommunity_groups
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_mcommunity_users_updated_at BEFORE UPDATE ON silver.mcommunity_users
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_departments_updated_at BEFORE UPDATE ON silver.departments
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_groups_updated_at BEFORE UPDATE ON silver.groups
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_users_updated_at BEFORE UPDATE ON silver.users
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_computers_updated_at BEFORE UPDATE ON silver.computers
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_labs_updated_at BEFORE UPDATE ON silver.labs
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();
CREATE OR REPLACE TRIGGER update_lab_managers_updated_at BEFORE UPDATE ON silver.lab_managers
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at_column();

-- Not carried over: silver.update_lab_member_counts(lab_id). No step calls it, and it counts investigators by
-- member_role LIKE '%Investigator%', which disagrees with how the labs step counts them.

-- =====================================================================================================
-- Change stamps (migration 0017; meta.track_table_changes is in production_init.sql)
-- =====================================================================================================

-- The tier-2 steps' inputs and outputs (silver tier 1 and tier 2).
SELECT meta.track_table_changes(t::regclass)
FROM unnest(ARRAY[
    'silver.tdx_users', 'silver.ad_users', 'silver.umapi_employees', 'silver.mcommunity_users', 'silver.lab_awards',
    'silver.ad_organizational_units', 'silver.tdx_departments', 'silver.umapi_departments', 'silver.ad_groups',
    'silver.mcommunity_groups', 'silver.tdx_assets', 'silver.keyconfigure_computers', 'silver.ad_computers',
    'silver.departments', 'silver.groups', 'silver.group_members', 'silver.group_owners', 'silver.users',
    'silver.computers', 'silver.computer_groups', 'silver.computer_attributes']) t;
