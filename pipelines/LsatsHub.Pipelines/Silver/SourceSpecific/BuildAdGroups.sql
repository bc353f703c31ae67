-- silver.ad_groups from bronze active_directory/group (A2: every group under LSA's "Users and Groups"), one row per
-- objectGUID.
--
-- What bronze holds: see BuildAdUsers.sql (the same LDAP conversion: strings, sorted arrays for several values, ""
-- for an empty attribute, GUID/SID text, times as ISO-8601 UTC; silver.ad_time also reads the wire forms). member is
-- assumed to hold the group's complete member list under that one key (range retrieval of large groups, if any, is
-- merged by the ingest); it is kept as one JSON array of member DNs, whatever its size, taken over whole.
--
-- Decisions:
-- * cn and group_name are the RDN value of the DN (CN=<value>), not the cn/name attributes: LDAP lets cn hold several
--   values (stored sorted, so "the first" means nothing), and the RDN is what tier 2 matches an MCommunity group's
--   cn= RDN against.
-- * No active flag: the row of a group gone from AD (tombstone) is removed, and so is the row of a group whose newest
--   version is unusable (no valid objectGUID: skipped and counted on every run until the source is fixed).
-- * OU columns: docs/silver-model.md "AD tables", the user/group/computer rule (ou_status stays NULL).
-- * A value that does not fit its column (unparsable time or integer, too long for a varchar) becomes NULL and is
--   counted as invalid:<column>.

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

