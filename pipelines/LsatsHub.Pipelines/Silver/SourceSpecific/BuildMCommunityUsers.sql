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

-- Every current entity claiming such a uniqname competes for it, changed or not. A UNION, though it compares whole
-- rows: a UNION ALL with an anti-join on external id measured faster on an analysed benchmark database, but in a
-- first run of the whole DAG at scale 0.1 it planned a nested loop and took 650 s, against 40 s for the UNION under
-- heavy load (docs/scale.md).
CREATE TEMP TABLE mcommunity_users_input ON COMMIT DROP AS
SELECT src.* FROM mcommunity_users_source src
WHERE NOT src.is_deleted AND src.uniqname IN (SELECT uniqname FROM mcommunity_users_keys)
UNION
SELECT * FROM mcommunity_users_changed WHERE NOT is_deleted;

CREATE TEMP TABLE mcommunity_users_typed ON COMMIT DROP AS
SELECT i.raw_id, i.external_id AS entity_id,
       t.*,
       array_remove(ARRAY[CASE WHEN i.raw_data ? 'uid' AND i.uniqname IS NULL THEN 'uniqname' END,
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
                          CASE WHEN s.full_name IS NOT NULL AND t.full_name IS NULL THEN 'full_name' END], NULL) AS nulled,
       array_remove(ARRAY[CASE WHEN NOT i.raw_data ? 'uid' THEN 'uniqname' END,
                          CASE WHEN s.uid_number IS NULL THEN 'uid_number' END,
                          CASE WHEN s.gid_number IS NULL THEN 'gid_number' END], NULL) AS missing
FROM mcommunity_users_input i
-- Every attribute as text: a single value as is, several joined with "; " in the stored (sorted) order.
CROSS JOIN LATERAL (
    SELECT max(CASE k WHEN 'uidNumber' THEN v END)              AS uid_number,
           max(CASE k WHEN 'gidNumber' THEN v END)              AS gid_number,
           max(CASE k WHEN 'umichTitle' THEN v END)             AS umich_title,
           max(CASE k WHEN 'umichPostalAddress' THEN v END)     AS umich_postal_address,
           max(CASE k WHEN 'umichPostalAddressData' THEN v END) AS umich_postal_address_data,
           max(CASE k WHEN 'homeDirectory' THEN v END)          AS home_directory,
           max(CASE k WHEN 'loginShell' THEN v END)             AS login_shell,
           max(CASE k WHEN '_ldap_server' THEN v END)           AS ldap_server,
           max(CASE k WHEN '_search_base' THEN v END)           AS search_base,
           max(CASE k WHEN 'givenName' THEN v END)              AS first_name,
           max(CASE k WHEN 'sn' THEN v END)                     AS last_name,
           max(CASE k WHEN 'mail' THEN v END)                   AS primary_email,
           max(CASE k WHEN 'telephoneNumber' THEN v END)        AS work_phone,
           max(CASE k WHEN 'displayName' THEN v END)            AS full_name
    FROM (SELECT e.key AS k,
                 silver.clean_text(CASE jsonb_typeof(e.value)
                                       WHEN 'array' THEN (SELECT string_agg(x, '; ') FROM jsonb_array_elements_text(e.value) x)
                                       ELSE e.value #>> '{}' END) AS v
          FROM jsonb_each(i.raw_data) e
          WHERE e.key IN ('uidNumber', 'gidNumber', 'umichTitle', 'umichPostalAddress', 'umichPostalAddressData', 'homeDirectory',
                          'loginShell', '_ldap_server', '_search_base', 'givenName', 'sn', 'mail', 'telephoneNumber', 'displayName')) kv
) s
CROSS JOIN LATERAL (
    SELECT CASE WHEN length(i.uniqname) <= 50 THEN i.uniqname END                      AS uniqname,
           CASE jsonb_typeof(i.raw_data -> 'cn') WHEN 'array' THEN i.raw_data -> 'cn'
                WHEN 'string' THEN jsonb_build_array(i.raw_data -> 'cn') ELSE '[]'::jsonb END AS cn,
           CASE jsonb_typeof(i.raw_data -> 'ou') WHEN 'array' THEN i.raw_data -> 'ou'
                WHEN 'string' THEN jsonb_build_array(i.raw_data -> 'ou') ELSE '[]'::jsonb END AS ou,
           s.umich_title,
           s.umich_postal_address,
           s.umich_postal_address_data,
           CASE WHEN s.uid_number ~ '^-?\d{1,18}$' THEN s.uid_number::bigint END             AS uid_number,
           CASE WHEN s.gid_number ~ '^-?\d{1,18}$' THEN s.gid_number::bigint END             AS gid_number,
           CASE WHEN length(s.home_directory) <= 50 THEN s.home_directory END                AS home_directory,
           CASE WHEN length(s.login_shell) <= 50 THEN s.login_shell END                      AS login_shell,
           CASE jsonb_typeof(i.raw_data -> 'objectClass') WHEN 'array' THEN i.raw_data -> 'objectClass'
                WHEN 'string' THEN jsonb_build_array(i.raw_data -> 'objectClass') END        AS object_class,
           CASE WHEN length(s.ldap_server) <= 255 THEN s.ldap_server END                     AS ldap_server,
           CASE WHEN length(s.search_base) <= 255 THEN s.search_base END                     AS search_base,
           CASE WHEN length(s.first_name) <= 100 THEN s.first_name END                       AS first_name,
           CASE WHEN length(s.last_name) <= 100 THEN s.last_name END                         AS last_name,
           CASE WHEN length(s.primary_email) <= 255 THEN s.primary_email END                 AS primary_email,
           CASE WHEN length(s.work_phone) <= 50 THEN s.work_phone END                        AS work_phone,
           CASE WHEN length(s.full_name) <= 255 THEN s.full_name END                         AS full_name
) t;

-- One row per uniqname: usable rows only, the smallest external id first.
CREATE TEMP TABLE mcommunity_users_rows ON COMMIT DROP AS
SELECT DISTINCT ON (uniqname) *
FROM mcommunity_users_typed
WHERE uniqname IS NOT NULL AND uid_number IS NOT NULL AND gid_number IS NOT NULL
ORDER BY uniqname, entity_id;

WITH removed AS (
    DELETE FROM silver.mcommunity_users s
    WHERE ((SELECT full_refresh FROM silver_step) OR s.uniqname IN (SELECT uniqname FROM mcommunity_users_keys))
      AND NOT EXISTS (SELECT 1 FROM mcommunity_users_rows r WHERE r.uniqname = s.uniqname)
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
    FROM mcommunity_users_rows r
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
       (SELECT count(*) FROM mcommunity_users_typed) - (SELECT count(*) FROM mcommunity_users_rows) AS skipped,
       -- Counted from flags and row counts, not by joining the tables again (a zero count is not reported): every
       -- usable version that is not a row lost its uniqname to a smaller external id.
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'invalid:' || unnest(t.nulled) AS outcome FROM mcommunity_users_typed t WHERE t.nulled <> '{}'
                    UNION ALL
                    SELECT 'missing:' || unnest(t.missing) FROM mcommunity_users_typed t WHERE t.missing <> '{}') outcomes
              GROUP BY outcome) counted)
       || jsonb_build_object('duplicate_key',
                             (SELECT count(*) FROM mcommunity_users_typed t
                              WHERE t.uniqname IS NOT NULL AND t.uid_number IS NOT NULL AND t.gid_number IS NOT NULL)
                             - (SELECT count(*) FROM mcommunity_users_rows))              AS quality;
