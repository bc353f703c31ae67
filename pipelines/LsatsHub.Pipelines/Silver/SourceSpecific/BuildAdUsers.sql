-- silver.ad_users from bronze active_directory/user (A1: every person under OU=UMICH), one row per objectGUID.
--
-- What bronze holds (LdapConversion.ActiveDirectory; checked on rows of the simulated AD): every value a string, a
-- multi-valued attribute a JSON array sorted by the ingest, an empty attribute ""; objectGUID as "{xxxxxxxx-...}"
-- (also the bronze external_id); objectSid as "S-1-5-21-..."; whenCreated/whenChanged (GeneralizedTime) and the
-- Large-Integer FILETIME times (pwdLastSet, lastLogon, lastLogonTimestamp, accountExpires, badPasswordTime, lockoutTime,
-- lastLogoff) as ISO-8601 UTC ("2025-02-17T00:00:00+00:00"). silver.ad_time also reads the wire forms (GeneralizedTime,
-- FILETIME integer), so a change in how the ingest renders times does not null them. AD's "never" (FILETIME 0 =
-- 1601-01-01, FILETIME max = 9999-12-31: never logged on, never expires) becomes NULL and is not a quality outcome.
-- The key "dn" is the DN as the server returned it (slapd lower-cases attribute types); distinguishedName is the
-- attribute as written and is preferred. A group's complete member list is assumed under "member" (range retrieval,
-- if any, is merged by the ingest).
--
-- Decisions:
-- * Computer accounts are persons in AD, so A1 ingests them too; they are not user accounts and have their own table
--   (silver.ad_computers), so versions whose objectClass includes "computer" are not read here. Otherwise tier 2 would
--   take "lsa-chem-ws01" for a uniqname.
-- * cn and uniqname come from the RDN of the DN (CN=<value>), not from the cn attribute, which LDAP lets hold several
--   values (stored sorted, so "the first" means nothing). uniqname is lower-cased and trimmed (the original kept case).
-- * No active flag: the row of an entity gone from AD (tombstone) is removed, and so is the row of an entity whose
--   newest version is unusable (no valid objectGUID: skipped and counted on every run until the source is fixed).
-- * OU columns: docs/silver-model.md "AD tables", the user/group/computer rule (ou_status stays NULL).
-- * A value that does not fit its column (unparsable time or integer, too long for a varchar) becomes NULL and is
--   counted as invalid:<column>.

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

