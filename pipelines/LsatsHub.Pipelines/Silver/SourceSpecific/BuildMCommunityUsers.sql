-- silver.mcommunity_users from bronze mcommunity_ldap/user (key uidNumber): one row per uniqname = lower(trim(uid)).
-- LDAP attributes arrive as a string when single-valued and as a sorted array when multi-valued, so no value is
-- "the first": cn and ou are stored as arrays; a multi-valued attribute stored in a text column is its values joined
-- with "; " in the stored order. A row needs uid, uidNumber and gidNumber (NOT NULL in the table); a value too long or
-- unparsable is NULL and counted. Two entities claiming one uniqname: the smaller uidNumber (external id) keeps it.
-- No active flag: the row of a person gone from the directory (tombstone) is removed, and so is the row of a person
-- whose newest version is unusable (skipped and counted on every run until the source is fixed).

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

CREATE OR REPLACE TEMP VIEW mcommunity_users_source AS
SELECT l.raw_id,
       l.external_id,
       l.is_deleted,
       l.raw_data,
       lower(silver.clean_text(CASE jsonb_typeof(l.raw_data -> 'uid') WHEN 'array' THEN NULL ELSE l.raw_data ->> 'uid' END)) AS uniqname
FROM bronze.latest_raw_entities l
WHERE l.source_system = 'mcommunity_ldap' AND l.entity_type = 'user';

CREATE TEMP TABLE mcommunity_users_taken ON COMMIT DROP AS
SELECT s.uniqname, s.raw_id, b.external_id
FROM silver.mcommunity_users s
JOIN bronze.raw_entities b ON b.raw_id = s.raw_id;

-- Entities to process: newest versions not taken yet, and tombstones of entities that still have a row (full refresh:
-- every entity).
CREATE TEMP TABLE mcommunity_users_changed ON COMMIT DROP AS
SELECT src.*
FROM mcommunity_users_source src
LEFT JOIN mcommunity_users_taken t ON t.external_id = src.external_id
WHERE (SELECT full_refresh FROM silver_step)
   OR (NOT src.is_deleted AND t.raw_id IS DISTINCT FROM src.raw_id)
   OR (src.is_deleted AND t.raw_id IS NOT NULL);

-- Uniqnames to recompute: those the changed entities claim now and those their rows held.
CREATE TEMP TABLE mcommunity_users_keys ON COMMIT DROP AS
SELECT uniqname FROM mcommunity_users_changed WHERE NOT is_deleted AND uniqname IS NOT NULL
UNION
SELECT t.uniqname FROM mcommunity_users_taken t JOIN mcommunity_users_changed c ON c.external_id = t.external_id;

-- Statistics for the IN and NOT IN below (a temp table has none until ANALYZE): the sizes decide whether a subplan is
-- hashed or a join planned as a nested loop. Only the columns they read (the records' statistics took 0.3 s of CPU for
-- 178,000 rows).
ANALYZE mcommunity_users_changed (external_id);
ANALYZE mcommunity_users_keys;

