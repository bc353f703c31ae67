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

-- How this file spends its CPU (issue 11, 152,067 people at scale 0.25): one pass over the newest versions reads, cleans
-- and types the changed entities into one temp table; each value is looked up in the record once; work that depends
-- on the container of a DN alone (the OU columns) is done once per container, not once per person.

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

-- Entities to process (newest versions the table has not taken, and tombstones of entities that still have a row; on a
-- full refresh every entity), with their values typed. The changed filter reads only the key and lineage, and the
-- values are read in LATERAL layers above it (OFFSET 0 keeps them there), so an unchanged entity costs no parsing.
-- Tombstones are kept (is_deleted) for the counts and the removal; their values are never read below.
--
-- A text attribute is read with ->> once: a value that can only be a JSON string (its text starts with none of
-- the characters a number, array, object or boolean starts with) is cleaned as silver.ad_text would clean it; any
-- other goes through silver.ad_text itself, so every input gives what silver.ad_text gives. Attributes that usually
-- hold digits (integers, times) go through silver.ad_text directly.
--
-- The DN: for a DN without escapes (nearly all) the leaf, the CN and the parent DN are split with string functions
-- (silver.ad_dn_leaf, silver.ad_rdn_value and silver.ad_dn_parent give the same there: their regular expressions
-- only act on backslashes); a DN with escapes goes through those functions. ad_dn_key is what silver.ad_dn_ous
-- reads of the DN: for a DN without escapes the part from the first comma (silver.ad_dn_ous(dn, false) equals
-- silver.ad_dn_ous(',' || <after the first comma>, false)), otherwise the DN; the OU columns are computed once per key
-- (ad_users_ous, below): 152,067 people live in a handful of containers.
CREATE TEMP TABLE ad_users_typed ON COMMIT DROP AS
SELECT c.raw_id, c.external_id, c.is_deleted, c.ad_user_guid,
       z.rdn_value AS cn, lower(z.rdn_value) AS uniqname, coalesce(y.name_attr, z.rdn_value) AS name, z.dn AS distinguished_name,
       y.sam_account_name,
           y.user_principal_name,
           y.display_name,
           y.initials,
           y.title,
           y.description,
           y.mobile,
           y.other_mobile,
           y.facsimile_telephone_number,
           y.street_address,
           y.proxy_addresses,
           y.department,
           y.umichad_ou,
           y.umichad_role,
           y.object_sid,
           y.sid_history,
           y.object_class,
           y.object_category,
           y.member_of,
           y.home_directory,
           y.home_drive,
           y.login_shell,
           y.employee_type,
           y.first_name,
           y.last_name,
           y.primary_email,
           y.work_phone,
       t.user_account_control,
           t.bad_pwd_count,
           t.logon_count,
           t.usn_created,
           t.usn_changed,
           t.instance_type,
           t.primary_group_id,
           t.uid_number,
           t.gid_number,
           t.account_expires,
           t.pwd_last_set,
           t.last_logon,
           t.last_logon_timestamp,
           t.last_logoff,
           t.bad_password_time,
           t.lockout_time,
           t.when_created,
           t.when_changed,
       z.ad_dn_key, t.parent_ou_dn,
       -- The values typing nulled (counted as invalid:<column>): nearly every row lost none, which num_nonnulls of
       -- the source and typed values tells without building an array (a typed value is NULL whenever its source is).
       CASE WHEN num_nonnulls(y.user_account_control, y.bad_pwd_count, y.logon_count, y.usn_created, y.usn_changed, y.instance_type, y.primary_group_id, y.uid_number, y.gid_number, y.account_expires, y.pwd_last_set, y.last_logon, y.last_logon_timestamp, y.last_logoff, y.bad_password_time, y.lockout_time, y.when_created, y.when_changed, z.parent_ou_dn)
               = num_nonnulls(t.user_account_control, t.bad_pwd_count, t.logon_count, t.usn_created, t.usn_changed, t.instance_type, t.primary_group_id, t.uid_number, t.gid_number, t.account_expires, t.pwd_last_set, t.last_logon, t.last_logon_timestamp, t.last_logoff, t.bad_password_time, t.lockout_time, t.when_created, t.when_changed, t.parent_ou_dn)
            THEN '{}'::text[]
            ELSE array_remove(ARRAY[
                   CASE WHEN y.user_account_control IS NOT NULL AND t.user_account_control IS NULL THEN 'user_account_control' END,
                   CASE WHEN y.bad_pwd_count IS NOT NULL AND t.bad_pwd_count IS NULL THEN 'bad_pwd_count' END,
                   CASE WHEN y.logon_count IS NOT NULL AND t.logon_count IS NULL THEN 'logon_count' END,
                   CASE WHEN y.usn_created IS NOT NULL AND t.usn_created IS NULL THEN 'usn_created' END,
                   CASE WHEN y.usn_changed IS NOT NULL AND t.usn_changed IS NULL THEN 'usn_changed' END,
                   CASE WHEN y.instance_type IS NOT NULL AND t.instance_type IS NULL THEN 'instance_type' END,
                   CASE WHEN y.primary_group_id IS NOT NULL AND t.primary_group_id IS NULL THEN 'primary_group_id' END,
                   CASE WHEN y.uid_number IS NOT NULL AND t.uid_number IS NULL THEN 'uid_number' END,
                   CASE WHEN y.gid_number IS NOT NULL AND t.gid_number IS NULL THEN 'gid_number' END,
                   CASE WHEN y.account_expires IS NOT NULL AND t.account_expires IS NULL THEN 'account_expires' END,
                   CASE WHEN y.pwd_last_set IS NOT NULL AND t.pwd_last_set IS NULL THEN 'pwd_last_set' END,
                   CASE WHEN y.last_logon IS NOT NULL AND t.last_logon IS NULL THEN 'last_logon' END,
                   CASE WHEN y.last_logon_timestamp IS NOT NULL AND t.last_logon_timestamp IS NULL THEN 'last_logon_timestamp' END,
                   CASE WHEN y.last_logoff IS NOT NULL AND t.last_logoff IS NULL THEN 'last_logoff' END,
                   CASE WHEN y.bad_password_time IS NOT NULL AND t.bad_password_time IS NULL THEN 'bad_password_time' END,
                   CASE WHEN y.lockout_time IS NOT NULL AND t.lockout_time IS NULL THEN 'lockout_time' END,
                   CASE WHEN y.when_created IS NOT NULL AND t.when_created IS NULL THEN 'when_created' END,
                   CASE WHEN y.when_changed IS NOT NULL AND t.when_changed IS NULL THEN 'when_changed' END,
                   CASE WHEN z.parent_ou_dn IS NOT NULL AND t.parent_ou_dn IS NULL THEN 'parent_ou_dn' END]::text[], NULL) END AS nulled
