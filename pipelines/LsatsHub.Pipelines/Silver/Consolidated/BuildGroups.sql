-- silver.groups: one row per real group, merged from silver.ad_groups and silver.mcommunity_groups on the group's name:
-- AD's cn (the RDN of the group's DN) and MCommunity's group_name (the cn= RDN of its DN) compared trimmed and
-- case-insensitively. A group MCommunity mirrors into AD (OU=MCommADSync) is one row from both sources.
-- Rules (spec 4.5; docs/silver-model.md "Tier 2"):
-- * group_id = cn = AD's cn (its case), else MCommunity's name. A name longer than group_id's 100 characters cannot be a
--   key: that group is skipped and counted (too_long:group_id), never a failed step. group_name and group_email longer
--   than 100 become NULL, flagged (group_name_too_long, group_email_too_long) and counted (invalid:<column>).
-- * Two AD groups (or two MCommunity groups) with one name: the AD one under OU=MCommADSync, then the oldest, then the
--   lowest GUID wins (MCommunity: lowest gidNumber, then uid); the loser is counted as duplicate:<source>.
-- * members = AD's member list (complete: bronze merges ranged retrieval), then MCommunity's members AD does not list,
--   each list in its own order; owners = MCommunity's owners, then AD's managedBy when not among them.
-- * when_created / when_changed come from AD; MCommunity has no such times (the original used silver audit times,
--   which a rebuild changes).
-- * Incremental: the affected names are those with a source row whose raw_id the group does not hold yet, and those of
--   groups whose source row is gone or renamed. Each affected name is merged again from ALL its sources (the
--   original merged changed rows alone and lost the partner source, spec gotcha 6); only rows whose content or lineage
--   differs are written; a group no source has any more is removed. A full refresh merges every name.
-- Quality (spec 4.5): 1.00; -0.30 no group_name; -0.10 MCommunity group without e-mail; -0.10 no members; -0.05 no
-- description; one source -0.05 (ad_only / mcommunity_only); both sources +0.10 capped at 1.00
-- (merged_from_multiple_sources); floor 0.

CREATE TEMP TABLE groups_ad ON COMMIT DROP AS
SELECT a.*, btrim(a.cn) AS name, lower(btrim(a.cn)) AS key,
       coalesce(a.distinguished_name ~* '(^|,)\s*OU=MCommADSync\s*(,|$)', false) AS in_adsync
FROM silver.ad_groups a
WHERE nullif(btrim(a.cn), '') IS NOT NULL;

CREATE TEMP TABLE groups_mcom ON COMMIT DROP AS
SELECT m.*, btrim(m.group_name) AS name, lower(btrim(m.group_name)) AS key
FROM silver.mcommunity_groups m
WHERE nullif(btrim(m.group_name), '') IS NOT NULL;