CREATE OR REPLACE TEMP VIEW ad_users_source AS
SELECT l.raw_id,
       l.external_id,
       l.is_deleted,
       CASE WHEN btrim(l.external_id) ~* '^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$'
            THEN btrim(l.external_id)::uuid END                                          AS ad_user_guid,
       r.rdn_value                                                                       AS cn,
       lower(r.rdn_value)                                                                AS uniqname,
       coalesce(silver.ad_text(l.raw_data -> 'name'), r.rdn_value)                       AS name,
       silver.ad_text(l.raw_data -> 'sAMAccountName')                                    AS sam_account_name,
       r.dn                                                                              AS distinguished_name,
       silver.ad_text(l.raw_data -> 'userPrincipalName')                                 AS user_principal_name,
       silver.ad_text(l.raw_data -> 'displayName')                                       AS display_name,
       silver.ad_text(l.raw_data -> 'initials')                                          AS initials,
       silver.ad_text(l.raw_data -> 'title')                                             AS title,
       silver.ad_text(l.raw_data -> 'description')                                       AS description,
       silver.ad_text(l.raw_data -> 'mobile')                                            AS mobile,
       silver.ad_text(l.raw_data -> 'otherMobile')                                       AS other_mobile,
       silver.ad_text(l.raw_data -> 'facsimileTelephoneNumber')                          AS facsimile_telephone_number,
       silver.ad_text(l.raw_data -> 'streetAddress')                                     AS street_address,
       silver.ad_values(l.raw_data -> 'proxyAddresses')                                  AS proxy_addresses,
       silver.ad_text(l.raw_data -> 'department')                                        AS department,
       silver.ad_values(l.raw_data -> 'umichadOU')                                       AS umichad_ou,
       silver.ad_values(l.raw_data -> 'umichadRole')                                     AS umichad_role,
       silver.ad_text(l.raw_data -> 'userAccountControl')                                AS user_account_control,
       silver.ad_time_text(tt."accountExpires")               AS account_expires,
       silver.ad_time_text(tt."pwdLastSet")                   AS pwd_last_set,
       silver.ad_time_text(tt."lastLogon")                    AS last_logon,
       silver.ad_time_text(tt."lastLogonTimestamp")           AS last_logon_timestamp,
       silver.ad_time_text(tt."lastLogoff")                   AS last_logoff,
       silver.ad_text(l.raw_data -> 'badPwdCount')                                       AS bad_pwd_count,
       silver.ad_time_text(tt."badPasswordTime")              AS bad_password_time,
       silver.ad_text(l.raw_data -> 'logonCount')                                        AS logon_count,
       silver.ad_time_text(tt."lockoutTime")                  AS lockout_time,
       silver.ad_text(l.raw_data -> 'objectSid')                                         AS object_sid,
       silver.ad_values(l.raw_data -> 'sIDHistory')                                      AS sid_history,
       silver.ad_time_text(tt."whenCreated")                  AS when_created,
       silver.ad_time_text(tt."whenChanged")                  AS when_changed,
       silver.ad_text(l.raw_data -> 'uSNCreated')                                        AS usn_created,
       silver.ad_text(l.raw_data -> 'uSNChanged')                                        AS usn_changed,
       silver.ad_values(l.raw_data -> 'objectClass')                                     AS object_class,
       silver.ad_text(l.raw_data -> 'objectCategory')                                    AS object_category,
       silver.ad_text(l.raw_data -> 'instanceType')                                      AS instance_type,
       silver.ad_values(l.raw_data -> 'memberOf')                                        AS member_of,
       silver.ad_text(l.raw_data -> 'primaryGroupID')                                    AS primary_group_id,
       silver.ad_text(l.raw_data -> 'uidNumber')                                         AS uid_number,
       silver.ad_text(l.raw_data -> 'gidNumber')                                         AS gid_number,
       silver.ad_text(l.raw_data -> 'homeDirectory')                                     AS home_directory,
       silver.ad_text(l.raw_data -> 'homeDrive')                                         AS home_drive,
       silver.ad_text(l.raw_data -> 'loginShell')                                        AS login_shell,
       silver.ad_text(l.raw_data -> 'employeeType')                                      AS employee_type,
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
       silver.ad_dn_parent(r.dn)                                                         AS parent_ou_dn,
       silver.ad_text(l.raw_data -> 'givenName')                                         AS first_name,
       silver.ad_text(l.raw_data -> 'sn')                                                AS last_name,
       silver.ad_text(l.raw_data -> 'mail')                                              AS primary_email,
       silver.ad_text(l.raw_data -> 'telephoneNumber')                                   AS work_phone
FROM bronze.latest_raw_entities l
-- The time attributes as text, once: silver.ad_time_text reads its argument three times, so PostgreSQL would not
-- inline it around the ad_text expression and would call it as a function for every value instead.
CROSS JOIN LATERAL (
    SELECT silver.ad_text(l.raw_data -> 'accountExpires') AS "accountExpires",
           silver.ad_text(l.raw_data -> 'pwdLastSet') AS "pwdLastSet",
           silver.ad_text(l.raw_data -> 'lastLogon') AS "lastLogon",
           silver.ad_text(l.raw_data -> 'lastLogonTimestamp') AS "lastLogonTimestamp",
           silver.ad_text(l.raw_data -> 'lastLogoff') AS "lastLogoff",
           silver.ad_text(l.raw_data -> 'badPasswordTime') AS "badPasswordTime",
           silver.ad_text(l.raw_data -> 'lockoutTime') AS "lockoutTime",
           silver.ad_text(l.raw_data -> 'whenCreated') AS "whenCreated",
           silver.ad_text(l.raw_data -> 'whenChanged') AS "whenChanged"
    OFFSET 0
) tt
CROSS JOIN LATERAL (
    SELECT d.dn,
           CASE WHEN upper(btrim(split_part(d.leaf, '=', 1))) = 'CN' THEN silver.ad_rdn_value(d.leaf) END AS rdn_value,
           d.ous,
           cardinality(d.ous) AS depth
    FROM (SELECT x.dn, silver.ad_dn_leaf(x.dn) AS leaf, silver.ad_dn_ous(x.dn, false) AS ous
          -- OFFSET 0 here too: flattened, dn is the whole coalesce expression, which silver.ad_dn_leaf and
          -- silver.ad_dn_ous name several times, so PostgreSQL would not inline them and would run each as an SQL
          -- function call, planned and started per row (issue 11).
          FROM (SELECT coalesce(silver.ad_text(l.raw_data -> 'distinguishedName'), silver.ad_text(l.raw_data -> 'dn')) AS dn OFFSET 0) x
          -- OFFSET 0 keeps the DN parsed once per row: flattened, every reference to ous would parse it again.
          OFFSET 0) d
) r
WHERE l.source_system = 'active_directory' AND l.entity_type = 'user'
  AND NOT coalesce(l.raw_data -> 'objectClass' ? 'computer', false);