FROM (
    SELECT l.raw_id, l.external_id, l.is_deleted, l.raw_data, l.ad_user_guid
    FROM (
        SELECT l.raw_id, l.external_id, l.is_deleted, l.raw_data,
               -- A valid objectGUID, braces optional. The exact shape bronze writes ({8-4-4-4-12}, hex digits) is
               -- checked without the case-insensitive pattern (several times cheaper); anything else goes to it.
               CASE WHEN l.external_id LIKE '{________-____-____-____-____________}'
                         AND substr(l.external_id, 2, 36) !~ '[^-0-9a-fA-F]' AND length(replace(l.external_id, '-', '')) = 34
                        THEN l.external_id::uuid
                    WHEN btrim(l.external_id) ~* '^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$'
                        THEN btrim(l.external_id)::uuid END AS ad_user_guid
        FROM bronze.latest_raw_entities l
        WHERE l.source_system = 'active_directory' AND l.entity_type = 'user'
          AND NOT coalesce(l.raw_data -> 'objectClass' ? 'computer', false)
        -- OFFSET 0: the GUID once per version, not again for the join below.
        OFFSET 0) l
    LEFT JOIN silver.ad_users s ON s.ad_user_guid = l.ad_user_guid
    WHERE (SELECT full_refresh FROM silver_step)
       OR (NOT l.is_deleted AND s.raw_id IS DISTINCT FROM l.raw_id)
       OR (l.is_deleted AND s.raw_id IS NOT NULL)
    OFFSET 0
) c
CROSS JOIN LATERAL (
    SELECT c.raw_data ->> 'name' AS "name",
           c.raw_data ->> 'sAMAccountName' AS "sAMAccountName",
           c.raw_data ->> 'userPrincipalName' AS "userPrincipalName",
           c.raw_data ->> 'displayName' AS "displayName",
           c.raw_data ->> 'initials' AS "initials",
           c.raw_data ->> 'title' AS "title",
           c.raw_data ->> 'description' AS "description",
           c.raw_data ->> 'mobile' AS "mobile",
           c.raw_data ->> 'otherMobile' AS "otherMobile",
           c.raw_data ->> 'facsimileTelephoneNumber' AS "facsimileTelephoneNumber",
           c.raw_data ->> 'streetAddress' AS "streetAddress",
           c.raw_data ->> 'department' AS "department",
           c.raw_data ->> 'objectSid' AS "objectSid",
           c.raw_data ->> 'objectCategory' AS "objectCategory",
           c.raw_data ->> 'homeDirectory' AS "homeDirectory",
           c.raw_data ->> 'homeDrive' AS "homeDrive",
           c.raw_data ->> 'loginShell' AS "loginShell",
           c.raw_data ->> 'employeeType' AS "employeeType",
           c.raw_data ->> 'givenName' AS "givenName",
           c.raw_data ->> 'sn' AS "sn",
           c.raw_data ->> 'mail' AS "mail",
           c.raw_data ->> 'telephoneNumber' AS "telephoneNumber",
           c.raw_data ->> 'distinguishedName' AS "distinguishedName",
           c.raw_data ->> 'dn' AS "dn",
           c.raw_data -> 'userAccountControl' AS "userAccountControl",
           c.raw_data -> 'badPwdCount' AS "badPwdCount",
           c.raw_data -> 'logonCount' AS "logonCount",
           c.raw_data -> 'uSNCreated' AS "uSNCreated",
           c.raw_data -> 'uSNChanged' AS "uSNChanged",
           c.raw_data -> 'instanceType' AS "instanceType",
           c.raw_data -> 'primaryGroupID' AS "primaryGroupID",
           c.raw_data -> 'uidNumber' AS "uidNumber",
           c.raw_data -> 'gidNumber' AS "gidNumber",
           c.raw_data -> 'accountExpires' AS "accountExpires",
           c.raw_data -> 'pwdLastSet' AS "pwdLastSet",
           c.raw_data -> 'lastLogon' AS "lastLogon",
           c.raw_data -> 'lastLogonTimestamp' AS "lastLogonTimestamp",
           c.raw_data -> 'lastLogoff' AS "lastLogoff",
           c.raw_data -> 'badPasswordTime' AS "badPasswordTime",
           c.raw_data -> 'lockoutTime' AS "lockoutTime",
           c.raw_data -> 'whenCreated' AS "whenCreated",
           c.raw_data -> 'whenChanged' AS "whenChanged",
           c.raw_data -> 'proxyAddresses' AS "proxyAddresses",
           c.raw_data -> 'umichadOU' AS "umichadOU",
           c.raw_data -> 'umichadRole' AS "umichadRole",
           c.raw_data -> 'sIDHistory' AS "sIDHistory",
           c.raw_data -> 'objectClass' AS "objectClass",
           c.raw_data -> 'memberOf' AS "memberOf"
    OFFSET 0
) x
CROSS JOIN LATERAL (
    -- Each jsonb value above is looked up once; silver.ad_text and silver.ad_values read it several times.
    SELECT silver.ad_text(x."userAccountControl") AS "userAccountControl",
           silver.ad_text(x."badPwdCount") AS "badPwdCount",
           silver.ad_text(x."logonCount") AS "logonCount",
           silver.ad_text(x."uSNCreated") AS "uSNCreated",
           silver.ad_text(x."uSNChanged") AS "uSNChanged",
           silver.ad_text(x."instanceType") AS "instanceType",
           silver.ad_text(x."primaryGroupID") AS "primaryGroupID",
           silver.ad_text(x."uidNumber") AS "uidNumber",
           silver.ad_text(x."gidNumber") AS "gidNumber",
           silver.ad_text(x."accountExpires") AS "accountExpires",
           silver.ad_text(x."pwdLastSet") AS "pwdLastSet",
           silver.ad_text(x."lastLogon") AS "lastLogon",
           silver.ad_text(x."lastLogonTimestamp") AS "lastLogonTimestamp",
           silver.ad_text(x."lastLogoff") AS "lastLogoff",
           silver.ad_text(x."badPasswordTime") AS "badPasswordTime",
           silver.ad_text(x."lockoutTime") AS "lockoutTime",
           silver.ad_text(x."whenCreated") AS "whenCreated",
           silver.ad_text(x."whenChanged") AS "whenChanged",
           x."proxyAddresses",
           x."umichadOU",
           x."umichadRole",
           x."sIDHistory",
           x."objectClass",
           x."memberOf"
    OFFSET 0
) x2
CROSS JOIN LATERAL (
    SELECT CASE WHEN ascii(x."name") BETWEEN 48 AND 57 OR ascii(x."name") IN (45, 91, 123) OR x."name" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'name') ELSE silver.clean_text(x."name") END AS name_attr,
           CASE WHEN ascii(x."sAMAccountName") BETWEEN 48 AND 57 OR ascii(x."sAMAccountName") IN (45, 91, 123) OR x."sAMAccountName" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'sAMAccountName') ELSE silver.clean_text(x."sAMAccountName") END AS sam_account_name,
           CASE WHEN ascii(x."userPrincipalName") BETWEEN 48 AND 57 OR ascii(x."userPrincipalName") IN (45, 91, 123) OR x."userPrincipalName" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'userPrincipalName') ELSE silver.clean_text(x."userPrincipalName") END AS user_principal_name,
           CASE WHEN ascii(x."displayName") BETWEEN 48 AND 57 OR ascii(x."displayName") IN (45, 91, 123) OR x."displayName" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'displayName') ELSE silver.clean_text(x."displayName") END AS display_name,
           CASE WHEN ascii(x."initials") BETWEEN 48 AND 57 OR ascii(x."initials") IN (45, 91, 123) OR x."initials" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'initials') ELSE silver.clean_text(x."initials") END AS initials,
           CASE WHEN ascii(x."title") BETWEEN 48 AND 57 OR ascii(x."title") IN (45, 91, 123) OR x."title" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'title') ELSE silver.clean_text(x."title") END AS title,
           CASE WHEN ascii(x."description") BETWEEN 48 AND 57 OR ascii(x."description") IN (45, 91, 123) OR x."description" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'description') ELSE silver.clean_text(x."description") END AS description,
           CASE WHEN ascii(x."mobile") BETWEEN 48 AND 57 OR ascii(x."mobile") IN (45, 91, 123) OR x."mobile" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'mobile') ELSE silver.clean_text(x."mobile") END AS mobile,
           CASE WHEN ascii(x."otherMobile") BETWEEN 48 AND 57 OR ascii(x."otherMobile") IN (45, 91, 123) OR x."otherMobile" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'otherMobile') ELSE silver.clean_text(x."otherMobile") END AS other_mobile,
           CASE WHEN ascii(x."facsimileTelephoneNumber") BETWEEN 48 AND 57 OR ascii(x."facsimileTelephoneNumber") IN (45, 91, 123) OR x."facsimileTelephoneNumber" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'facsimileTelephoneNumber') ELSE silver.clean_text(x."facsimileTelephoneNumber") END AS facsimile_telephone_number,
           CASE WHEN ascii(x."streetAddress") BETWEEN 48 AND 57 OR ascii(x."streetAddress") IN (45, 91, 123) OR x."streetAddress" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'streetAddress') ELSE silver.clean_text(x."streetAddress") END AS street_address,
           CASE WHEN ascii(x."department") BETWEEN 48 AND 57 OR ascii(x."department") IN (45, 91, 123) OR x."department" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'department') ELSE silver.clean_text(x."department") END AS department,
           CASE WHEN ascii(x."objectSid") BETWEEN 48 AND 57 OR ascii(x."objectSid") IN (45, 91, 123) OR x."objectSid" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'objectSid') ELSE silver.clean_text(x."objectSid") END AS object_sid,
           CASE WHEN ascii(x."objectCategory") BETWEEN 48 AND 57 OR ascii(x."objectCategory") IN (45, 91, 123) OR x."objectCategory" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'objectCategory') ELSE silver.clean_text(x."objectCategory") END AS object_category,
           CASE WHEN ascii(x."homeDirectory") BETWEEN 48 AND 57 OR ascii(x."homeDirectory") IN (45, 91, 123) OR x."homeDirectory" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'homeDirectory') ELSE silver.clean_text(x."homeDirectory") END AS home_directory,
           CASE WHEN ascii(x."homeDrive") BETWEEN 48 AND 57 OR ascii(x."homeDrive") IN (45, 91, 123) OR x."homeDrive" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'homeDrive') ELSE silver.clean_text(x."homeDrive") END AS home_drive,
           CASE WHEN ascii(x."loginShell") BETWEEN 48 AND 57 OR ascii(x."loginShell") IN (45, 91, 123) OR x."loginShell" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'loginShell') ELSE silver.clean_text(x."loginShell") END AS login_shell,
           CASE WHEN ascii(x."employeeType") BETWEEN 48 AND 57 OR ascii(x."employeeType") IN (45, 91, 123) OR x."employeeType" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'employeeType') ELSE silver.clean_text(x."employeeType") END AS employee_type,
           CASE WHEN ascii(x."givenName") BETWEEN 48 AND 57 OR ascii(x."givenName") IN (45, 91, 123) OR x."givenName" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'givenName') ELSE silver.clean_text(x."givenName") END AS first_name,
           CASE WHEN ascii(x."sn") BETWEEN 48 AND 57 OR ascii(x."sn") IN (45, 91, 123) OR x."sn" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'sn') ELSE silver.clean_text(x."sn") END AS last_name,
           CASE WHEN ascii(x."mail") BETWEEN 48 AND 57 OR ascii(x."mail") IN (45, 91, 123) OR x."mail" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'mail') ELSE silver.clean_text(x."mail") END AS primary_email,
           CASE WHEN ascii(x."telephoneNumber") BETWEEN 48 AND 57 OR ascii(x."telephoneNumber") IN (45, 91, 123) OR x."telephoneNumber" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'telephoneNumber') ELSE silver.clean_text(x."telephoneNumber") END AS work_phone,
           CASE WHEN ascii(x."distinguishedName") BETWEEN 48 AND 57 OR ascii(x."distinguishedName") IN (45, 91, 123) OR x."distinguishedName" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'distinguishedName') ELSE silver.clean_text(x."distinguishedName") END AS dn_attr,
           CASE WHEN ascii(x."dn") BETWEEN 48 AND 57 OR ascii(x."dn") IN (45, 91, 123) OR x."dn" IN ('true', 'false')
                THEN silver.ad_text(c.raw_data -> 'dn') ELSE silver.clean_text(x."dn") END AS dn_key_attr,
           silver.ad_values(x2."proxyAddresses") AS proxy_addresses,
           silver.ad_values(x2."umichadOU") AS umichad_ou,
           silver.ad_values(x2."umichadRole") AS umichad_role,
           silver.ad_values(x2."sIDHistory") AS sid_history,
           silver.ad_values(x2."objectClass") AS object_class,
           silver.ad_values(x2."memberOf") AS member_of,
           x2."userAccountControl" AS user_account_control,
           x2."badPwdCount" AS bad_pwd_count,
           x2."logonCount" AS logon_count,
           x2."uSNCreated" AS usn_created,
           x2."uSNChanged" AS usn_changed,
           x2."instanceType" AS instance_type,
           x2."primaryGroupID" AS primary_group_id,
           x2."uidNumber" AS uid_number,
           x2."gidNumber" AS gid_number,
           silver.ad_time_text(x2."accountExpires") AS account_expires,
           silver.ad_time_text(x2."pwdLastSet") AS pwd_last_set,
           silver.ad_time_text(x2."lastLogon") AS last_logon,
           silver.ad_time_text(x2."lastLogonTimestamp") AS last_logon_timestamp,
           silver.ad_time_text(x2."lastLogoff") AS last_logoff,
           silver.ad_time_text(x2."badPasswordTime") AS bad_password_time,
           silver.ad_time_text(x2."lockoutTime") AS lockout_time,
           silver.ad_time_text(x2."whenCreated") AS when_created,
           silver.ad_time_text(x2."whenChanged") AS when_changed
    OFFSET 0
) y
CROSS JOIN LATERAL (
    SELECT d.dn,
           CASE WHEN upper(btrim(split_part(d.leaf, '=', 1))) = 'CN'
                THEN CASE WHEN strpos(d.leaf, '\') = 0 THEN btrim(substr(d.leaf, strpos(d.leaf, '=') + 1)) ELSE silver.ad_rdn_value(d.leaf) END
           END AS rdn_value,
           CASE WHEN strpos(d.dn, '\') = 0
                THEN CASE WHEN strpos(d.dn, ',') > 1 THEN substr(d.dn, strpos(d.dn, ',') + 1) END
                ELSE silver.ad_dn_parent(d.dn) END AS parent_ou_dn,
           CASE WHEN strpos(d.dn, '\') = 0 AND strpos(d.dn, ',') > 0 THEN substr(d.dn, strpos(d.dn, ',')) ELSE d.dn END AS ad_dn_key
    FROM (SELECT dn.dn, silver.ad_dn_leaf(dn.dn) AS leaf
          FROM (SELECT coalesce(y.dn_attr, y.dn_key_attr) AS dn OFFSET 0) dn
          OFFSET 0) d
) z
CROSS JOIN LATERAL (
    SELECT silver.ad_int(y.user_account_control) AS user_account_control,
           silver.ad_int(y.bad_pwd_count) AS bad_pwd_count,
           silver.ad_int(y.logon_count) AS logon_count,
           silver.ad_bigint(y.usn_created) AS usn_created,
           silver.ad_bigint(y.usn_changed) AS usn_changed,
           silver.ad_int(y.instance_type) AS instance_type,
           silver.ad_int(y.primary_group_id) AS primary_group_id,
           silver.ad_bigint(y.uid_number) AS uid_number,
           silver.ad_bigint(y.gid_number) AS gid_number,
           silver.ad_time(y.account_expires) AS account_expires,
           silver.ad_time(y.pwd_last_set) AS pwd_last_set,
           silver.ad_time(y.last_logon) AS last_logon,
           silver.ad_time(y.last_logon_timestamp) AS last_logon_timestamp,
           silver.ad_time(y.last_logoff) AS last_logoff,
           silver.ad_time(y.bad_password_time) AS bad_password_time,
           silver.ad_time(y.lockout_time) AS lockout_time,
           silver.ad_time(y.when_created) AS when_created,
           silver.ad_time(y.when_changed) AS when_changed,
           CASE WHEN length(z.parent_ou_dn) <= 500 THEN z.parent_ou_dn END AS parent_ou_dn
    -- OFFSET 0 types each row once.
    OFFSET 0
) t;

-- The OU columns once per DN key (docs/silver-model.md "AD tables"), with the rows that share the key for the counts.
CREATE TEMP TABLE ad_users_ous ON COMMIT DROP AS
SELECT k.ad_dn_key, k.n,
       CASE WHEN length(o.ou_root) <= 100 THEN o.ou_root END                           AS ou_root,
       CASE WHEN length(o.ou_organization_type) <= 100 THEN o.ou_organization_type END AS ou_organization_type,
       CASE WHEN length(o.ou_organization) <= 100 THEN o.ou_organization END           AS ou_organization,
       CASE WHEN length(o.ou_category) <= 100 THEN o.ou_category END                   AS ou_category,
       CASE WHEN length(o.ou_division) <= 100 THEN o.ou_division END                   AS ou_division,
       CASE WHEN length(o.ou_department) <= 100 THEN o.ou_department END               AS ou_department,
       CASE WHEN length(o.ou_subdepartment) <= 100 THEN o.ou_subdepartment END         AS ou_subdepartment,
       CASE WHEN length(o.ou_immediate_parent) <= 100 THEN o.ou_immediate_parent END   AS ou_immediate_parent,
       o.ou_full_path, o.ou_depth,
       array_remove(ARRAY[
           CASE WHEN length(o.ou_root) > 100 THEN 'ou_root' END,
           CASE WHEN length(o.ou_organization_type) > 100 THEN 'ou_organization_type' END,
           CASE WHEN length(o.ou_organization) > 100 THEN 'ou_organization' END,
           CASE WHEN length(o.ou_category) > 100 THEN 'ou_category' END,
           CASE WHEN length(o.ou_division) > 100 THEN 'ou_division' END,
           CASE WHEN length(o.ou_department) > 100 THEN 'ou_department' END,
           CASE WHEN length(o.ou_subdepartment) > 100 THEN 'ou_subdepartment' END,
           CASE WHEN length(o.ou_immediate_parent) > 100 THEN 'ou_immediate_parent' END]::text[], NULL) AS nulled
FROM (SELECT t.ad_dn_key, count(*) AS n FROM ad_users_typed t WHERE NOT t.is_deleted AND t.ad_dn_key IS NOT NULL GROUP BY t.ad_dn_key) k
CROSS JOIN LATERAL (SELECT silver.ad_dn_ous(k.ad_dn_key, false) AS ous OFFSET 0) d
CROSS JOIN LATERAL (
    SELECT d.ous[cardinality(d.ous)]     AS ou_root,
           d.ous[cardinality(d.ous) - 1] AS ou_organization_type,
           d.ous[cardinality(d.ous) - 2] AS ou_organization,
           d.ous[cardinality(d.ous) - 3] AS ou_category,
           d.ous[cardinality(d.ous) - 4] AS ou_division,
           d.ous[cardinality(d.ous) - 5] AS ou_department,
           d.ous[cardinality(d.ous) - 6] AS ou_subdepartment,
           d.ous[1]                      AS ou_immediate_parent,
           to_jsonb(d.ous)               AS ou_full_path,
           cardinality(d.ous)            AS ou_depth
) o;
ANALYZE ad_users_ous;

-- One row per objectGUID: usable rows only (a valid GUID), the smallest external id first should two spellings of
-- one GUID ever both be live. An anti-join on the two small keys instead of DISTINCT ON, so the wide rows are never
-- sorted (they spilled to disk: 154,000 AD people at scale 0.25); the keys only, as the insert reads the wide typed
-- row once (copying it into one more table cost more than the join; issue 11).
CREATE TEMP TABLE ad_users_rows ON COMMIT DROP AS
SELECT t.raw_id, t.ad_user_guid
FROM ad_users_typed t
WHERE NOT t.is_deleted AND t.ad_user_guid IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM ad_users_typed o
                  WHERE o.ad_user_guid = t.ad_user_guid AND NOT o.is_deleted AND o.external_id < t.external_id);
-- Statistics for the joins below: a fresh temp table has none, and a nested loop over it would read the typed rows once
-- per row.
ANALYZE ad_users_rows;

WITH removed AS (
    DELETE FROM silver.ad_users s
    WHERE ((SELECT full_refresh FROM silver_step) OR s.ad_user_guid IN (SELECT ad_user_guid FROM ad_users_typed))
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
           o.ou_root, o.ou_organization_type, o.ou_organization, o.ou_category, o.ou_division, o.ou_department, o.ou_subdepartment,
           o.ou_immediate_parent, o.ou_full_path, o.ou_depth, r.parent_ou_dn, r.uniqname, r.first_name, r.last_name, r.primary_email, r.work_phone,
           r.raw_id,
           -- Content hash of the written values as one row's text (NULL and '' differ there), as silver.tdx_users does:
           -- building a jsonb of the row only to print it cost more than the row's own typing (issue 11).
           encode(sha256(convert_to(ROW(r.ad_user_guid, r.name, r.cn, r.sam_account_name, r.distinguished_name, r.user_principal_name, r.display_name, r.initials, r.title,
                                        r.description, r.mobile, r.other_mobile, r.facsimile_telephone_number, r.street_address, r.proxy_addresses, r.department,
                                        r.umichad_ou, r.umichad_role, r.user_account_control, r.account_expires, r.pwd_last_set, r.last_logon, r.last_logon_timestamp,
                                        r.last_logoff, r.bad_pwd_count, r.bad_password_time, r.logon_count, r.lockout_time, r.object_sid, r.sid_history, r.when_created,
                                        r.when_changed, r.usn_created, r.usn_changed, r.object_class, r.object_category, r.instance_type, r.member_of, r.primary_group_id,
                                        r.uid_number, r.gid_number, r.home_directory, r.home_drive, r.login_shell, r.employee_type,
                                        o.ou_root, o.ou_organization_type, o.ou_organization, o.ou_category, o.ou_division, o.ou_department, o.ou_subdepartment,
                                        o.ou_immediate_parent, o.ou_full_path, o.ou_depth, r.parent_ou_dn, r.uniqname, r.first_name, r.last_name, r.primary_email, r.work_phone)::text, 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM ad_users_rows k
    JOIN ad_users_typed r ON r.raw_id = k.raw_id
    LEFT JOIN ad_users_ous o ON o.ad_dn_key = r.ad_dn_key
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
SELECT (SELECT count(*) FROM ad_users_typed)                                     AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                      AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)                  AS updated,
       (SELECT count(*) FROM removed)                                              AS deleted,
       (SELECT count(*) FROM ad_users_typed WHERE NOT is_deleted) - (SELECT count(*) FROM ad_users_rows) AS skipped,
       -- Counted from flags and row counts, not by joining the wide tables again (a zero count is not reported): every
       -- version with a valid GUID that is not a row lost it to a smaller external id; an OU value too long for its
       -- column counts once for each person under that DN key.
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT 'invalid:' || column_name AS outcome, sum(n) AS n
              FROM (SELECT column_name, 1 AS n
                    FROM ad_users_typed t, unnest(t.nulled) AS column_name
                    WHERE t.nulled <> '{}' AND NOT t.is_deleted
                    UNION ALL
                    SELECT column_name, o.n
                    FROM ad_users_ous o, unnest(o.nulled) AS column_name
                    WHERE o.nulled <> '{}') v
              GROUP BY column_name) counted)
       || (SELECT jsonb_build_object(
                      'invalid:ad_user_guid', count(*) FILTER (WHERE t.ad_user_guid IS NULL),
                      'duplicate_key', count(*) FILTER (WHERE t.ad_user_guid IS NOT NULL) - (SELECT count(*) FROM ad_users_rows))
           FROM ad_users_typed t
           WHERE NOT t.is_deleted)                                                  AS quality;
