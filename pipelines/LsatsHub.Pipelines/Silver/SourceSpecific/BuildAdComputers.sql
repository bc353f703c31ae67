-- silver.ad_computers from bronze active_directory/computer (A4: every computer under OU=LSA), one row per
-- sAMAccountName, computer_name and object_guid each unique.
--
-- What bronze holds: see BuildAdUsers.sql (the same LDAP conversion: strings, sorted arrays for several values, ""
-- for an empty attribute, GUID/SID text, FILETIME and GeneralizedTime times as ISO-8601 UTC; silver.ad_time also reads
-- the wire forms). ms-Mcs-AdmPwdExpirationTime and msLAPS-PasswordExpirationTime are not converted by the ingest: they
-- arrive as FILETIME integer text and are kept as such (bigint columns, as the original had them). isCriticalSystemObject
-- arrives as an LDAP Boolean (TRUE/FALSE).
--
-- Decisions:
-- * computer_name is the RDN value of the DN (CN=<value>), not the cn/name attributes (LDAP lets cn hold several values).
-- * is_enabled = userAccountControl bit 2 (ACCOUNTDISABLE) clear. It is AD's own account state, not an activity flag:
--   the row of a computer gone from AD (tombstone) is removed, and so is the row of a computer whose newest version is
--   unusable (skipped and counted on every run until the source is fixed).
-- * Unusable = a NOT NULL column without a usable value: objectGUID, sAMAccountName, name, DN, objectSid,
--   userAccountControl, pwdLastSet, whenCreated, whenChanged, uSNCreated, uSNChanged (the original failed the whole run
--   on such a record). Other bad values become NULL and are counted as invalid:<column>.
-- * pwd_last_set is NOT NULL, so AD's 0 ("must change at next logon", 1601-01-01) is kept as that time; the other
--   times map AD's "never" sentinels to NULL (see silver.ad_time_text).
-- * OU columns: docs/silver-model.md "AD tables", the user/group/computer rule; the table has neither ou_status nor ou_depth.
-- * The three unique keys (sam_account_name, computer_name, object_guid) are settled over every live computer each run:
--   the table is small (thousands of rows) and a key freed by one computer may go to another that did not change. Per
--   key the smallest bronze external id (objectGUID) wins; a loser is skipped and counted as duplicate_key. Only the
--   computers whose newest bronze version the table has not taken (and winners of freed keys) are written.

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