-- Entities to process: newest versions the table has not taken, and tombstones of entities that still have a row
-- (on a full refresh: every entity).
CREATE TEMP TABLE ad_users_changed ON COMMIT DROP AS
SELECT src.*
FROM ad_users_source src
LEFT JOIN silver.ad_users s ON s.ad_user_guid = src.ad_user_guid
WHERE (SELECT full_refresh FROM silver_step)
   OR (NOT src.is_deleted AND s.raw_id IS DISTINCT FROM src.raw_id)
   OR (src.is_deleted AND s.raw_id IS NOT NULL);

-- Typed values: unparsable, out of range or too long becomes NULL (silver.nulled_by_typing names them, below).
CREATE TEMP TABLE ad_users_typed ON COMMIT DROP AS
SELECT c.raw_id, c.external_id, t.*,
       '{}'::text[] AS nulled
FROM ad_users_changed c
CROSS JOIN LATERAL (
    SELECT c.ad_user_guid, c.cn, c.uniqname, c.name, c.sam_account_name, c.distinguished_name, c.user_principal_name,
           c.display_name, c.initials, c.title, c.description, c.mobile, c.other_mobile, c.facsimile_telephone_number,
           c.street_address, c.proxy_addresses, c.department, c.umichad_ou, c.umichad_role,
           silver.ad_int(c.user_account_control)              AS user_account_control,
           silver.ad_time(c.account_expires)                  AS account_expires,
           silver.ad_time(c.pwd_last_set)                     AS pwd_last_set,
           silver.ad_time(c.last_logon)                       AS last_logon,
           silver.ad_time(c.last_logon_timestamp)             AS last_logon_timestamp,
           silver.ad_time(c.last_logoff)                      AS last_logoff,
           silver.ad_int(c.bad_pwd_count)                     AS bad_pwd_count,
           silver.ad_time(c.bad_password_time)                AS bad_password_time,
           silver.ad_int(c.logon_count)                       AS logon_count,
           silver.ad_time(c.lockout_time)                     AS lockout_time,
           c.object_sid, c.sid_history,
           silver.ad_time(c.when_created)                     AS when_created,
           silver.ad_time(c.when_changed)                     AS when_changed,
           silver.ad_bigint(c.usn_created)                    AS usn_created,
           silver.ad_bigint(c.usn_changed)                    AS usn_changed,
           c.object_class, c.object_category,
           silver.ad_int(c.instance_type)                     AS instance_type,
           c.member_of,
           silver.ad_int(c.primary_group_id)                  AS primary_group_id,
           silver.ad_bigint(c.uid_number)                     AS uid_number,
           silver.ad_bigint(c.gid_number)                     AS gid_number,
           c.home_directory, c.home_drive, c.login_shell, c.employee_type,
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
           c.first_name, c.last_name, c.primary_email, c.work_phone
    -- OFFSET 0 types each row once.
    OFFSET 0
) t
WHERE NOT c.is_deleted;

-- The values typing nulled, named by comparing the source and typed tables column by column (silver.nulled_by_typing
-- reads the columns from the catalog, so a column added to the typing is checked without being listed again).
UPDATE ad_users_typed t
SET nulled = n.nulled
FROM silver.nulled_by_typing('ad_users_changed', 'ad_users_typed') n
WHERE t.raw_id = n.key;

-- One row per objectGUID: usable rows only (a valid GUID), the smallest external id first should two spellings of
-- one GUID ever both be live. An anti-join on the two small keys instead of DISTINCT ON, so the wide rows are never
-- sorted (they spilled to disk: 154,000 AD people at scale 0.25); the keys only, as the insert reads the wide typed
-- row once (copying it into one more table cost more than the join; issue 11).
CREATE TEMP TABLE ad_users_rows ON COMMIT DROP AS
SELECT t.raw_id, t.ad_user_guid
FROM ad_users_typed t
WHERE t.ad_user_guid IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM ad_users_typed o WHERE o.ad_user_guid = t.ad_user_guid AND o.external_id < t.external_id);
-- Statistics for the joins below: a fresh temp table has none, and a nested loop over it would read the typed rows once
-- per row.
ANALYZE ad_users_rows;