CREATE OR REPLACE TEMP VIEW ad_groups_source AS
-- The record decompressed once (most AD computer and group records are stored compressed): each -> below would
-- decompress it again, about forty times a row (issue 11). MATERIALIZED: the containers read it too.
WITH records AS MATERIALIZED (
    SELECT l.raw_id, l.external_id, l.d, x.dn,
           -- The container's DN (everything after the first comma) when the DN has no escapes: the OU names of a CN
           -- object depend on nothing else, and thousands of objects share a hundred containers.
           CASE WHEN strpos(x.dn, '\') = 0 AND strpos(x.dn, ',') > 0 THEN substr(x.dn, strpos(x.dn, ',') + 1) END AS parent
    FROM (SELECT l.raw_id, l.external_id, l.raw_data #> '{}' AS d
          FROM bronze.latest_raw_entities l
          WHERE l.source_system = 'active_directory' AND l.entity_type = 'group'
          OFFSET 0) l
    -- OFFSET 0: flattened, dn would be the whole coalesce expression, which silver.ad_dn_leaf and silver.ad_dn_ous
    -- name several times, so PostgreSQL would not inline them and would run each as an SQL function call, planned and
    -- started per row (issue 11).
    CROSS JOIN LATERAL (SELECT coalesce(silver.ad_text(l.d -> 'distinguishedName'), silver.ad_text(l.d -> 'dn')) AS dn OFFSET 0) x
),
-- The OU names of each container, parsed once instead of once per object (the DN regexes were a fifth of this
-- statement): silver.ad_dn_ous(dn, false) reads only what follows the first comma of an unescaped DN, so it gives
-- the same array for ',' || container as for the object's DN; an escaped DN (no container here) is parsed whole.
containers AS (
    SELECT p.parent, silver.ad_dn_ous(p.dn, false) AS ous
    FROM (SELECT DISTINCT r.parent, ',' || r.parent AS dn FROM records r WHERE r.parent IS NOT NULL OFFSET 0) p
)
SELECT l.raw_id,
       l.external_id,
       -- a tombstone as bronze.latest_raw_entities tells it, from the record decompressed once (below)
       l.d @> '{"_deleted": true}'::jsonb                                                AS is_deleted,
       CASE WHEN btrim(l.external_id) ~* '^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$'
            THEN btrim(l.external_id)::uuid END                                          AS ad_group_guid,
       r.rdn_value                                                                       AS cn,
       silver.ad_text(l.d -> 'sAMAccountName')                                           AS sam_account_name,
       r.dn                                                                              AS distinguished_name,
       silver.ad_text(l.d -> 'description')                                              AS description,
       silver.ad_text(l.d -> 'groupType')                                                AS group_type,
       silver.ad_text(l.d -> 'sAMAccountType')                                           AS sam_account_type,
       silver.ad_text(l.d -> 'objectCategory')                                           AS object_category,
       silver.ad_values(l.d -> 'objectClass')                                            AS object_class,
       silver.ad_values(l.d -> 'member')                                                 AS members,
       silver.ad_values(l.d -> 'memberOf')                                               AS member_of,
       silver.ad_time_text(tt."whenCreated")                  AS when_created,
       silver.ad_time_text(tt."whenChanged")                  AS when_changed,
       silver.ad_text(l.d -> 'displayName')                                              AS display_name,
       silver.ad_text(l.d -> 'info')                                                     AS info,
       silver.ad_text(l.d -> 'managedBy')                                                AS managed_by,
       silver.ad_values(l.d -> 'proxyAddresses')                                         AS proxy_addresses,
       silver.ad_text(l.d -> 'uSNCreated')                                               AS usn_created,
       silver.ad_text(l.d -> 'uSNChanged')                                               AS usn_changed,
       silver.ad_text(l.d -> 'objectSid')                                                AS object_sid,
       silver.ad_text(l.d -> 'sIDHistory')                                               AS sid_history,
       r.ous[r.depth]                                                                    AS ou_root,
       r.ous[r.depth - 1]                                                                AS ou_organization_type,
       r.ous[r.depth - 2]                                                                AS ou_organization,
       r.ous[r.depth - 3]                                                                AS ou_category,
       r.ous[r.depth - 4]                                                                AS ou_division,
       r.ous[r.depth - 5]                                                                AS ou_department,
       r.ous[r.depth - 6]                                                                AS ou_subdepartment,
       r.ous[1]                                                                          AS ou_immediate_parent,
       to_jsonb(r.ous)                                                                   AS ou_full_path,
       r.depth                                                                           AS ou_depth,
       -- silver.ad_dn_parent without its regex for an unescaped DN: everything after the first comma, if one follows
       -- the leaf; the same text
       CASE WHEN strpos(r.dn, '\') = 0 THEN CASE WHEN strpos(r.dn, ',') > 1 THEN substr(r.dn, strpos(r.dn, ',') + 1) END
            ELSE silver.ad_dn_parent(r.dn) END                                          AS parent_ou_dn,
       r.rdn_value                                                                       AS group_name,
       silver.ad_text(l.d -> 'mail')                                                     AS group_email
FROM records l
LEFT JOIN containers po ON po.parent = l.parent
-- The time attributes as text, once: silver.ad_time_text reads its argument three times, so PostgreSQL would not
-- inline it around the ad_text expression and would call it as a function for every value instead.
CROSS JOIN LATERAL (
    SELECT silver.ad_text(l.d -> 'whenCreated') AS "whenCreated",
           silver.ad_text(l.d -> 'whenChanged') AS "whenChanged"
    OFFSET 0
) tt
CROSS JOIN LATERAL (
    SELECT d.dn,
           -- silver.ad_rdn_value without its regex when the leaf has no backslash (nothing to unescape): the same text
           CASE WHEN upper(btrim(split_part(d.leaf, '=', 1))) = 'CN'
                THEN CASE WHEN strpos(d.leaf, '\') = 0 THEN btrim(substr(d.leaf, strpos(d.leaf, '=') + 1))
                          ELSE silver.ad_rdn_value(d.leaf) END END                   AS rdn_value,
           d.ous,
           cardinality(d.ous) AS depth
    FROM (SELECT l.dn, silver.ad_dn_leaf(l.dn) AS leaf,
                 CASE WHEN l.parent IS NOT NULL THEN po.ous ELSE silver.ad_dn_ous(l.dn, false) END AS ous
          -- OFFSET 0 keeps the DN parsed once per row: flattened, every reference to ous would parse it again.
          OFFSET 0) d
) r;

-- Entities to process: newest versions the table has not taken, and tombstones of groups that still have a row
-- (on a full refresh: every entity).
CREATE TEMP TABLE ad_groups_changed ON COMMIT DROP AS
SELECT src.*
FROM ad_groups_source src
LEFT JOIN silver.ad_groups s ON s.ad_group_guid = src.ad_group_guid
WHERE (SELECT full_refresh FROM silver_step)
   OR (NOT src.is_deleted AND s.raw_id IS DISTINCT FROM src.raw_id)
   OR (src.is_deleted AND s.raw_id IS NOT NULL);

-- Typed values: unparsable, out of range or too long becomes NULL (silver.nulled_by_typing names them, below).
CREATE TEMP TABLE ad_groups_typed ON COMMIT DROP AS
SELECT c.raw_id, c.external_id, t.*,
       '{}'::text[] AS nulled
FROM ad_groups_changed c
CROSS JOIN LATERAL (
    SELECT c.ad_group_guid,
           CASE WHEN length(c.cn) <= 255 THEN c.cn END                                     AS cn,
           CASE WHEN length(c.sam_account_name) <= 255 THEN c.sam_account_name END         AS sam_account_name,
           c.distinguished_name, c.description,
           silver.ad_int(c.group_type)                                                     AS group_type,
           silver.ad_int(c.sam_account_type)                                               AS sam_account_type,
           CASE WHEN length(c.object_category) <= 255 THEN c.object_category END           AS object_category,
           CASE WHEN c.object_class IS NOT NULL THEN ARRAY(SELECT jsonb_array_elements_text(c.object_class)) END AS object_class,
           c.members, c.member_of,
           silver.ad_time(c.when_created)                                                  AS when_created,
           silver.ad_time(c.when_changed)                                                  AS when_changed,
           CASE WHEN length(c.display_name) <= 255 THEN c.display_name END                 AS display_name,
           c.info, c.managed_by,
           CASE WHEN c.proxy_addresses IS NOT NULL THEN ARRAY(SELECT jsonb_array_elements_text(c.proxy_addresses)) END AS proxy_addresses,
           silver.ad_bigint(c.usn_created)                                                 AS usn_created,
           silver.ad_bigint(c.usn_changed)                                                 AS usn_changed,
           CASE WHEN length(c.object_sid) <= 255 THEN c.object_sid END                     AS object_sid,
           CASE WHEN length(c.sid_history) <= 255 THEN c.sid_history END                   AS sid_history,
           CASE WHEN length(c.ou_root) <= 100 THEN c.ou_root END                           AS ou_root,
           CASE WHEN length(c.ou_organization_type) <= 100 THEN c.ou_organization_type END AS ou_organization_type,
           CASE WHEN length(c.ou_organization) <= 100 THEN c.ou_organization END           AS ou_organization,
           CASE WHEN length(c.ou_category) <= 100 THEN c.ou_category END                   AS ou_category,
           CASE WHEN length(c.ou_division) <= 100 THEN c.ou_division END                   AS ou_division,
           CASE WHEN length(c.ou_department) <= 100 THEN c.ou_department END               AS ou_department,
           CASE WHEN length(c.ou_subdepartment) <= 100 THEN c.ou_subdepartment END         AS ou_subdepartment,
           CASE WHEN length(c.ou_immediate_parent) <= 100 THEN c.ou_immediate_parent END   AS ou_immediate_parent,
           c.ou_full_path, c.ou_depth,
           CASE WHEN length(c.parent_ou_dn) <= 500 THEN c.parent_ou_dn END                 AS parent_ou_dn,
           CASE WHEN length(c.group_name) <= 255 THEN c.group_name END                     AS group_name,
           CASE WHEN length(c.group_email) <= 255 THEN c.group_email END                   AS group_email
    -- OFFSET 0 types each row once.
    OFFSET 0
) t
WHERE NOT c.is_deleted;

-- The values typing nulled, named by comparing the source and typed tables column by column (silver.nulled_by_typing
-- reads the columns from the catalog, so a column added to the typing is checked without being listed again).
UPDATE ad_groups_typed t
SET nulled = n.nulled
FROM silver.nulled_by_typing('ad_groups_changed', 'ad_groups_typed') n
WHERE t.raw_id = n.key;

-- One row per objectGUID: usable rows only (a valid GUID), the smallest external id first should two spellings of
-- one GUID ever both be live.
CREATE TEMP TABLE ad_groups_rows ON COMMIT DROP AS
SELECT DISTINCT ON (ad_group_guid) *
FROM ad_groups_typed
WHERE ad_group_guid IS NOT NULL
ORDER BY ad_group_guid, external_id;

WITH removed AS (
    DELETE FROM silver.ad_groups s
    WHERE ((SELECT full_refresh FROM silver_step) OR s.ad_group_guid IN (SELECT ad_group_guid FROM ad_groups_changed))
      AND NOT EXISTS (SELECT 1 FROM ad_groups_rows r WHERE r.ad_group_guid = s.ad_group_guid)
    RETURNING 1
),
written AS (
    INSERT INTO silver.ad_groups AS s (
        ad_group_guid, cn, sam_account_name, distinguished_name, description, group_type, sam_account_type, object_category,
        object_class, members, member_of, when_created, when_changed, display_name, info, managed_by, proxy_addresses,
        usn_created, usn_changed, object_sid, sid_history, raw_id,
        ou_root, ou_organization_type, ou_organization, ou_category, ou_division, ou_department, ou_subdepartment,
        ou_immediate_parent, ou_full_path, ou_depth, parent_ou_dn, group_name, group_email, entity_hash, ingestion_run_id)
    SELECT r.ad_group_guid, r.cn, r.sam_account_name, r.distinguished_name, r.description, r.group_type, r.sam_account_type, r.object_category,
           r.object_class, r.members, r.member_of, r.when_created, r.when_changed, r.display_name, r.info, r.managed_by, r.proxy_addresses,
           r.usn_created, r.usn_changed, r.object_sid, r.sid_history, r.raw_id,
           r.ou_root, r.ou_organization_type, r.ou_organization, r.ou_category, r.ou_division, r.ou_department, r.ou_subdepartment,
           r.ou_immediate_parent, r.ou_full_path, r.ou_depth, r.parent_ou_dn, r.group_name, r.group_email,
           encode(sha256(convert_to((to_jsonb(r) - ARRAY['raw_id', 'external_id', 'nulled'])::text, 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM ad_groups_rows r
    ON CONFLICT (ad_group_guid) DO UPDATE
    SET cn = EXCLUDED.cn, sam_account_name = EXCLUDED.sam_account_name, distinguished_name = EXCLUDED.distinguished_name,
        description = EXCLUDED.description, group_type = EXCLUDED.group_type, sam_account_type = EXCLUDED.sam_account_type,
        object_category = EXCLUDED.object_category, object_class = EXCLUDED.object_class, members = EXCLUDED.members,
        member_of = EXCLUDED.member_of, when_created = EXCLUDED.when_created, when_changed = EXCLUDED.when_changed,
        display_name = EXCLUDED.display_name, info = EXCLUDED.info, managed_by = EXCLUDED.managed_by,
        proxy_addresses = EXCLUDED.proxy_addresses, usn_created = EXCLUDED.usn_created, usn_changed = EXCLUDED.usn_changed,
        object_sid = EXCLUDED.object_sid, sid_history = EXCLUDED.sid_history, raw_id = EXCLUDED.raw_id,
        ou_root = EXCLUDED.ou_root, ou_organization_type = EXCLUDED.ou_organization_type,
        ou_organization = EXCLUDED.ou_organization, ou_category = EXCLUDED.ou_category, ou_division = EXCLUDED.ou_division,
        ou_department = EXCLUDED.ou_department, ou_subdepartment = EXCLUDED.ou_subdepartment,
        ou_immediate_parent = EXCLUDED.ou_immediate_parent, ou_full_path = EXCLUDED.ou_full_path, ou_depth = EXCLUDED.ou_depth,
        parent_ou_dn = EXCLUDED.parent_ou_dn, group_name = EXCLUDED.group_name, group_email = EXCLUDED.group_email,
        entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id,
        updated_at = CURRENT_TIMESTAMP
    -- A new bronze version with the same content only moves the lineage (raw_id), so it is not read again.
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM ad_groups_changed)                                    AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                      AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)                  AS updated,
       (SELECT count(*) FROM removed)                                              AS deleted,
       (SELECT count(*) FROM ad_groups_typed t
        WHERE NOT EXISTS (SELECT 1 FROM ad_groups_rows r WHERE r.raw_id = t.raw_id)) AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'invalid:' || unnest(t.nulled) AS outcome FROM ad_groups_typed t
                    UNION ALL
                    SELECT 'invalid:ad_group_guid' FROM ad_groups_typed t WHERE t.ad_group_guid IS NULL
                    UNION ALL
                    SELECT 'duplicate_key' FROM ad_groups_typed t
                    WHERE t.ad_group_guid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ad_groups_rows r WHERE r.raw_id = t.raw_id)) outcomes
              GROUP BY outcome) counted)                                           AS quality;
