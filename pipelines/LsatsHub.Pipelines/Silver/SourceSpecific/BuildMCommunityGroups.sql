-- silver.mcommunity_groups from bronze mcommunity_ldap/group (key gidNumber): one row per group entity. The table's
-- key is a surrogate uuid; it is derived from the bronze entity (md5 of 'mcommunity_ldap/group/<external id>'), so an
-- incremental run and a full refresh give every group the same uuid. group_email is the logical key the original
-- used; it is not unique-constrained and stays so.
-- LDAP attributes arrive as a string when single-valued and as a sorted array when multi-valued, so "the first cn"
-- means nothing: group_name is the RDN value of the DN (cn=<group_name>,...), which is also what AD's cn matches in
-- tier 2; aliases holds every cn. Booleans arrive as TRUE/FALSE, umichExpiryTimestamp as ISO-8601 (LDAP generalized
-- time YYYYMMDDHHMMSSZ is read too). A row needs umichGroupEmail (NOT NULL); a value too long or unparsable is NULL and
-- counted. No active flag: the row of a group gone from the directory (tombstone) is removed, and so is the row of a
-- group whose newest version is unusable (skipped and counted on every run until the source is fixed).

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

CREATE TEMP TABLE mcommunity_groups_taken ON COMMIT DROP AS
SELECT s.mcommunity_group_uid, s.raw_id, b.external_id
FROM silver.mcommunity_groups s
JOIN bronze.raw_entities b ON b.raw_id = s.raw_id;

-- Entities to process: newest versions not taken yet, and tombstones of entities that still have a row (full refresh:
-- every entity).
CREATE TEMP TABLE mcommunity_groups_changed ON COMMIT DROP AS
SELECT l.raw_id, l.external_id, l.is_deleted, l.raw_data,
       md5('mcommunity_ldap/group/' || l.external_id)::uuid AS mcommunity_group_uid
FROM bronze.latest_raw_entities l
LEFT JOIN mcommunity_groups_taken t ON t.external_id = l.external_id
WHERE l.source_system = 'mcommunity_ldap' AND l.entity_type = 'group'
  AND ((SELECT full_refresh FROM silver_step)
       OR (NOT l.is_deleted AND t.raw_id IS DISTINCT FROM l.raw_id)
       OR (l.is_deleted AND t.raw_id IS NOT NULL));

CREATE TEMP TABLE mcommunity_groups_typed ON COMMIT DROP AS
SELECT c.raw_id, c.mcommunity_group_uid,
       t.*,
       array_remove(ARRAY[CASE WHEN s.group_email IS NOT NULL AND t.group_email IS NULL THEN 'group_email' END,
                          CASE WHEN s.dn IS NOT NULL AND t.group_name IS NULL THEN 'group_name' END,
                          CASE WHEN s.gid_number IS NOT NULL AND t.gid_number IS NULL THEN 'gid_number' END,
                          CASE WHEN s.is_private IS NOT NULL AND t.is_private IS NULL THEN 'is_private' END,
                          CASE WHEN s.is_members_only IS NOT NULL AND t.is_members_only IS NULL THEN 'is_members_only' END,
                          CASE WHEN s.is_joinable IS NOT NULL AND t.is_joinable IS NULL THEN 'is_joinable' END,
                          CASE WHEN s.expiry IS NOT NULL AND t.expiry_timestamp IS NULL THEN 'expiry_timestamp' END], NULL) AS nulled,
       s.group_email IS NULL AS no_email
FROM (SELECT c.*, c.raw_data #> '{}' AS d -- the record decompressed once: each -> below would decompress it again
      FROM mcommunity_groups_changed c
      OFFSET 0) c