WITH removed AS (
    DELETE FROM silver.ad_users s
    WHERE ((SELECT full_refresh FROM silver_step) OR s.ad_user_guid IN (SELECT ad_user_guid FROM ad_users_changed))
      AND NOT EXISTS (SELECT 1 FROM ad_users_rows r WHERE r.ad_user_guid = s.ad_user_guid)
    RETURNING 1
),
written AS (
    INSERT INTO silver.ad_users AS s (
        ad_user_guid, name, cn, sam_account_name, distinguished_name, user_principal_name, display_name, initials, title,
        description, mobile, other_mobile, facsimile_telephone_number, street_address, proxy_addresses, department,
        umichad_ou, umichad_role, user_account_control, account_expires, pwd_last_set, last_logon, last_logon_timestamp,
        last_logoff, bad_pwd_count, bad_password_time, logon_count, lockout_time, object_sid, sid_history, when_created,
        when_changed, usn_created, usn_changed, object_class, object_category, instance_type, member_of, primary_group_id,
        uid_number, gid_number, home_directory, home_drive, login_shell, employee_type,
        ou_root, ou_organization_type, ou_organization, ou_category, ou_division, ou_department, ou_subdepartment,
        ou_immediate_parent, ou_full_path, ou_depth, parent_ou_dn, uniqname, first_name, last_name, primary_email, work_phone,
        raw_id, entity_hash, ingestion_run_id)
    SELECT r.ad_user_guid, r.name, r.cn, r.sam_account_name, r.distinguished_name, r.user_principal_name, r.display_name, r.initials, r.title,
           r.description, r.mobile, r.other_mobile, r.facsimile_telephone_number, r.street_address, r.proxy_addresses, r.department,
           r.umichad_ou, r.umichad_role, r.user_account_control, r.account_expires, r.pwd_last_set, r.last_logon, r.last_logon_timestamp,
           r.last_logoff, r.bad_pwd_count, r.bad_password_time, r.logon_count, r.lockout_time, r.object_sid, r.sid_history, r.when_created,
           r.when_changed, r.usn_created, r.usn_changed, r.object_class, r.object_category, r.instance_type, r.member_of, r.primary_group_id,
           r.uid_number, r.gid_number, r.home_directory, r.home_drive, r.login_shell, r.employee_type,
           r.ou_root, r.ou_organization_type, r.ou_organization, r.ou_category, r.ou_division, r.ou_department, r.ou_subdepartment,
           r.ou_immediate_parent, r.ou_full_path, r.ou_depth, r.parent_ou_dn, r.uniqname, r.first_name, r.last_name, r.primary_email, r.work_phone,
           r.raw_id,
           -- Content hash of the written values as one row's text (NULL and '' differ there), as silver.tdx_users does:
           -- building a jsonb of the row only to print it cost more than the row's own typing (issue 11).
           encode(sha256(convert_to(ROW(r.ad_user_guid, r.name, r.cn, r.sam_account_name, r.distinguished_name, r.user_principal_name, r.display_name, r.initials, r.title,
                                        r.description, r.mobile, r.other_mobile, r.facsimile_telephone_number, r.street_address, r.proxy_addresses, r.department,
                                        r.umichad_ou, r.umichad_role, r.user_account_control, r.account_expires, r.pwd_last_set, r.last_logon, r.last_logon_timestamp,
                                        r.last_logoff, r.bad_pwd_count, r.bad_password_time, r.logon_count, r.lockout_time, r.object_sid, r.sid_history, r.when_created,
                                        r.when_changed, r.usn_created, r.usn_changed, r.object_class, r.object_category, r.instance_type, r.member_of, r.primary_group_id,
                                        r.uid_number, r.gid_number, r.home_directory, r.home_drive, r.login_shell, r.employee_type,
                                        r.ou_root, r.ou_organization_type, r.ou_organization, r.ou_category, r.ou_division, r.ou_department, r.ou_subdepartment,
                                        r.ou_immediate_parent, r.ou_full_path, r.ou_depth, r.parent_ou_dn, r.uniqname, r.first_name, r.last_name, r.primary_email, r.work_phone)::text, 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM ad_users_rows k
    JOIN ad_users_typed r ON r.raw_id = k.raw_id
    ON CONFLICT (ad_user_guid) DO UPDATE
    SET name = EXCLUDED.name, cn = EXCLUDED.cn, sam_account_name = EXCLUDED.sam_account_name,
        distinguished_name = EXCLUDED.distinguished_name, user_principal_name = EXCLUDED.user_principal_name,
        display_name = EXCLUDED.display_name, initials = EXCLUDED.initials, title = EXCLUDED.title,
        description = EXCLUDED.description, mobile = EXCLUDED.mobile, other_mobile = EXCLUDED.other_mobile,
        facsimile_telephone_number = EXCLUDED.facsimile_telephone_number, street_address = EXCLUDED.street_address,
        proxy_addresses = EXCLUDED.proxy_addresses, department = EXCLUDED.department, umichad_ou = EXCLUDED.umichad_ou,
        umichad_role = EXCLUDED.umichad_role, user_account_control = EXCLUDED.user_account_control,
        account_expires = EXCLUDED.account_expires, pwd_last_set = EXCLUDED.pwd_last_set, last_logon = EXCLUDED.last_logon,
        last_logon_timestamp = EXCLUDED.last_logon_timestamp, last_logoff = EXCLUDED.last_logoff,
        bad_pwd_count = EXCLUDED.bad_pwd_count, bad_password_time = EXCLUDED.bad_password_time,
        logon_count = EXCLUDED.logon_count, lockout_time = EXCLUDED.lockout_time, object_sid = EXCLUDED.object_sid,
        sid_history = EXCLUDED.sid_history, when_created = EXCLUDED.when_created, when_changed = EXCLUDED.when_changed,
        usn_created = EXCLUDED.usn_created, usn_changed = EXCLUDED.usn_changed, object_class = EXCLUDED.object_class,
        object_category = EXCLUDED.object_category, instance_type = EXCLUDED.instance_type, member_of = EXCLUDED.member_of,
        primary_group_id = EXCLUDED.primary_group_id, uid_number = EXCLUDED.uid_number, gid_number = EXCLUDED.gid_number,
        home_directory = EXCLUDED.home_directory, home_drive = EXCLUDED.home_drive, login_shell = EXCLUDED.login_shell,
        employee_type = EXCLUDED.employee_type, ou_root = EXCLUDED.ou_root, ou_organization_type = EXCLUDED.ou_organization_type,
        ou_organization = EXCLUDED.ou_organization, ou_category = EXCLUDED.ou_category, ou_division = EXCLUDED.ou_division,
        ou_department = EXCLUDED.ou_department, ou_subdepartment = EXCLUDED.ou_subdepartment,
        ou_immediate_parent = EXCLUDED.ou_immediate_parent, ou_full_path = EXCLUDED.ou_full_path, ou_depth = EXCLUDED.ou_depth,
        parent_ou_dn = EXCLUDED.parent_ou_dn, uniqname = EXCLUDED.uniqname, first_name = EXCLUDED.first_name,
        last_name = EXCLUDED.last_name, primary_email = EXCLUDED.primary_email, work_phone = EXCLUDED.work_phone,
        raw_id = EXCLUDED.raw_id, entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id,
        updated_at = CURRENT_TIMESTAMP
    -- A new bronze version with the same content only moves the lineage (raw_id), so it is not read again.
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM ad_users_changed)                                     AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                      AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)                  AS updated,
       (SELECT count(*) FROM removed)                                              AS deleted,
       (SELECT count(*) FROM ad_users_typed) - (SELECT count(*) FROM ad_users_rows) AS skipped,
       -- Counted from flags and row counts, not by joining the wide tables again (a zero count is not reported): every
       -- version with a valid GUID that is not a row lost it to a smaller external id.
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT 'invalid:' || column_name AS outcome, count(*) AS n
              FROM ad_users_typed t, unnest(t.nulled) AS column_name
              WHERE t.nulled <> '{}'
              GROUP BY column_name) counted)
       || (SELECT jsonb_build_object(
                      'invalid:ad_user_guid', count(*) FILTER (WHERE t.ad_user_guid IS NULL),
                      'duplicate_key', count(*) FILTER (WHERE t.ad_user_guid IS NOT NULL) - (SELECT count(*) FROM ad_users_rows))
           FROM ad_users_typed t)                                                   AS quality;