-- A table, not a view: the changed set and the typing both read it, and silver.nulled_by_typing compares against it.
CREATE TEMP TABLE ad_computers_source ON COMMIT DROP AS
-- The record decompressed once (most AD computer and group records are stored compressed): each -> below would
-- decompress it again, about forty times a row (issue 11). MATERIALIZED: the containers read it too.
WITH records AS MATERIALIZED (
    SELECT l.raw_id, l.external_id, l.d, x.dn,
           -- The container's DN (everything after the first comma) when the DN has no escapes: the OU names of a CN
           -- object depend on nothing else, and thousands of objects share a hundred containers.
           CASE WHEN strpos(x.dn, '\') = 0 AND strpos(x.dn, ',') > 0 THEN substr(x.dn, strpos(x.dn, ',') + 1) END AS parent
    FROM (SELECT l.raw_id, l.external_id, l.raw_data #> '{}' AS d
          FROM bronze.latest_raw_entities l
          WHERE l.source_system = 'active_directory' AND l.entity_type = 'computer'
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
       silver.ad_text(l.d -> 'sAMAccountName')                                           AS sam_account_name,
       coalesce(r.rdn_value, silver.ad_text(l.d -> 'name'))                              AS computer_name,
       silver.ad_text(l.d -> 'dNSHostName')                                              AS dns_hostname,
       r.dn                                                                              AS distinguished_name,
       CASE WHEN btrim(l.external_id) ~* '^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$'
            THEN btrim(l.external_id)::uuid END                                          AS object_guid,
       silver.ad_text(l.d -> 'objectSid')                                                AS object_sid,
       r.ous[r.depth]                                                                    AS ou_root,
       r.ous[r.depth - 1]                                                                AS ou_organization_type,
       r.ous[r.depth - 2]                                                                AS ou_organization,
       r.ous[r.depth - 3]                                                                AS ou_category,
       r.ous[r.depth - 4]                                                                AS ou_division,
       r.ous[r.depth - 5]                                                                AS ou_department,
       r.ous[r.depth - 6]                                                                AS ou_subdepartment,
       r.ous[1]                                                                          AS ou_immediate_parent,
       to_jsonb(r.ous)                                                                   AS ou_full_path,
       silver.ad_text(l.d -> 'operatingSystem')                                          AS operating_system,
       silver.ad_text(l.d -> 'operatingSystemVersion')                                   AS operating_system_version,
       silver.ad_text(l.d -> 'operatingSystemServicePack')                               AS operating_system_service_pack,
       silver.ad_text(l.d -> 'userAccountControl')                                       AS user_account_control,
       silver.ad_text(l.d -> 'isCriticalSystemObject')                                   AS is_critical_system_object,
       silver.ad_values(l.d -> 'servicePrincipalName')                                   AS service_principal_names,
       silver.ad_values(l.d -> 'networkAddress')                                         AS network_addresses,
       silver.ad_values(l.d -> 'memberOf')                                               AS member_of_groups,
       silver.ad_text(l.d -> 'managedBy')                                                AS managed_by,
       silver.ad_text(l.d -> 'description')                                              AS description,
       silver.ad_text(l.d -> 'displayName')                                              AS display_name,
       silver.ad_text(l.d -> 'pwdLastSet')                                               AS pwd_last_set,
       silver.ad_time_text(tt."accountExpires")               AS account_expires,
       silver.ad_time_text(tt."badPasswordTime")              AS bad_password_time,
       silver.ad_text(l.d -> 'badPwdCount')                                              AS bad_pwd_count,
       silver.ad_text(l.d -> 'msLAPS-PasswordExpirationTime')                            AS ms_laps_password_expiration_time,
       silver.ad_text(l.d -> 'ms-Mcs-AdmPwdExpirationTime')                              AS ms_mcs_adm_pwd_expiration_time,
       silver.ad_text(l.d -> 'msDS-SupportedEncryptionTypes')                            AS msds_supported_encryption_types,
       silver.ad_text(l.d -> 'msDS-KeyCredentialLink')                                   AS msds_key_credential_link,
       silver.ad_text(l.d -> 'userCertificate')                                          AS user_certificate,
       silver.ad_time_text(tt."lastLogon")                    AS last_logon,
       silver.ad_time_text(tt."lastLogonTimestamp")           AS last_logon_timestamp,
       silver.ad_time_text(tt."lastLogoff")                   AS last_logoff,
       silver.ad_text(l.d -> 'logonCount')                                               AS logon_count,
       silver.ad_text(l.d -> 'whenCreated')                                              AS when_created,
       silver.ad_text(l.d -> 'whenChanged')                                              AS when_changed,
       silver.ad_text(l.d -> 'uSNCreated')                                               AS usn_created,
       silver.ad_text(l.d -> 'uSNChanged')                                               AS usn_changed,
       silver.ad_values(l.d -> 'dSCorePropagationData')                                  AS ds_core_propagation_data,
       -- The rarely set attributes the original kept together , those present and not blank. Most records have none
       -- of them, which ?| (a key lookup each) answers without expanding the record with jsonb_each (50 ms of the
       -- statement's 230 for 2,202 computers, issue 11).
       CASE WHEN l.d ?| ARRAY['pager', 'networkAddress', 'msDFSR-ComputerReferenceBL', 'msDS-AllowedToActOnBehalfOfOtherIdentity',
                              'msDS-GroupMSAMembership', 'msDS-ManagedPasswordId', 'msDS-ManagedPasswordInterval',
                              'msDS-ManagedPasswordPreviousId', 'msLAPS-EncryptedPassword', 'msLAPS-EncryptedPasswordHistory',
                              'netbootSCPBL', 'mSMQDigests', 'mSMQSignCertificates', 'displayName', 'lastLogoff',
                              'badPasswordTime', 'badPwdCount']
            THEN (SELECT jsonb_object_agg(a.key, a.value ORDER BY a.key)
                  FROM jsonb_each(l.d) a
                  WHERE a.key IN ('pager', 'networkAddress', 'msDFSR-ComputerReferenceBL', 'msDS-AllowedToActOnBehalfOfOtherIdentity',
                                  'msDS-GroupMSAMembership', 'msDS-ManagedPasswordId', 'msDS-ManagedPasswordInterval',
                                  'msDS-ManagedPasswordPreviousId', 'msLAPS-EncryptedPassword', 'msLAPS-EncryptedPasswordHistory',
                                  'netbootSCPBL', 'mSMQDigests', 'mSMQSignCertificates', 'displayName', 'lastLogoff',
                                  'badPasswordTime', 'badPwdCount')
                    AND a.value NOT IN ('null'::jsonb, '""'::jsonb, '[]'::jsonb)) END            AS additional_attributes
FROM records l
LEFT JOIN containers po ON po.parent = l.parent
-- The time attributes as text, once: silver.ad_time_text reads its argument three times, so PostgreSQL would not
-- inline it around the ad_text expression and would call it as a function for every value instead.
CROSS JOIN LATERAL (
    SELECT silver.ad_text(l.d -> 'accountExpires') AS "accountExpires",
           silver.ad_text(l.d -> 'badPasswordTime') AS "badPasswordTime",
           silver.ad_text(l.d -> 'lastLogon') AS "lastLogon",
           silver.ad_text(l.d -> 'lastLogonTimestamp') AS "lastLogonTimestamp",
           silver.ad_text(l.d -> 'lastLogoff') AS "lastLogoff"
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

-- Entities read this run: newest versions the table has not taken, and tombstones of computers that still have a
-- row (on a full refresh: every entity).
CREATE TEMP TABLE ad_computers_changed ON COMMIT DROP AS
SELECT src.*
FROM ad_computers_source src
WHERE (SELECT full_refresh FROM silver_step)
   OR (NOT src.is_deleted AND NOT EXISTS (SELECT 1 FROM silver.ad_computers s WHERE s.raw_id = src.raw_id))
   OR (src.is_deleted AND EXISTS (SELECT 1 FROM silver.ad_computers s WHERE s.object_guid = src.object_guid));

-- Typed values of every live computer (see the header: keys are settled globally); unparsable, out of range or too
-- long becomes NULL (silver.nulled_by_typing names them, below).
CREATE TEMP TABLE ad_computers_typed ON COMMIT DROP AS
SELECT c.raw_id, c.external_id, t.*,
       '{}'::text[] AS nulled
FROM ad_computers_source c
CROSS JOIN LATERAL (
    SELECT CASE WHEN length(c.sam_account_name) <= 20 THEN c.sam_account_name END                   AS sam_account_name,
           CASE WHEN length(c.computer_name) <= 60 THEN c.computer_name END                         AS computer_name,
           CASE WHEN length(c.dns_hostname) <= 60 THEN c.dns_hostname END                           AS dns_hostname,
           CASE WHEN length(c.distinguished_name) <= 300 THEN c.distinguished_name END              AS distinguished_name,
           c.object_guid,
           CASE WHEN length(c.object_sid) <= 100 THEN c.object_sid END                              AS object_sid,
           CASE WHEN length(c.ou_root) <= 50 THEN c.ou_root END                                     AS ou_root,
           CASE WHEN length(c.ou_organization_type) <= 50 THEN c.ou_organization_type END           AS ou_organization_type,
           CASE WHEN length(c.ou_organization) <= 50 THEN c.ou_organization END                     AS ou_organization,
           CASE WHEN length(c.ou_category) <= 60 THEN c.ou_category END                             AS ou_category,
           CASE WHEN length(c.ou_division) <= 100 THEN c.ou_division END                            AS ou_division,
           CASE WHEN length(c.ou_department) <= 150 THEN c.ou_department END                        AS ou_department,
           CASE WHEN length(c.ou_subdepartment) <= 150 THEN c.ou_subdepartment END                  AS ou_subdepartment,
           CASE WHEN length(c.ou_immediate_parent) <= 150 THEN c.ou_immediate_parent END            AS ou_immediate_parent,
           c.ou_full_path,
           CASE WHEN length(c.operating_system) <= 50 THEN c.operating_system END                   AS operating_system,
           CASE WHEN length(c.operating_system_version) <= 20 THEN c.operating_system_version END   AS operating_system_version,
           CASE WHEN length(c.operating_system_service_pack) <= 50 THEN c.operating_system_service_pack END AS operating_system_service_pack,
           silver.ad_int(c.user_account_control)                                                    AS user_account_control,
           silver.ad_bool(c.is_critical_system_object)                                              AS is_critical_system_object,
           c.service_principal_names, c.network_addresses, c.member_of_groups,
           CASE WHEN length(c.managed_by) <= 250 THEN c.managed_by END                              AS managed_by,
           CASE WHEN length(c.description) <= 300 THEN c.description END                            AS description,
           CASE WHEN length(c.display_name) <= 100 THEN c.display_name END                          AS display_name,
           silver.ad_time(c.pwd_last_set)                                                           AS pwd_last_set,
           silver.ad_time(c.account_expires)                                                        AS account_expires,
           silver.ad_time(c.bad_password_time)                                                      AS bad_password_time,
           silver.ad_int(c.bad_pwd_count)                                                           AS bad_pwd_count,
           silver.ad_bigint(c.ms_laps_password_expiration_time)                                     AS ms_laps_password_expiration_time,
           silver.ad_bigint(c.ms_mcs_adm_pwd_expiration_time)                                       AS ms_mcs_adm_pwd_expiration_time,
           silver.ad_int(c.msds_supported_encryption_types)                                         AS msds_supported_encryption_types,
           c.msds_key_credential_link, c.user_certificate,
           silver.ad_time(c.last_logon)                                                             AS last_logon,
           silver.ad_time(c.last_logon_timestamp)                                                   AS last_logon_timestamp,
           silver.ad_time(c.last_logoff)                                                            AS last_logoff,
           silver.ad_int(c.logon_count)                                                             AS logon_count,
           silver.ad_time(c.when_created)                                                           AS when_created,
           silver.ad_time(c.when_changed)                                                           AS when_changed,
           silver.ad_bigint(c.usn_created)                                                          AS usn_created,
           silver.ad_bigint(c.usn_changed)                                                          AS usn_changed,
           c.ds_core_propagation_data, c.additional_attributes
    -- OFFSET 0 types each row once.
    OFFSET 0
) t
WHERE NOT c.is_deleted;

-- The values typing nulled, named by comparing the source and typed tables column by column (silver.nulled_by_typing
-- reads the columns from the catalog, so a column added to the typing is checked without being listed again).
UPDATE ad_computers_typed t
SET nulled = n.nulled
FROM silver.nulled_by_typing('ad_computers_source', 'ad_computers_typed') n
WHERE t.raw_id = n.key;

-- The NOT NULL columns a typed row lacks: such a row is unusable.
CREATE TEMP TABLE ad_computers_missing ON COMMIT DROP AS
SELECT t.raw_id, m.column_name
FROM ad_computers_typed t
CROSS JOIN LATERAL (VALUES ('sam_account_name', t.sam_account_name IS NULL), ('computer_name', t.computer_name IS NULL),
                           ('distinguished_name', t.distinguished_name IS NULL), ('object_guid', t.object_guid IS NULL),
                           ('object_sid', t.object_sid IS NULL), ('user_account_control', t.user_account_control IS NULL),
                           ('pwd_last_set', t.pwd_last_set IS NULL), ('when_created', t.when_created IS NULL),
                           ('when_changed', t.when_changed IS NULL), ('usn_created', t.usn_created IS NULL),
                           ('usn_changed', t.usn_changed IS NULL)) m (column_name, missing)
WHERE m.missing;

-- The winners of the three unique keys among usable rows, in turn, the smallest external id first.
CREATE TEMP TABLE ad_computers_rows ON COMMIT DROP AS
SELECT DISTINCT ON (object_guid) *
FROM (SELECT DISTINCT ON (computer_name) *
      FROM (SELECT DISTINCT ON (sam_account_name) *
            FROM ad_computers_typed t
            WHERE NOT EXISTS (SELECT 1 FROM ad_computers_missing m WHERE m.raw_id = t.raw_id)
            ORDER BY sam_account_name, external_id) by_sam
      ORDER BY computer_name, external_id) by_name
ORDER BY object_guid, external_id;

-- Rows to write: winners the table does not hold yet in this version (on a full refresh: every winner).
CREATE TEMP TABLE ad_computers_write ON COMMIT DROP AS
SELECT r.*
FROM ad_computers_rows r
WHERE (SELECT full_refresh FROM silver_step)
   OR NOT EXISTS (SELECT 1 FROM silver.ad_computers s WHERE s.sam_account_name = r.sam_account_name AND s.raw_id = r.raw_id);

-- Every row no winner keeps with the same three keys goes first, in a statement of its own: a unique value it holds may
-- move to a row written below (a computer renamed, a name taken over from a departed one), and in one statement the
-- insert may run before a data-modifying WITH's delete, whatever their order, and fail on the index. A winner's row that
-- keeps its keys is updated in place.
CREATE TEMP TABLE ad_computers_removed (n bigint) ON COMMIT DROP;
WITH removed AS (
    DELETE FROM silver.ad_computers s
    WHERE NOT EXISTS (SELECT 1 FROM ad_computers_rows r
                      WHERE r.sam_account_name = s.sam_account_name AND r.computer_name = s.computer_name
                        AND r.object_guid = s.object_guid)
    RETURNING 1
)
INSERT INTO ad_computers_removed SELECT count(*) FROM removed;

WITH written AS (
    INSERT INTO silver.ad_computers AS s (
        sam_account_name, computer_name, dns_hostname, distinguished_name, object_guid, object_sid,
        ou_root, ou_organization_type, ou_organization, ou_category, ou_division, ou_department, ou_subdepartment,
        ou_immediate_parent, ou_full_path, operating_system, operating_system_version, operating_system_service_pack,
        is_enabled, user_account_control, is_critical_system_object, service_principal_names, network_addresses,
        member_of_groups, managed_by, description, display_name, pwd_last_set, account_expires, bad_password_time,
        bad_pwd_count, ms_laps_password_expiration_time, ms_mcs_adm_pwd_expiration_time, msds_supported_encryption_types,
        msds_key_credential_link, user_certificate, last_logon, last_logon_timestamp, last_logoff, logon_count,
        when_created, when_changed, usn_created, usn_changed, ds_core_propagation_data, additional_attributes,
        raw_id, entity_hash, ingestion_run_id)
    SELECT w.sam_account_name, w.computer_name, w.dns_hostname, w.distinguished_name, w.object_guid, w.object_sid,
           w.ou_root, w.ou_organization_type, w.ou_organization, w.ou_category, w.ou_division, w.ou_department, w.ou_subdepartment,
           w.ou_immediate_parent, w.ou_full_path, w.operating_system, w.operating_system_version, w.operating_system_service_pack,
           (w.user_account_control & 2) = 0, w.user_account_control, w.is_critical_system_object, w.service_principal_names, w.network_addresses,
           w.member_of_groups, w.managed_by, w.description, w.display_name, w.pwd_last_set, w.account_expires, w.bad_password_time,
           w.bad_pwd_count, w.ms_laps_password_expiration_time, w.ms_mcs_adm_pwd_expiration_time, w.msds_supported_encryption_types,
           w.msds_key_credential_link, w.user_certificate, w.last_logon, w.last_logon_timestamp, w.last_logoff, w.logon_count,
           w.when_created, w.when_changed, w.usn_created, w.usn_changed, w.ds_core_propagation_data, w.additional_attributes,
           w.raw_id,
           -- The content hash: SHA-256 of the text of (to_jsonb(w) - ARRAY['raw_id', 'external_id', 'nulled']), written out
           -- as that text (keys in jsonb's order: shorter first, then bytewise; each value as to_jsonb prints it) because
           -- to_jsonb of the whole row sorted and converted 50 columns per row, 30 of this statement's 150 ms for 2,202
           -- computers (issue 11). A column added to the table goes here too, at its place in that order.
           encode(sha256(convert_to(
           '{"ou_root": ' || coalesce(to_json(w.ou_root)::text, 'null') ||
           ', "last_logon": ' || coalesce(to_json(w.last_logon)::text, 'null') ||
           ', "managed_by": ' || coalesce(to_json(w.managed_by)::text, 'null') ||
           ', "object_sid": ' || coalesce(to_json(w.object_sid)::text, 'null') ||
           ', "description": ' || coalesce(to_json(w.description)::text, 'null') ||
           ', "last_logoff": ' || coalesce(to_json(w.last_logoff)::text, 'null') ||
           ', "logon_count": ' || coalesce(w.logon_count::text, 'null') ||
           ', "object_guid": ' || coalesce(to_json(w.object_guid)::text, 'null') ||
           ', "ou_category": ' || coalesce(to_json(w.ou_category)::text, 'null') ||
           ', "ou_division": ' || coalesce(to_json(w.ou_division)::text, 'null') ||
           ', "usn_changed": ' || coalesce(w.usn_changed::text, 'null') ||
           ', "usn_created": ' || coalesce(w.usn_created::text, 'null') ||
           ', "display_name": ' || coalesce(to_json(w.display_name)::text, 'null') ||
           ', "dns_hostname": ' || coalesce(to_json(w.dns_hostname)::text, 'null') ||
           ', "ou_full_path": ' || coalesce(w.ou_full_path::text, 'null') ||
           ', "pwd_last_set": ' || coalesce(to_json(w.pwd_last_set)::text, 'null') ||
           ', "when_changed": ' || coalesce(to_json(w.when_changed)::text, 'null') ||
           ', "when_created": ' || coalesce(to_json(w.when_created)::text, 'null') ||
           ', "bad_pwd_count": ' || coalesce(w.bad_pwd_count::text, 'null') ||
           ', "computer_name": ' || coalesce(to_json(w.computer_name)::text, 'null') ||
           ', "ou_department": ' || coalesce(to_json(w.ou_department)::text, 'null') ||
           ', "account_expires": ' || coalesce(to_json(w.account_expires)::text, 'null') ||
           ', "ou_organization": ' || coalesce(to_json(w.ou_organization)::text, 'null') ||
           ', "member_of_groups": ' || coalesce(w.member_of_groups::text, 'null') ||
           ', "operating_system": ' || coalesce(to_json(w.operating_system)::text, 'null') ||
           ', "ou_subdepartment": ' || coalesce(to_json(w.ou_subdepartment)::text, 'null') ||
           ', "sam_account_name": ' || coalesce(to_json(w.sam_account_name)::text, 'null') ||
           ', "user_certificate": ' || coalesce(to_json(w.user_certificate)::text, 'null') ||
           ', "bad_password_time": ' || coalesce(to_json(w.bad_password_time)::text, 'null') ||
           ', "network_addresses": ' || coalesce(w.network_addresses::text, 'null') ||
           ', "distinguished_name": ' || coalesce(to_json(w.distinguished_name)::text, 'null') ||
           ', "ou_immediate_parent": ' || coalesce(to_json(w.ou_immediate_parent)::text, 'null') ||
           ', "last_logon_timestamp": ' || coalesce(to_json(w.last_logon_timestamp)::text, 'null') ||
           ', "ou_organization_type": ' || coalesce(to_json(w.ou_organization_type)::text, 'null') ||
           ', "user_account_control": ' || coalesce(w.user_account_control::text, 'null') ||
           ', "additional_attributes": ' || coalesce(w.additional_attributes::text, 'null') ||
           ', "service_principal_names": ' || coalesce(w.service_principal_names::text, 'null') ||
           ', "ds_core_propagation_data": ' || coalesce(w.ds_core_propagation_data::text, 'null') ||
           ', "msds_key_credential_link": ' || coalesce(to_json(w.msds_key_credential_link)::text, 'null') ||
           ', "operating_system_version": ' || coalesce(to_json(w.operating_system_version)::text, 'null') ||
           ', "is_critical_system_object": ' || coalesce(w.is_critical_system_object::text, 'null') ||
           ', "operating_system_service_pack": ' || coalesce(to_json(w.operating_system_service_pack)::text, 'null') ||
           ', "ms_mcs_adm_pwd_expiration_time": ' || coalesce(w.ms_mcs_adm_pwd_expiration_time::text, 'null') ||
           ', "msds_supported_encryption_types": ' || coalesce(w.msds_supported_encryption_types::text, 'null') ||
           ', "ms_laps_password_expiration_time": ' || coalesce(w.ms_laps_password_expiration_time::text, 'null') || '}'
           , 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM ad_computers_write w
    ON CONFLICT (sam_account_name) DO UPDATE
    SET dns_hostname = EXCLUDED.dns_hostname, distinguished_name = EXCLUDED.distinguished_name, object_sid = EXCLUDED.object_sid,
        ou_root = EXCLUDED.ou_root, ou_organization_type = EXCLUDED.ou_organization_type, ou_organization = EXCLUDED.ou_organization,
        ou_category = EXCLUDED.ou_category, ou_division = EXCLUDED.ou_division, ou_department = EXCLUDED.ou_department,
        ou_subdepartment = EXCLUDED.ou_subdepartment, ou_immediate_parent = EXCLUDED.ou_immediate_parent,
        ou_full_path = EXCLUDED.ou_full_path, operating_system = EXCLUDED.operating_system,
        operating_system_version = EXCLUDED.operating_system_version,
        operating_system_service_pack = EXCLUDED.operating_system_service_pack, is_enabled = EXCLUDED.is_enabled,
        user_account_control = EXCLUDED.user_account_control, is_critical_system_object = EXCLUDED.is_critical_system_object,
        service_principal_names = EXCLUDED.service_principal_names, network_addresses = EXCLUDED.network_addresses,
        member_of_groups = EXCLUDED.member_of_groups, managed_by = EXCLUDED.managed_by, description = EXCLUDED.description,
        display_name = EXCLUDED.display_name, pwd_last_set = EXCLUDED.pwd_last_set, account_expires = EXCLUDED.account_expires,
        bad_password_time = EXCLUDED.bad_password_time, bad_pwd_count = EXCLUDED.bad_pwd_count,
        ms_laps_password_expiration_time = EXCLUDED.ms_laps_password_expiration_time,
        ms_mcs_adm_pwd_expiration_time = EXCLUDED.ms_mcs_adm_pwd_expiration_time,
        msds_supported_encryption_types = EXCLUDED.msds_supported_encryption_types,
        msds_key_credential_link = EXCLUDED.msds_key_credential_link, user_certificate = EXCLUDED.user_certificate,
        last_logon = EXCLUDED.last_logon, last_logon_timestamp = EXCLUDED.last_logon_timestamp, last_logoff = EXCLUDED.last_logoff,
        logon_count = EXCLUDED.logon_count, when_created = EXCLUDED.when_created, when_changed = EXCLUDED.when_changed,
        usn_created = EXCLUDED.usn_created, usn_changed = EXCLUDED.usn_changed,
        ds_core_propagation_data = EXCLUDED.ds_core_propagation_data, additional_attributes = EXCLUDED.additional_attributes,
        raw_id = EXCLUDED.raw_id, entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id,
        updated_at = CURRENT_TIMESTAMP
    -- A new bronze version with the same content only moves the lineage (raw_id), so it is not read again.
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM ad_computers_changed)                                 AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                      AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)                  AS updated,
       (SELECT n FROM ad_computers_removed)                                        AS deleted,
       (SELECT count(*) FROM ad_computers_changed c
        WHERE NOT c.is_deleted AND NOT EXISTS (SELECT 1 FROM ad_computers_rows r WHERE r.raw_id = c.raw_id)) AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'invalid:' || unnest(t.nulled) AS outcome
                    FROM ad_computers_typed t JOIN ad_computers_changed c ON c.raw_id = t.raw_id
                    UNION ALL
                    SELECT 'missing:' || m.column_name
                    FROM ad_computers_missing m JOIN ad_computers_changed c ON c.raw_id = m.raw_id
                    -- a value nulled for being invalid is already counted as invalid
                    JOIN ad_computers_typed t ON t.raw_id = m.raw_id
                    WHERE NOT (m.column_name = ANY (t.nulled))
                    UNION ALL
                    SELECT 'duplicate_key'
                    FROM ad_computers_typed t JOIN ad_computers_changed c ON c.raw_id = t.raw_id
                    WHERE NOT EXISTS (SELECT 1 FROM ad_computers_missing m WHERE m.raw_id = t.raw_id)
                      AND NOT EXISTS (SELECT 1 FROM ad_computers_rows r WHERE r.raw_id = t.raw_id)) outcomes
              GROUP BY outcome) counted)                                           AS quality;