-- Every current entity claiming such a uniqname competes for it, changed or not: the changed ones, and the unchanged
-- ones that claim one of the keys. An unchanged live entity always has a row built from its newest version (one
-- without a row is in the changed set on every run: its raw_id differs from the NULL it was taken as), so the others
-- are rows of mcommunity_users_taken whose record is read by raw_id: the newest versions are not read a second time
-- (0.5 s of CPU for 178,000 entities; a first build has no such row). Not a UNION: it compared whole rows, records
-- included, and took 2.2 s (issue 11). The "not changed" test is a NOT IN over the changed external ids, which
-- PostgreSQL runs as one hashed subplan (never a nested loop, whatever the statistics say: an anti-join planned as a
-- nested loop once took 650 s in a first DAG run at scale 0.1, docs/scale.md); external_id is never NULL in bronze.
-- They are typed where they are read (the subquery i), not first copied with their records into a table of their own:
-- 140 MB of temp table written and read again for 178,000 records (issue 11).
CREATE TEMP TABLE mcommunity_users_typed ON COMMIT DROP AS
SELECT i.raw_id, i.external_id AS entity_id,
       t.*,
       -- Nothing nulled, the common case, is told by counting values before and after typing (a typed value is NULL
       -- whenever its source is), without building the array of names: 0.4 s of CPU less for 178,000 records (issue 11).
       CASE WHEN num_nonnulls(s.uid_number, s.gid_number, s.home_directory, s.login_shell, s.ldap_server, s.search_base, s.first_name, s.last_name, s.primary_email, s.work_phone, s.full_name)
                 = num_nonnulls(t.uid_number, t.gid_number, t.home_directory, t.login_shell, t.ldap_server, t.search_base, t.first_name, t.last_name, t.primary_email, t.work_phone, t.full_name)
                 AND (i.uniqname IS NOT NULL OR NOT i.d ? 'uid') AND coalesce(length(i.uniqname) <= 50, true)
            THEN '{}'::text[]
            ELSE array_remove(ARRAY[CASE WHEN i.d ? 'uid' AND i.uniqname IS NULL THEN 'uniqname' END,
                               CASE WHEN length(i.uniqname) > 50 THEN 'uniqname' END,
                               CASE WHEN s.uid_number IS NOT NULL AND t.uid_number IS NULL THEN 'uid_number' END,
                               CASE WHEN s.gid_number IS NOT NULL AND t.gid_number IS NULL THEN 'gid_number' END,
                               CASE WHEN s.home_directory IS NOT NULL AND t.home_directory IS NULL THEN 'home_directory' END,
                               CASE WHEN s.login_shell IS NOT NULL AND t.login_shell IS NULL THEN 'login_shell' END,
                               CASE WHEN s.ldap_server IS NOT NULL AND t.ldap_server IS NULL THEN 'ldap_server' END,
                               CASE WHEN s.search_base IS NOT NULL AND t.search_base IS NULL THEN 'search_base' END,
                               CASE WHEN s.first_name IS NOT NULL AND t.first_name IS NULL THEN 'first_name' END,
                               CASE WHEN s.last_name IS NOT NULL AND t.last_name IS NULL THEN 'last_name' END,
                               CASE WHEN s.primary_email IS NOT NULL AND t.primary_email IS NULL THEN 'primary_email' END,
                               CASE WHEN s.work_phone IS NOT NULL AND t.work_phone IS NULL THEN 'work_phone' END,
                               CASE WHEN s.full_name IS NOT NULL AND t.full_name IS NULL THEN 'full_name' END], NULL) END AS nulled,
       CASE WHEN i.d ? 'uid' AND s.uid_number IS NOT NULL AND s.gid_number IS NOT NULL THEN '{}'::text[]
            ELSE array_remove(ARRAY[CASE WHEN NOT i.d ? 'uid' THEN 'uniqname' END,
                               CASE WHEN s.uid_number IS NULL THEN 'uid_number' END,
                               CASE WHEN s.gid_number IS NULL THEN 'gid_number' END], NULL) END AS missing
FROM (SELECT i.*, i.raw_data #> '{}' AS d -- the record decompressed once: each -> below would decompress it again
      FROM (SELECT * FROM mcommunity_users_changed WHERE NOT is_deleted
            UNION ALL
            SELECT b.raw_id, b.external_id, false AS is_deleted, b.raw_data, t.uniqname
            FROM mcommunity_users_taken t
            JOIN bronze.raw_entities b ON b.raw_id = t.raw_id
            WHERE t.uniqname IN (SELECT uniqname FROM mcommunity_users_keys)
              AND t.external_id NOT IN (SELECT external_id FROM mcommunity_users_changed)) i
      OFFSET 0) i