-- Names to merge: a source row whose raw_id the group does not hold yet, a group whose source row is gone or renamed
-- (all temp tables analysed, so these are hash joins whatever the state of silver.groups' statistics).
CREATE TEMP TABLE groups_current ON COMMIT DROP AS
SELECT lower(g.group_id) AS key, g.ad_raw_id, g.mcommunity_raw_id
FROM silver.groups g;
ANALYZE groups_ad;
ANALYZE groups_mcom;
ANALYZE groups_current;

CREATE TEMP TABLE groups_affected ON COMMIT DROP AS
SELECT a.key
FROM groups_ad a
LEFT JOIN groups_current c ON c.ad_raw_id = a.raw_id AND c.key = a.key
WHERE (SELECT full_refresh FROM silver_step) OR c.key IS NULL
UNION
SELECT m.key
FROM groups_mcom m
LEFT JOIN groups_current c ON c.mcommunity_raw_id = m.raw_id AND c.key = m.key
WHERE (SELECT full_refresh FROM silver_step) OR c.key IS NULL
UNION
SELECT c.key
FROM groups_current c
LEFT JOIN groups_ad a ON a.raw_id = c.ad_raw_id AND a.key = c.key
LEFT JOIN groups_mcom m ON m.raw_id = c.mcommunity_raw_id AND m.key = c.key
WHERE (SELECT full_refresh FROM silver_step)
   OR (c.ad_raw_id IS NOT NULL AND a.key IS NULL)
   OR (c.mcommunity_raw_id IS NOT NULL AND m.key IS NULL);
ANALYZE groups_affected;

-- One source row per name and source (the rest counted as duplicates).
CREATE TEMP TABLE groups_ad_pick ON COMMIT DROP AS
SELECT DISTINCT ON (a.key) a.*, count(*) OVER (PARTITION BY a.key) AS claimants
FROM groups_ad a
WHERE a.key IN (SELECT key FROM groups_affected)
ORDER BY a.key, a.in_adsync DESC, a.when_created NULLS LAST, a.ad_group_guid;

CREATE TEMP TABLE groups_mcom_pick ON COMMIT DROP AS
SELECT DISTINCT ON (m.key) m.*, count(*) OVER (PARTITION BY m.key) AS claimants
FROM groups_mcom m
WHERE m.key IN (SELECT key FROM groups_affected)
ORDER BY m.key, m.gid_number NULLS LAST, m.mcommunity_group_uid;

-- Members and owners of groups both sources know: the order-preserving union (AD first for members, MCommunity first
-- for owners). One-source groups take their list as it is.
CREATE TEMP TABLE groups_lists ON COMMIT DROP AS
SELECT a.key,
       (SELECT coalesce(jsonb_agg(v ORDER BY src, ord), '[]'::jsonb)
        FROM (SELECT DISTINCT ON (v) v, src, ord
              FROM (SELECT e.v, 1 AS src, e.ord FROM jsonb_array_elements(coalesce(a.members, '[]'::jsonb)) WITH ORDINALITY e(v, ord)
                    UNION ALL
                    SELECT e.v, 2, e.ord FROM jsonb_array_elements(coalesce(m.members, '[]'::jsonb)) WITH ORDINALITY e(v, ord)) x
              ORDER BY v, src, ord) y) AS members,
       CASE WHEN a.managed_by IS NULL OR coalesce(m.owners, '[]'::jsonb) @> jsonb_build_array(a.managed_by)
            THEN coalesce(m.owners, '[]'::jsonb)
            ELSE coalesce(m.owners, '[]'::jsonb) || jsonb_build_array(a.managed_by) END AS owners
FROM groups_ad_pick a
JOIN groups_mcom_pick m ON m.key = a.key;

CREATE TEMP TABLE groups_merged ON COMMIT DROP AS
SELECT r.*,
       greatest(0, CASE WHEN r.in_ad AND r.in_mcom THEN least(1.00, r.base + 0.10) ELSE r.base - 0.05 END)::numeric(3,2) AS data_quality_score,
       to_jsonb(array_remove(ARRAY[
           CASE WHEN r.group_name IS NULL THEN 'missing_group_name' END,
           CASE WHEN r.in_mcom AND r.group_email IS NULL THEN 'missing_group_email' END,
           CASE WHEN jsonb_array_length(r.members) = 0 THEN 'no_members' END,
           CASE WHEN r.description IS NULL THEN 'missing_description' END,
           CASE WHEN r.name_too_long THEN 'group_name_too_long' END,
           CASE WHEN r.email_too_long THEN 'group_email_too_long' END,
           CASE WHEN r.in_ad AND r.in_mcom THEN 'merged_from_multiple_sources' WHEN r.in_ad THEN 'ad_only' ELSE 'mcommunity_only' END], NULL)) AS quality_flags
FROM (
    SELECT v.*,
           1.00 - CASE WHEN v.group_name IS NULL THEN 0.30 ELSE 0 END
                - CASE WHEN v.in_mcom AND v.group_email IS NULL THEN 0.10 ELSE 0 END
                - CASE WHEN jsonb_array_length(v.members) = 0 THEN 0.10 ELSE 0 END
                - CASE WHEN v.description IS NULL THEN 0.05 ELSE 0 END AS base
    FROM (
        SELECT k.key,
               coalesce(a.name, m.name)                                             AS group_id,
               a.key IS NOT NULL                                                    AS in_ad,
               m.key IS NOT NULL                                                    AS in_mcom,
               a.ad_group_guid, m.mcommunity_group_uid,
               CASE WHEN length(n.group_name) <= 100 THEN n.group_name END          AS group_name,
               length(n.group_name) > 100                                           AS name_too_long,
               CASE WHEN length(n.group_email) <= 100 THEN n.group_email END        AS group_email,
               length(n.group_email) > 100                                          AS email_too_long,
               CASE WHEN length(a.sam_account_name) <= 100 THEN a.sam_account_name END AS sam_account_name,
               coalesce(a.distinguished_name, m.distinguished_name)                 AS distinguished_name,
               coalesce(nullif(btrim(m.description), ''), nullif(btrim(a.description), '')) AS description,
               a.display_name, a.group_type,
               CASE WHEN coalesce(a.group_type, 0) <> 0 THEN (a.group_type & (-2147483648)) <> 0 END AS is_security_group,
               CASE WHEN coalesce(a.group_type, 0) <> 0 THEN (a.group_type & (-2147483648)) = 0
                    WHEN m.key IS NOT NULL THEN true END                             AS is_distribution_group,
               a.sam_account_type, a.object_category,
               m.is_private, m.is_members_only, m.is_joinable, m.expiry_timestamp,
               coalesce(a.in_adsync, false)                                         AS is_mcomm_adsync,
               a.ou_root, a.ou_organization, a.ou_department, a.ou_category, a.ou_immediate_parent, a.ou_full_path, a.ou_depth,
               a.parent_ou_dn,
               coalesce(l.members, a.members, m.members, '[]'::jsonb)               AS members,
               coalesce(l.owners, m.owners,
                        CASE WHEN a.managed_by IS NOT NULL THEN jsonb_build_array(a.managed_by) END, '[]'::jsonb) AS owners,
               a.member_of, m.direct_members, m.nested_members, a.managed_by,
               coalesce(m.contact_info, '{}'::jsonb)                                AS contact_info,
               a.proxy_addresses, a.when_created, a.when_changed,
               CASE WHEN a.key IS NOT NULL AND m.key IS NOT NULL THEN 'ad+mcommunity' WHEN a.key IS NOT NULL THEN 'ad' ELSE 'mcommunity' END AS source_system,
               a.raw_id AS ad_raw_id, m.raw_id AS mcommunity_raw_id
        FROM groups_affected k
        LEFT JOIN groups_ad_pick a ON a.key = k.key
        LEFT JOIN groups_mcom_pick m ON m.key = k.key
        LEFT JOIN groups_lists l ON l.key = k.key
        CROSS JOIN LATERAL (SELECT CASE WHEN a.key IS NOT NULL THEN a.group_name ELSE m.group_name END AS group_name,
                                   CASE WHEN m.key IS NOT NULL THEN m.group_email ELSE a.group_email END AS group_email) n
        WHERE a.key IS NOT NULL OR m.key IS NOT NULL
    ) v
) r;

-- Rows of affected names that no longer come out of the merge (group gone from both sources, renamed, or too long).
CREATE TEMP TABLE groups_removed ON COMMIT DROP AS
WITH removed AS (
    DELETE FROM silver.groups g
    WHERE lower(g.group_id) IN (SELECT key FROM groups_affected)
      AND NOT EXISTS (SELECT 1 FROM groups_merged m WHERE m.group_id = g.group_id AND length(m.group_id) <= 100)
    RETURNING 1
)
SELECT * FROM removed;

CREATE TEMP TABLE groups_written ON COMMIT DROP AS
WITH written AS (
    INSERT INTO silver.groups AS s (
        group_id, ad_group_guid, mcommunity_group_uid, group_name, group_email, sam_account_name, cn, distinguished_name,
        description, display_name, group_type, is_security_group, is_distribution_group, sam_account_type, object_category,
        is_private, is_members_only, is_joinable, expiry_timestamp, is_mcomm_adsync, ou_root, ou_organization, ou_department,
        ou_category, ou_immediate_parent, ou_full_path, ou_depth, parent_ou_dn, members, owners, member_of, direct_members,
        nested_members, managed_by, contact_info, proxy_addresses, when_created, when_changed, data_quality_score,
        quality_flags, source_system, source_entity_id, ad_raw_id, mcommunity_raw_id, entity_hash, ingestion_run_id)
    SELECT m.group_id, m.ad_group_guid, m.mcommunity_group_uid, m.group_name, m.group_email, m.sam_account_name, m.group_id,
           m.distinguished_name, m.description, m.display_name, m.group_type, m.is_security_group, m.is_distribution_group,
           m.sam_account_type, m.object_category, m.is_private, m.is_members_only, m.is_joinable, m.expiry_timestamp,
           m.is_mcomm_adsync, m.ou_root, m.ou_organization, m.ou_department, m.ou_category, m.ou_immediate_parent,
           m.ou_full_path, m.ou_depth, m.parent_ou_dn, m.members, m.owners, m.member_of, m.direct_members, m.nested_members,
           m.managed_by, m.contact_info, m.proxy_addresses, m.when_created, m.when_changed, m.data_quality_score,
           m.quality_flags, m.source_system, m.group_id, m.ad_raw_id, m.mcommunity_raw_id,
           encode(sha256(convert_to(ROW(m.group_id, m.ad_group_guid, m.mcommunity_group_uid, m.group_name, m.group_email,
               m.sam_account_name, m.distinguished_name, m.description, m.display_name, m.group_type, m.is_security_group,
               m.is_distribution_group, m.sam_account_type, m.object_category, m.is_private, m.is_members_only, m.is_joinable,
               m.expiry_timestamp, m.is_mcomm_adsync, m.ou_root, m.ou_organization, m.ou_department, m.ou_category,
               m.ou_immediate_parent, m.ou_full_path, m.ou_depth, m.parent_ou_dn, m.members, m.owners, m.member_of,
               m.direct_members, m.nested_members, m.managed_by, m.contact_info, m.proxy_addresses, m.when_created,
               m.when_changed, m.data_quality_score, m.quality_flags, m.source_system)::text, 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM groups_merged m
    WHERE length(m.group_id) <= 100
    ORDER BY m.group_id
    ON CONFLICT (group_id) DO UPDATE
    SET ad_group_guid = EXCLUDED.ad_group_guid, mcommunity_group_uid = EXCLUDED.mcommunity_group_uid,
        group_name = EXCLUDED.group_name, group_email = EXCLUDED.group_email, sam_account_name = EXCLUDED.sam_account_name,
        cn = EXCLUDED.cn, distinguished_name = EXCLUDED.distinguished_name, description = EXCLUDED.description,
        display_name = EXCLUDED.display_name, group_type = EXCLUDED.group_type, is_security_group = EXCLUDED.is_security_group,
        is_distribution_group = EXCLUDED.is_distribution_group, sam_account_type = EXCLUDED.sam_account_type,
        object_category = EXCLUDED.object_category, is_private = EXCLUDED.is_private, is_members_only = EXCLUDED.is_members_only,
        is_joinable = EXCLUDED.is_joinable, expiry_timestamp = EXCLUDED.expiry_timestamp, is_mcomm_adsync = EXCLUDED.is_mcomm_adsync,
        ou_root = EXCLUDED.ou_root, ou_organization = EXCLUDED.ou_organization, ou_department = EXCLUDED.ou_department,
        ou_category = EXCLUDED.ou_category, ou_immediate_parent = EXCLUDED.ou_immediate_parent, ou_full_path = EXCLUDED.ou_full_path,
        ou_depth = EXCLUDED.ou_depth, parent_ou_dn = EXCLUDED.parent_ou_dn, members = EXCLUDED.members, owners = EXCLUDED.owners,
        member_of = EXCLUDED.member_of, direct_members = EXCLUDED.direct_members, nested_members = EXCLUDED.nested_members,
        managed_by = EXCLUDED.managed_by, contact_info = EXCLUDED.contact_info, proxy_addresses = EXCLUDED.proxy_addresses,
        when_created = EXCLUDED.when_created, when_changed = EXCLUDED.when_changed, data_quality_score = EXCLUDED.data_quality_score,
        quality_flags = EXCLUDED.quality_flags, source_system = EXCLUDED.source_system, source_entity_id = EXCLUDED.source_entity_id,
        ad_raw_id = EXCLUDED.ad_raw_id, mcommunity_raw_id = EXCLUDED.mcommunity_raw_id,
        entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id
    -- A new source version with the same content only moves the lineage (raw ids), so it is not merged again.
    -- (updated_at is set by the table's trigger.)
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash
       OR s.ad_raw_id IS DISTINCT FROM EXCLUDED.ad_raw_id
       OR s.mcommunity_raw_id IS DISTINCT FROM EXCLUDED.mcommunity_raw_id
    RETURNING (xmax = 0) AS inserted
)
SELECT * FROM written;

SELECT (SELECT count(*) FROM groups_ad a WHERE a.key IN (SELECT key FROM groups_affected))
         + (SELECT count(*) FROM groups_mcom m WHERE m.key IN (SELECT key FROM groups_affected))         AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM groups_written)                                     AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM groups_written)                                 AS updated,
       (SELECT count(*) FROM groups_removed)                                                             AS deleted,
       (SELECT coalesce(sum(claimants - 1), 0) FROM groups_ad_pick)
         + (SELECT coalesce(sum(claimants - 1), 0) FROM groups_mcom_pick)
         + (SELECT count(*) FROM groups_merged WHERE length(group_id) > 100)                             AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'duplicate:ad' AS outcome FROM groups_ad_pick a, generate_series(2, a.claimants)
                    UNION ALL SELECT 'duplicate:mcommunity' FROM groups_mcom_pick m, generate_series(2, m.claimants)
                    UNION ALL SELECT 'too_long:group_id' FROM groups_merged WHERE length(group_id) > 100
                    UNION ALL SELECT 'invalid:group_name' FROM groups_merged WHERE name_too_long AND length(group_id) <= 100
                    UNION ALL SELECT 'invalid:group_email' FROM groups_merged WHERE email_too_long AND length(group_id) <= 100
                    UNION ALL SELECT 'missing:ad_cn' FROM silver.ad_groups WHERE nullif(btrim(cn), '') IS NULL
                    UNION ALL SELECT 'missing:mcommunity_group_name' FROM silver.mcommunity_groups WHERE nullif(btrim(group_name), '') IS NULL) outcomes
              GROUP BY outcome) counted)                                                                 AS quality;