-- Single-valued attributes as text (a multi-valued one there is unusable: no value is "the first").
CROSS JOIN LATERAL (
    SELECT silver.clean_text(CASE jsonb_typeof(r -> 'umichGroupEmail') WHEN 'array' THEN NULL ELSE r ->> 'umichGroupEmail' END) AS group_email,
           silver.clean_text(r ->> 'dn')                                                      AS dn,
           silver.clean_text(coalesce(r ->> 'umichDescription', r ->> 'description'))         AS description,
           silver.clean_text(r ->> 'gidNumber')                                               AS gid_number,
           lower(silver.clean_text(r ->> 'umichPrivate'))                                     AS is_private,
           lower(silver.clean_text(r ->> 'membersonly'))                                      AS is_members_only,
           lower(silver.clean_text(r ->> 'joinable'))                                         AS is_joinable,
           silver.clean_text(r ->> 'umichExpiryTimestamp')                                    AS expiry
    FROM (SELECT c.d AS r) raw
) s
CROSS JOIN LATERAL (
    SELECT CASE WHEN length(s.group_email) <= 255 THEN s.group_email END                              AS group_email,
           -- The RDN value, LDAP escapes (\, \+ \" \\ ...) undone.
           CASE WHEN length(rdn.value) <= 500 THEN rdn.value END                                     AS group_name,
           s.dn                                                                                      AS distinguished_name,
           s.description,
           CASE WHEN s.gid_number ~ '^-?\d{1,18}$' THEN s.gid_number::bigint END                     AS gid_number,
           CASE s.is_private WHEN 'true' THEN true WHEN 'false' THEN false END                       AS is_private,
           CASE s.is_members_only WHEN 'true' THEN true WHEN 'false' THEN false END                  AS is_members_only,
           CASE s.is_joinable WHEN 'true' THEN true WHEN 'false' THEN false END                      AS is_joinable,
           CASE WHEN s.expiry ~ '^\d{14}(\.\d+)?Z$'
                THEN silver.try_iso_timestamptz(substr(s.expiry, 1, 4) || '-' || substr(s.expiry, 5, 2) || '-' || substr(s.expiry, 7, 2) || 'T'
                                            || substr(s.expiry, 9, 2) || ':' || substr(s.expiry, 11, 2) || ':' || substr(s.expiry, 13, 2) || 'Z')
                ELSE silver.try_iso_timestamptz(s.expiry) END                                            AS expiry_timestamp,
           l.owners, l.members, l.direct_members, l.nested_members, l.requests_to, l.aliases,
           jsonb_strip_nulls(jsonb_build_object(
               'telephoneNumber', c.d -> 'telephoneNumber',
               'facsimileTelephoneNumber', c.d -> 'facsimileTelephoneNumber',
               'umichPostalAddress', c.d -> 'umichPostalAddress',
               'labeledUri', c.d -> 'labeledUri'))                                            AS contact_info
    FROM (SELECT regexp_replace(substring(s.dn FROM '^[cC][nN]=((?:[^,\\]|\\.)*)'), '\\(.)', '\1', 'g') AS value) rdn
    -- Multi-valued attributes as arrays: a single value becomes a one-element array, none an empty one.
    CROSS JOIN LATERAL (
        SELECT CASE jsonb_typeof(c.d -> 'owner') WHEN 'array' THEN c.d -> 'owner' WHEN 'string' THEN jsonb_build_array(c.d -> 'owner') ELSE '[]'::jsonb END AS owners,
               CASE jsonb_typeof(c.d -> 'member') WHEN 'array' THEN c.d -> 'member' WHEN 'string' THEN jsonb_build_array(c.d -> 'member') ELSE '[]'::jsonb END AS members,
               CASE jsonb_typeof(c.d -> 'umichDirectMember') WHEN 'array' THEN c.d -> 'umichDirectMember' WHEN 'string' THEN jsonb_build_array(c.d -> 'umichDirectMember') ELSE '[]'::jsonb END AS direct_members,
               CASE jsonb_typeof(c.d -> 'umichDirectGroupMember') WHEN 'array' THEN c.d -> 'umichDirectGroupMember' WHEN 'string' THEN jsonb_build_array(c.d -> 'umichDirectGroupMember') ELSE '[]'::jsonb END AS nested_members,
               CASE jsonb_typeof(c.d -> 'requestsTo') WHEN 'array' THEN c.d -> 'requestsTo' WHEN 'string' THEN jsonb_build_array(c.d -> 'requestsTo') ELSE '[]'::jsonb END AS requests_to,
               CASE jsonb_typeof(c.d -> 'cn') WHEN 'array' THEN c.d -> 'cn' WHEN 'string' THEN jsonb_build_array(c.d -> 'cn') ELSE '[]'::jsonb END AS aliases
    ) l
) t
WHERE NOT c.is_deleted;

-- Rows of processed entities that no longer yield a row (tombstoned or unusable).
WITH removed AS (
    DELETE FROM silver.mcommunity_groups s
    WHERE ((SELECT full_refresh FROM silver_step)
           OR s.mcommunity_group_uid IN (SELECT mcommunity_group_uid FROM mcommunity_groups_changed))
      AND NOT EXISTS (SELECT 1 FROM mcommunity_groups_typed t WHERE t.mcommunity_group_uid = s.mcommunity_group_uid AND NOT t.no_email
                      AND t.group_email IS NOT NULL)
    RETURNING 1
),
written AS (
    INSERT INTO silver.mcommunity_groups AS s (
        mcommunity_group_uid, group_email, group_name, distinguished_name, description, gid_number, is_private,
        is_members_only, is_joinable, expiry_timestamp, owners, members, direct_members, nested_members, requests_to,
        aliases, contact_info, raw_id, entity_hash, ingestion_run_id)
    SELECT r.mcommunity_group_uid, r.group_email, r.group_name, r.distinguished_name, r.description, r.gid_number, r.is_private,
           r.is_members_only, r.is_joinable, r.expiry_timestamp, r.owners, r.members, r.direct_members, r.nested_members, r.requests_to,
           r.aliases, r.contact_info, r.raw_id,
           -- Content hash: the SHA-256 of the jsonb text of the row's columns (the typed row's to_jsonb without raw_id,
           -- nulled and no_email, as first written), but that text written out directly, keys in jsonb's order (by
           -- length, then bytes) and each value as to_jsonb prints it: to_jsonb(r) and each "-" rebuilt the whole object
           -- with its member lists, 0.3 s of CPU for 8,490 groups against 0.15 s (issue 11). Same text, same hashes.
           encode(sha256(convert_to('{"owners": ' || coalesce(r.owners::text, 'null')
                                    || ', "aliases": ' || coalesce(r.aliases::text, 'null')
                                    || ', "members": ' || coalesce(r.members::text, 'null')
                                    || ', "gid_number": ' || coalesce(to_jsonb(r.gid_number)::text, 'null')
                                    || ', "group_name": ' || coalesce(to_jsonb(r.group_name)::text, 'null')
                                    || ', "is_private": ' || coalesce(to_jsonb(r.is_private)::text, 'null')
                                    || ', "description": ' || coalesce(to_jsonb(r.description)::text, 'null')
                                    || ', "group_email": ' || coalesce(to_jsonb(r.group_email)::text, 'null')
                                    || ', "is_joinable": ' || coalesce(to_jsonb(r.is_joinable)::text, 'null')
                                    || ', "requests_to": ' || coalesce(r.requests_to::text, 'null')
                                    || ', "contact_info": ' || coalesce(r.contact_info::text, 'null')
                                    || ', "direct_members": ' || coalesce(r.direct_members::text, 'null')
                                    || ', "nested_members": ' || coalesce(r.nested_members::text, 'null')
                                    || ', "is_members_only": ' || coalesce(to_jsonb(r.is_members_only)::text, 'null')
                                    || ', "expiry_timestamp": ' || coalesce(to_jsonb(r.expiry_timestamp)::text, 'null')
                                    || ', "distinguished_name": ' || coalesce(to_jsonb(r.distinguished_name)::text, 'null')
                                    || ', "mcommunity_group_uid": ' || coalesce(to_jsonb(r.mcommunity_group_uid)::text, 'null') || '}', 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM mcommunity_groups_typed r
    WHERE r.group_email IS NOT NULL
    ON CONFLICT (mcommunity_group_uid) DO UPDATE
    SET group_email = EXCLUDED.group_email, group_name = EXCLUDED.group_name, distinguished_name = EXCLUDED.distinguished_name,
        description = EXCLUDED.description, gid_number = EXCLUDED.gid_number, is_private = EXCLUDED.is_private,
        is_members_only = EXCLUDED.is_members_only, is_joinable = EXCLUDED.is_joinable,
        expiry_timestamp = EXCLUDED.expiry_timestamp, owners = EXCLUDED.owners, members = EXCLUDED.members,
        direct_members = EXCLUDED.direct_members, nested_members = EXCLUDED.nested_members, requests_to = EXCLUDED.requests_to,
        aliases = EXCLUDED.aliases, contact_info = EXCLUDED.contact_info,
        raw_id = EXCLUDED.raw_id, entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id
    -- A new bronze version with the same content only moves the lineage (raw_id), so it is not read again.
    -- (updated_at is set by the table's trigger.)
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM mcommunity_groups_changed)                        AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                  AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)              AS updated,
       (SELECT count(*) FROM removed)                                          AS deleted,
       (SELECT count(*) FROM mcommunity_groups_typed WHERE group_email IS NULL) AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'invalid:' || unnest(t.nulled) AS outcome FROM mcommunity_groups_typed t
                    UNION ALL
                    SELECT 'missing:group_email' FROM mcommunity_groups_typed t WHERE t.no_email) outcomes
              GROUP BY outcome) counted)                                       AS quality;