-- Every attribute as text: a single value as is, several joined with "; " in the stored (sorted) order. Each key is
-- looked up rather than every attribute expanded with jsonb_each and folded back with max(CASE ...) (that took 4.6 s
-- of CPU for 178,000 records, issue 11); a JSON null is NULL either way. ->> gives an array as its JSON text, which
-- starts with '[': only such a value is asked its type (-> copies the value out, and asking every value cost 0.3 s).
CROSS JOIN LATERAL (
    SELECT
           silver.clean_text(CASE WHEN i.d ->> 'uidNumber' LIKE '[%' AND jsonb_typeof(i.d -> 'uidNumber') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> 'uidNumber') x)
                                  ELSE i.d ->> 'uidNumber' END) AS uid_number,
           silver.clean_text(CASE WHEN i.d ->> 'gidNumber' LIKE '[%' AND jsonb_typeof(i.d -> 'gidNumber') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> 'gidNumber') x)
                                  ELSE i.d ->> 'gidNumber' END) AS gid_number,
           silver.clean_text(CASE WHEN i.d ->> 'umichTitle' LIKE '[%' AND jsonb_typeof(i.d -> 'umichTitle') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> 'umichTitle') x)
                                  ELSE i.d ->> 'umichTitle' END) AS umich_title,
           silver.clean_text(CASE WHEN i.d ->> 'umichPostalAddress' LIKE '[%' AND jsonb_typeof(i.d -> 'umichPostalAddress') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> 'umichPostalAddress') x)
                                  ELSE i.d ->> 'umichPostalAddress' END) AS umich_postal_address,
           silver.clean_text(CASE WHEN i.d ->> 'umichPostalAddressData' LIKE '[%' AND jsonb_typeof(i.d -> 'umichPostalAddressData') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> 'umichPostalAddressData') x)
                                  ELSE i.d ->> 'umichPostalAddressData' END) AS umich_postal_address_data,
           silver.clean_text(CASE WHEN i.d ->> 'homeDirectory' LIKE '[%' AND jsonb_typeof(i.d -> 'homeDirectory') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> 'homeDirectory') x)
                                  ELSE i.d ->> 'homeDirectory' END) AS home_directory,
           silver.clean_text(CASE WHEN i.d ->> 'loginShell' LIKE '[%' AND jsonb_typeof(i.d -> 'loginShell') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> 'loginShell') x)
                                  ELSE i.d ->> 'loginShell' END) AS login_shell,
           silver.clean_text(CASE WHEN i.d ->> '_ldap_server' LIKE '[%' AND jsonb_typeof(i.d -> '_ldap_server') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> '_ldap_server') x)
                                  ELSE i.d ->> '_ldap_server' END) AS ldap_server,
           silver.clean_text(CASE WHEN i.d ->> '_search_base' LIKE '[%' AND jsonb_typeof(i.d -> '_search_base') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> '_search_base') x)
                                  ELSE i.d ->> '_search_base' END) AS search_base,
           silver.clean_text(CASE WHEN i.d ->> 'givenName' LIKE '[%' AND jsonb_typeof(i.d -> 'givenName') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> 'givenName') x)
                                  ELSE i.d ->> 'givenName' END) AS first_name,
           silver.clean_text(CASE WHEN i.d ->> 'sn' LIKE '[%' AND jsonb_typeof(i.d -> 'sn') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> 'sn') x)
                                  ELSE i.d ->> 'sn' END) AS last_name,
           silver.clean_text(CASE WHEN i.d ->> 'mail' LIKE '[%' AND jsonb_typeof(i.d -> 'mail') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> 'mail') x)
                                  ELSE i.d ->> 'mail' END) AS primary_email,
           silver.clean_text(CASE WHEN i.d ->> 'telephoneNumber' LIKE '[%' AND jsonb_typeof(i.d -> 'telephoneNumber') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> 'telephoneNumber') x)
                                  ELSE i.d ->> 'telephoneNumber' END) AS work_phone,
           silver.clean_text(CASE WHEN i.d ->> 'displayName' LIKE '[%' AND jsonb_typeof(i.d -> 'displayName') = 'array'
                                       THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(i.d -> 'displayName') x)
                                  ELSE i.d ->> 'displayName' END) AS full_name
    OFFSET 0
) s
-- A number is checked first as plain digits, the anchored pattern (still the fallback, for a sign) being the slower
-- check (counted repetition: about 0.9 µs a value in PostgreSQL's regex engine against 0.5 µs; issue 11).
CROSS JOIN LATERAL (
    SELECT CASE WHEN length(i.uniqname) <= 50 THEN i.uniqname END                      AS uniqname,
           CASE jsonb_typeof(i.d -> 'cn') WHEN 'array' THEN i.d -> 'cn'
                WHEN 'string' THEN jsonb_build_array(i.d -> 'cn') ELSE '[]'::jsonb END AS cn,
           CASE jsonb_typeof(i.d -> 'ou') WHEN 'array' THEN i.d -> 'ou'
                WHEN 'string' THEN jsonb_build_array(i.d -> 'ou') ELSE '[]'::jsonb END AS ou,
           s.umich_title,
           s.umich_postal_address,
           s.umich_postal_address_data,
           CASE WHEN octet_length(s.uid_number) <= 18 AND s.uid_number !~ '[^0-9]' THEN s.uid_number::bigint WHEN s.uid_number ~ '^-?\d{1,18}$' THEN s.uid_number::bigint END             AS uid_number,
           CASE WHEN octet_length(s.gid_number) <= 18 AND s.gid_number !~ '[^0-9]' THEN s.gid_number::bigint WHEN s.gid_number ~ '^-?\d{1,18}$' THEN s.gid_number::bigint END             AS gid_number,
           CASE WHEN length(s.home_directory) <= 50 THEN s.home_directory END                AS home_directory,
           CASE WHEN length(s.login_shell) <= 50 THEN s.login_shell END                      AS login_shell,
           CASE jsonb_typeof(i.d -> 'objectClass') WHEN 'array' THEN i.d -> 'objectClass'
                WHEN 'string' THEN jsonb_build_array(i.d -> 'objectClass') END        AS object_class,
           CASE WHEN length(s.ldap_server) <= 255 THEN s.ldap_server END                     AS ldap_server,
           CASE WHEN length(s.search_base) <= 255 THEN s.search_base END                     AS search_base,
           CASE WHEN length(s.first_name) <= 100 THEN s.first_name END                       AS first_name,
           CASE WHEN length(s.last_name) <= 100 THEN s.last_name END                         AS last_name,
           CASE WHEN length(s.primary_email) <= 255 THEN s.primary_email END                 AS primary_email,
           CASE WHEN length(s.work_phone) <= 50 THEN s.work_phone END                        AS work_phone,
           CASE WHEN length(s.full_name) <= 255 THEN s.full_name END                         AS full_name
) t
-- In uniqname order, so that the insert below fills the unique index in key order: 0.2-0.3 s of CPU less than the same
-- 178,000 rows in bronze order (issue 11).
ORDER BY t.uniqname, i.external_id;

-- One row per uniqname: usable rows only, the smallest external id first. The others (rare) are listed, and the insert
-- reads the typed rows without them, rather than the winners being sorted and copied into a table of their own
-- (DISTINCT ON; issue 11).
CREATE TEMP TABLE mcommunity_users_losers ON COMMIT DROP AS
SELECT t.entity_id
FROM mcommunity_users_typed t
JOIN (SELECT uniqname, min(entity_id) AS winner
      FROM mcommunity_users_typed
      WHERE uniqname IS NOT NULL AND uid_number IS NOT NULL AND gid_number IS NOT NULL
      GROUP BY uniqname
      HAVING count(*) > 1) d ON d.uniqname = t.uniqname
WHERE t.uid_number IS NOT NULL AND t.gid_number IS NOT NULL AND t.entity_id <> d.winner;

WITH removed AS (
    DELETE FROM silver.mcommunity_users s
    WHERE ((SELECT full_refresh FROM silver_step) OR s.uniqname IN (SELECT uniqname FROM mcommunity_users_keys))
      AND NOT EXISTS (SELECT 1 FROM mcommunity_users_typed r
                      WHERE r.uniqname = s.uniqname AND r.uid_number IS NOT NULL AND r.gid_number IS NOT NULL)
    RETURNING 1
),
written AS (
    INSERT INTO silver.mcommunity_users AS s (
        uniqname, cn, ou, umich_title, umich_postal_address, umich_postal_address_data, uid_number, gid_number,
        home_directory, login_shell, object_class, ldap_server, search_base, first_name, last_name, primary_email,
        work_phone, full_name, raw_id, entity_hash, ingestion_run_id)
    SELECT r.uniqname, r.cn, r.ou, r.umich_title, r.umich_postal_address, r.umich_postal_address_data, r.uid_number, r.gid_number,
           r.home_directory, r.login_shell, r.object_class, r.ldap_server, r.search_base, r.first_name, r.last_name, r.primary_email,
           r.work_phone, r.full_name, r.raw_id,
           -- Content hash of the written values as one row's text (NULL and '' differ there), as silver.tdx_users does,
           -- rather than a jsonb of the row built only to be printed (issue 11).
           encode(sha256(convert_to(ROW(r.uniqname, r.cn, r.ou, r.umich_title, r.umich_postal_address, r.umich_postal_address_data,
                                        r.uid_number, r.gid_number, r.home_directory, r.login_shell, r.object_class, r.ldap_server,
                                        r.search_base, r.first_name, r.last_name, r.primary_email, r.work_phone, r.full_name)::text,
                                    'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM mcommunity_users_typed r
    WHERE r.uniqname IS NOT NULL AND r.uid_number IS NOT NULL AND r.gid_number IS NOT NULL
      AND r.entity_id NOT IN (SELECT entity_id FROM mcommunity_users_losers)
    ON CONFLICT (uniqname) DO UPDATE
    SET cn = EXCLUDED.cn, ou = EXCLUDED.ou, umich_title = EXCLUDED.umich_title, umich_postal_address = EXCLUDED.umich_postal_address,
        umich_postal_address_data = EXCLUDED.umich_postal_address_data, uid_number = EXCLUDED.uid_number,
        gid_number = EXCLUDED.gid_number, home_directory = EXCLUDED.home_directory, login_shell = EXCLUDED.login_shell,
        object_class = EXCLUDED.object_class, ldap_server = EXCLUDED.ldap_server, search_base = EXCLUDED.search_base,
        first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, primary_email = EXCLUDED.primary_email,
        work_phone = EXCLUDED.work_phone, full_name = EXCLUDED.full_name,
        raw_id = EXCLUDED.raw_id, entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id
    -- A new bronze version with the same content only moves the lineage (raw_id), so it is not read again.
    -- (updated_at is set by the table's trigger.)
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM mcommunity_users_changed)                                  AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                           AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)                       AS updated,
       (SELECT count(*) FROM removed)                                                   AS deleted,
       typed.n - typed.usable + lost.n                                                  AS skipped,
       -- Counted from flags and row counts, not by joining the tables again (a zero count is not reported): every
       -- usable version that is not a row lost its uniqname to a smaller external id. Each wide table is read once
       -- for its counts, and the outcomes only from the rows that have one.
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT o.outcome, count(*) AS n
              FROM mcommunity_users_typed t
              CROSS JOIN LATERAL (SELECT 'invalid:' || x FROM unnest(t.nulled) x
                                  UNION ALL
                                  SELECT 'missing:' || x FROM unnest(t.missing) x) o (outcome)
              WHERE t.nulled <> '{}' OR t.missing <> '{}'
              GROUP BY o.outcome) counted)
       || jsonb_build_object('duplicate_key', lost.n)                                   AS quality
FROM (SELECT count(*) AS n,
             count(*) FILTER (WHERE uniqname IS NOT NULL AND uid_number IS NOT NULL AND gid_number IS NOT NULL) AS usable
      FROM mcommunity_users_typed) typed,
     (SELECT count(*) AS n FROM mcommunity_users_losers) lost;
