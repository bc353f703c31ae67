-- silver.ad_organizational_units from bronze active_directory/organizational_unit (A3: the OUs under LSA's "Research
-- and Instrumentation" and "Workstations", with the ingest's enrichment), one row per objectGUID, DN unique.
--
-- What bronze holds: see BuildAdUsers.sql for the LDAP attributes. The ingest's enrichment keys are JSON values of
-- their own type: _direct_computer_count and _child_ou_count numbers, _has_computer_children and _has_child_ous
-- booleans, _name_patterns an object, _depth_category and _extracted_uniqname strings (or null); read as text, a JSON
-- boolean is "true"/"false", which silver.ad_bool reads as it reads LDAP's TRUE/FALSE.
--
-- Decisions:
-- * ou_name is the RDN value of the DN (OU=<value>), not the ou attribute, which LDAP lets hold several values (stored
--   sorted, so "the first" means nothing); name is AD's name attribute (by definition the same value), else the RDN.
-- * OU columns: docs/silver-model.md "AD tables", the OU rule (the OU itself is parts[1]; ou_status = 5th from the root).
-- * extracted_uniqname is lower-cased and trimmed; a missing _direct_computer_count counts 0 (the original's default).
-- * No active flag: the row of an OU gone from AD (tombstone) is removed, and so is the row of an OU whose newest
--   version is unusable: a NOT NULL column without a usable value (objectGUID, DN, ou_name, name, whenCreated,
--   whenChanged, uSNCreated, uSNChanged), skipped and counted on every run until the source is fixed. Other bad
--   values become NULL and are counted as invalid:<column>.
-- * The unique DN is settled over every live OU each run (the table is small: about a thousand rows; a DN freed by one
--   OU may go to another that did not change): per DN the smallest external id (objectGUID) wins, a loser is skipped
--   and counted as duplicate_key. Only OUs whose newest version the table has not taken (and winners of freed DNs)
--   are written.

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

-- A table, not a view: the changed set and the typing both read it, and silver.nulled_by_typing compares against it.
CREATE TEMP TABLE ad_organizational_units_source ON COMMIT DROP AS
SELECT l.raw_id,
       l.external_id,
       -- a tombstone as bronze.latest_raw_entities tells it, from the record decompressed once (below)
       l.d @> '{"_deleted": true}'::jsonb                                                AS is_deleted,
       CASE WHEN btrim(l.external_id) ~* '^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$'
            THEN btrim(l.external_id)::uuid END                                          AS object_guid,
       r.dn                                                                              AS distinguished_name,
       coalesce(r.rdn_value, silver.ad_text(l.d -> 'ou'))                                AS ou_name,
       coalesce(silver.ad_text(l.d -> 'name'), r.rdn_value)                              AS name,
       silver.ad_text(l.d -> 'description')                                              AS description,
       silver.ad_text(l.d -> 'managedBy')                                                AS managed_by,
       silver.ad_text(l.d -> 'gPLink')                                                   AS gp_link,
       silver.ad_text(l.d -> 'gPOptions')                                                AS gp_options,
       silver.ad_text(l.d -> 'objectCategory')                                           AS object_category,
       silver.ad_values(l.d -> 'objectClass')                                            AS object_class,
       silver.ad_text(l.d -> 'instanceType')                                             AS instance_type,
       silver.ad_text(l.d -> 'systemFlags')                                              AS system_flags,
       r.ous[r.depth]                                                                    AS ou_root,
       r.ous[r.depth - 1]                                                                AS ou_organization_type,
       r.ous[r.depth - 2]                                                                AS ou_organization,
       r.ous[r.depth - 3]                                                                AS ou_category,
       r.ous[r.depth - 4]                                                                AS ou_status,
       r.ous[r.depth - 5]                                                                AS ou_division,
       r.ous[r.depth - 6]                                                                AS ou_department,
       r.ous[r.depth - 7]                                                                AS ou_subdepartment,
       r.ous[2]                                                                          AS ou_immediate_parent,
       to_jsonb(r.ous)                                                                   AS ou_full_path,
       r.depth                                                                           AS ou_depth,
       silver.ad_dn_parent(r.dn)                                                         AS parent_ou_dn,
       coalesce(silver.clean_text(l.d ->> '_direct_computer_count'), '0')                AS direct_computer_count,
       silver.clean_text(l.d ->> '_has_computer_children')                               AS has_computer_children,
       silver.clean_text(l.d ->> '_child_ou_count')                                      AS child_ou_count,
       silver.clean_text(l.d ->> '_has_child_ous')                                       AS has_child_ous,
       silver.clean_text(l.d ->> '_depth_category')                                      AS depth_category,
       lower(silver.clean_text(l.d ->> '_extracted_uniqname'))                           AS extracted_uniqname,
       CASE WHEN jsonb_typeof(l.d -> '_name_patterns') = 'object' THEN l.d -> '_name_patterns' END AS name_patterns,
       silver.ad_time_text(tt."whenCreated")                  AS when_created,
       silver.ad_time_text(tt."whenChanged")                  AS when_changed,
       silver.ad_text(l.d -> 'uSNCreated')                                               AS usn_created,
       silver.ad_text(l.d -> 'uSNChanged')                                               AS usn_changed,
       silver.ad_values(l.d -> 'dSCorePropagationData')                                  AS ds_core_propagation_data
-- The record decompressed once (most AD computer and group records are stored compressed): each -> below would
-- decompress it again, about forty times a row (issue 11).
FROM (SELECT l.raw_id, l.external_id, l.raw_data #> '{}' AS d
      FROM bronze.latest_raw_entities l
      WHERE l.source_system = 'active_directory' AND l.entity_type = 'organizational_unit'
      OFFSET 0) l
-- The time attributes as text, once: silver.ad_time_text reads its argument three times, so PostgreSQL would not
-- inline it around the ad_text expression and would call it as a function for every value instead.
CROSS JOIN LATERAL (
    SELECT silver.ad_text(l.d -> 'whenCreated') AS "whenCreated",
           silver.ad_text(l.d -> 'whenChanged') AS "whenChanged"
    OFFSET 0
) tt
CROSS JOIN LATERAL (
    SELECT d.dn,
           CASE WHEN upper(btrim(split_part(d.leaf, '=', 1))) = 'OU' THEN silver.ad_rdn_value(d.leaf) END AS rdn_value,
           d.ous,
           cardinality(d.ous) AS depth
    FROM (SELECT x.dn, silver.ad_dn_leaf(x.dn) AS leaf, silver.ad_dn_ous(x.dn, true) AS ous
          -- OFFSET 0 here too: flattened, dn is the whole coalesce expression, which silver.ad_dn_leaf and
          -- silver.ad_dn_ous name several times, so PostgreSQL would not inline them and would run each as an SQL
          -- function call, planned and started per row (issue 11).
          FROM (SELECT coalesce(silver.ad_text(l.d -> 'distinguishedName'), silver.ad_text(l.d -> 'dn')) AS dn OFFSET 0) x
          -- OFFSET 0 keeps the DN parsed once per row: flattened, every reference to ous would parse it again.
          OFFSET 0) d
) r;

-- Entities read this run: newest versions the table has not taken, and tombstones of OUs that still have a row
-- (on a full refresh: every entity).
CREATE TEMP TABLE ad_organizational_units_changed ON COMMIT DROP AS
SELECT src.*
FROM ad_organizational_units_source src
WHERE (SELECT full_refresh FROM silver_step)
   OR (NOT src.is_deleted AND NOT EXISTS (SELECT 1 FROM silver.ad_organizational_units s WHERE s.raw_id = src.raw_id))
   OR (src.is_deleted AND EXISTS (SELECT 1 FROM silver.ad_organizational_units s WHERE s.object_guid = src.object_guid));

-- Typed values of every live OU (see the header: the DN is settled globally); unparsable, out of range or too long
-- becomes NULL (silver.nulled_by_typing names them, below).
CREATE TEMP TABLE ad_organizational_units_typed ON COMMIT DROP AS
SELECT c.raw_id, c.external_id, t.*,
       '{}'::text[] AS nulled
FROM ad_organizational_units_source c
CROSS JOIN LATERAL (
    SELECT c.object_guid, c.distinguished_name,
           CASE WHEN length(c.ou_name) <= 60 THEN c.ou_name END                            AS ou_name,
           CASE WHEN length(c.name) <= 60 THEN c.name END                                  AS name,
           CASE WHEN length(c.description) <= 100 THEN c.description END                   AS description,
           CASE WHEN length(c.managed_by) <= 200 THEN c.managed_by END                     AS managed_by,
           c.gp_link,
           CASE WHEN length(c.gp_options) <= 10 THEN c.gp_options END                      AS gp_options,
           CASE WHEN length(c.object_category) <= 150 THEN c.object_category END           AS object_category,
           c.object_class,
           silver.ad_int(c.instance_type)                                                  AS instance_type,
           silver.ad_int(c.system_flags)                                                   AS system_flags,
           CASE WHEN length(c.ou_root) <= 50 THEN c.ou_root END                            AS ou_root,
           CASE WHEN length(c.ou_organization_type) <= 50 THEN c.ou_organization_type END  AS ou_organization_type,
           CASE WHEN length(c.ou_organization) <= 50 THEN c.ou_organization END            AS ou_organization,
           CASE WHEN length(c.ou_category) <= 100 THEN c.ou_category END                   AS ou_category,
           CASE WHEN length(c.ou_status) <= 100 THEN c.ou_status END                       AS ou_status,
           CASE WHEN length(c.ou_division) <= 100 THEN c.ou_division END                   AS ou_division,
           CASE WHEN length(c.ou_department) <= 150 THEN c.ou_department END               AS ou_department,
           CASE WHEN length(c.ou_subdepartment) <= 150 THEN c.ou_subdepartment END         AS ou_subdepartment,
           CASE WHEN length(c.ou_immediate_parent) <= 150 THEN c.ou_immediate_parent END   AS ou_immediate_parent,
           c.ou_full_path, c.ou_depth, c.parent_ou_dn,
           silver.ad_int(c.direct_computer_count)                                          AS direct_computer_count,
           silver.ad_bool(c.has_computer_children)                                         AS has_computer_children,
           silver.ad_int(c.child_ou_count)                                                 AS child_ou_count,
           silver.ad_bool(c.has_child_ous)                                                 AS has_child_ous,
           CASE WHEN length(c.depth_category) <= 20 THEN c.depth_category END              AS depth_category,
           CASE WHEN length(c.extracted_uniqname) <= 20 THEN c.extracted_uniqname END      AS extracted_uniqname,
           c.name_patterns,
           silver.ad_time(c.when_created)                                                  AS when_created,
           silver.ad_time(c.when_changed)                                                  AS when_changed,
           silver.ad_bigint(c.usn_created)                                                 AS usn_created,
           silver.ad_bigint(c.usn_changed)                                                 AS usn_changed,
           c.ds_core_propagation_data
    -- OFFSET 0 types each row once.
    OFFSET 0
) t
WHERE NOT c.is_deleted;

-- The values typing nulled, named by comparing the source and typed tables column by column (silver.nulled_by_typing
-- reads the columns from the catalog, so a column added to the typing is checked without being listed again).
UPDATE ad_organizational_units_typed t
SET nulled = n.nulled
FROM silver.nulled_by_typing('ad_organizational_units_source', 'ad_organizational_units_typed') n
WHERE t.raw_id = n.key;

-- The NOT NULL columns a typed row lacks: such a row is unusable.
CREATE TEMP TABLE ad_organizational_units_missing ON COMMIT DROP AS
SELECT t.raw_id, m.column_name
FROM ad_organizational_units_typed t
CROSS JOIN LATERAL (VALUES ('object_guid', t.object_guid IS NULL), ('distinguished_name', t.distinguished_name IS NULL),
                           ('ou_name', t.ou_name IS NULL), ('name', t.name IS NULL), ('ou_depth', t.ou_depth IS NULL),
                           ('when_created', t.when_created IS NULL), ('when_changed', t.when_changed IS NULL),
                           ('usn_created', t.usn_created IS NULL), ('usn_changed', t.usn_changed IS NULL)) m (column_name, missing)
WHERE m.missing;

-- The winners of the two unique keys among usable rows, in turn, the smallest external id first.
CREATE TEMP TABLE ad_organizational_units_rows ON COMMIT DROP AS
SELECT DISTINCT ON (object_guid) *
FROM (SELECT DISTINCT ON (distinguished_name) *
      FROM ad_organizational_units_typed t
      WHERE NOT EXISTS (SELECT 1 FROM ad_organizational_units_missing m WHERE m.raw_id = t.raw_id)
      ORDER BY distinguished_name, external_id) by_dn
ORDER BY object_guid, external_id;

-- Rows to write: winners the table does not hold yet in this version (on a full refresh: every winner).
CREATE TEMP TABLE ad_organizational_units_write ON COMMIT DROP AS
SELECT r.*
FROM ad_organizational_units_rows r
WHERE (SELECT full_refresh FROM silver_step)
   OR NOT EXISTS (SELECT 1 FROM silver.ad_organizational_units s WHERE s.object_guid = r.object_guid AND s.raw_id = r.raw_id);

-- Every row no winner keeps with the same two keys goes first, in a statement of its own: a unique value it holds may
-- move to a row written below (an OU deleted and created again under the same DN), and in one statement the
-- insert may run before a data-modifying WITH's delete, whatever their order, and fail on the index. A winner's row that
-- keeps its keys is updated in place.
CREATE TEMP TABLE ad_organizational_units_removed (n bigint) ON COMMIT DROP;
WITH removed AS (
    DELETE FROM silver.ad_organizational_units s
    WHERE NOT EXISTS (SELECT 1 FROM ad_organizational_units_rows r
                      WHERE r.object_guid = s.object_guid AND r.distinguished_name = s.distinguished_name)
    RETURNING 1
)
INSERT INTO ad_organizational_units_removed SELECT count(*) FROM removed;

WITH written AS (
    INSERT INTO silver.ad_organizational_units AS s (
        object_guid, distinguished_name, ou_name, name, description, managed_by, gp_link, gp_options, object_category,
        object_class, instance_type, system_flags, ou_root, ou_organization_type, ou_organization, ou_category, ou_division,
        ou_department, ou_subdepartment, ou_immediate_parent, ou_status, ou_full_path, ou_depth, parent_ou_dn,
        direct_computer_count, has_computer_children, child_ou_count, has_child_ous, depth_category, extracted_uniqname,
        name_patterns, when_created, when_changed, usn_created, usn_changed, ds_core_propagation_data,
        raw_id, entity_hash, ingestion_run_id)
    SELECT w.object_guid, w.distinguished_name, w.ou_name, w.name, w.description, w.managed_by, w.gp_link, w.gp_options, w.object_category,
           w.object_class, w.instance_type, w.system_flags, w.ou_root, w.ou_organization_type, w.ou_organization, w.ou_category, w.ou_division,
           w.ou_department, w.ou_subdepartment, w.ou_immediate_parent, w.ou_status, w.ou_full_path, w.ou_depth, w.parent_ou_dn,
           w.direct_computer_count, w.has_computer_children, w.child_ou_count, w.has_child_ous, w.depth_category, w.extracted_uniqname,
           w.name_patterns, w.when_created, w.when_changed, w.usn_created, w.usn_changed, w.ds_core_propagation_data,
           w.raw_id,
           encode(sha256(convert_to((to_jsonb(w) - ARRAY['raw_id', 'external_id', 'nulled'])::text, 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM ad_organizational_units_write w
    ON CONFLICT (object_guid) DO UPDATE
    SET ou_name = EXCLUDED.ou_name, name = EXCLUDED.name, description = EXCLUDED.description, managed_by = EXCLUDED.managed_by,
        gp_link = EXCLUDED.gp_link, gp_options = EXCLUDED.gp_options, object_category = EXCLUDED.object_category,
        object_class = EXCLUDED.object_class, instance_type = EXCLUDED.instance_type, system_flags = EXCLUDED.system_flags,
        ou_root = EXCLUDED.ou_root, ou_organization_type = EXCLUDED.ou_organization_type, ou_organization = EXCLUDED.ou_organization,
        ou_category = EXCLUDED.ou_category, ou_division = EXCLUDED.ou_division, ou_department = EXCLUDED.ou_department,
        ou_subdepartment = EXCLUDED.ou_subdepartment, ou_immediate_parent = EXCLUDED.ou_immediate_parent,
        ou_status = EXCLUDED.ou_status, ou_full_path = EXCLUDED.ou_full_path, ou_depth = EXCLUDED.ou_depth,
        parent_ou_dn = EXCLUDED.parent_ou_dn, direct_computer_count = EXCLUDED.direct_computer_count,
        has_computer_children = EXCLUDED.has_computer_children, child_ou_count = EXCLUDED.child_ou_count,
        has_child_ous = EXCLUDED.has_child_ous, depth_category = EXCLUDED.depth_category,
        extracted_uniqname = EXCLUDED.extracted_uniqname, name_patterns = EXCLUDED.name_patterns,
        when_created = EXCLUDED.when_created, when_changed = EXCLUDED.when_changed, usn_created = EXCLUDED.usn_created,
        usn_changed = EXCLUDED.usn_changed, ds_core_propagation_data = EXCLUDED.ds_core_propagation_data,
        raw_id = EXCLUDED.raw_id, entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id,
        updated_at = CURRENT_TIMESTAMP
    -- A new bronze version with the same content only moves the lineage (raw_id), so it is not read again.
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM ad_organizational_units_changed)                      AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                      AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)                  AS updated,
       (SELECT n FROM ad_organizational_units_removed)                             AS deleted,
       (SELECT count(*) FROM ad_organizational_units_changed c
        WHERE NOT c.is_deleted AND NOT EXISTS (SELECT 1 FROM ad_organizational_units_rows r WHERE r.raw_id = c.raw_id)) AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'invalid:' || unnest(t.nulled) AS outcome
                    FROM ad_organizational_units_typed t JOIN ad_organizational_units_changed c ON c.raw_id = t.raw_id
                    UNION ALL
                    SELECT 'missing:' || m.column_name
                    FROM ad_organizational_units_missing m JOIN ad_organizational_units_changed c ON c.raw_id = m.raw_id
                    -- a value nulled for being invalid is already counted as invalid
                    JOIN ad_organizational_units_typed t ON t.raw_id = m.raw_id
                    WHERE NOT (m.column_name = ANY (t.nulled))
                    UNION ALL
                    SELECT 'duplicate_key'
                    FROM ad_organizational_units_typed t JOIN ad_organizational_units_changed c ON c.raw_id = t.raw_id
                    WHERE NOT EXISTS (SELECT 1 FROM ad_organizational_units_missing m WHERE m.raw_id = t.raw_id)
                      AND NOT EXISTS (SELECT 1 FROM ad_organizational_units_rows r WHERE r.raw_id = t.raw_id)) outcomes
              GROUP BY outcome) counted)                                           AS quality;
