-- silver.users: one row per person, merged from the four tier-1 people tables (silver.tdx_users, ad_users,
-- mcommunity_users, umapi_employees) on the normalised uniqname lower(btrim(uniqname)); silver.lab_awards and
-- silver.ad_organizational_units decide is_pi; bronze tdx/department maps TDX's DefaultAccountID to a department code.
--
-- Every run merges EVERY person from all of their sources, set-based, and writes only the rows whose merged content
-- differs from what the table holds (compared column by column). So an incremental run and a
-- full refresh compute the same table, a change in one source never re-merges a person without their other sources
-- (the original's partial-merge bug), and a change to the PI set or to the TDX department map reaches every person it
-- touches. LSATS_FULL_REFRESH therefore changes nothing here.
--
-- Decisions (docs/silver-model.md, "users"):
-- * One record per source and person: TDX the active row, then the smaller UID; AD the enabled account, then the newest
--   whenChanged, then the smaller objectGUID; MCommunity the smaller uidNumber; UMich API every employment record, the
--   primary being the lowest EmplRcd (then EmplId). Every "first" has an ORDER BY, so equal input gives equal rows.
-- * A TDX person whose AlternateID is missing (uniqname NULL in tdx_users) joins the person whose UMich API EmplId
--   equals its ExternalID, when exactly one uniqname holds that EmplId and no TDX record already has that uniqname
--   (counted matched_by_empl_id:tdx); otherwise it stays out (unmatched:tdx_without_uniqname).
-- * A uniqname that is not ^[a-z][a-z0-9.-]{0,49}$ after normalising is skipped and counted (invalid:uniqname).
-- * Field priorities are the spec's table (first non-blank value wins); the UMich API "first record" is the primary
--   record. Columns the original never filled are filled from the one source that has them: preferred_name (MCommunity
--   displayName, then AD displayName, then TDX FullName, then "first last"), full_name (the same chain: several views
--   read it), department_name (UMich API, else the TDX department's name), work address (UMich API work location, else
--   TDX), the AD account details, the TDX role and flags, primary_supervisor_uniqname (the supervisor's UMich API
--   record).
-- * is_active: an active TDX record, an enabled AD account, any UMich API record or any MCommunity entry. A person gone
--   from every source keeps their last row with is_active = false (counted as deleted), never silently stale.
-- * Quality: the spec's score and flags (flags in the order the penalties are listed).

SET LOCAL work_mem = '128MB';
-- The content hash prints timestamps: in UTC, so it does not depend on the session's time zone.
SET LOCAL timezone = 'UTC';

-- TDX: one record per uniqname.
CREATE TEMP TABLE users_tdx ON COMMIT DROP AS
SELECT DISTINCT ON (t.k)
       t.k AS uniqname, false AS by_empl_id, t.tdx_user_uid, t.external_id,
       silver.clean_text(t.first_name) AS first_name, silver.clean_text(t.last_name) AS last_name,
       silver.clean_text(t.full_name) AS full_name, silver.clean_text(t.primary_email) AS primary_email,
       silver.clean_text(t.work_phone) AS work_phone, silver.clean_text(t.mobile_phone) AS mobile_phone,
       silver.clean_text(t.work_address) AS work_address, silver.clean_text(t.work_city) AS work_city,
       silver.clean_text(t.work_state) AS work_state, silver.clean_text(t.work_zip) AS work_zip,
       silver.clean_text(t.work_country) AS work_country, silver.clean_text(t.title) AS title,
       t.default_account_id, t.reports_to_uid, t.is_active, t.is_employee, t.is_confidential, t.group_ids, t.beid,
       t.security_role_id, t.security_role_name
FROM (SELECT lower(btrim(s.uniqname)) AS k, s.* FROM silver.tdx_users s WHERE s.uniqname IS NOT NULL) t
ORDER BY t.k, t.is_active DESC, t.tdx_user_uid;

-- UMich API: every employment record of a person, then the primary record and the per-person lists.
CREATE TEMP TABLE users_umapi_records ON COMMIT DROP AS
SELECT lower(btrim(e.uniqname)) AS uniqname, e.empl_id, e.empl_rcd,
       silver.clean_text(e.first_name) AS first_name, silver.clean_text(e.last_name) AS last_name,
       e.department_id, silver.clean_text(e.dept_description) AS dept_description, e.supervisor_id, e.jobcode,
       silver.clean_text(e.department_job_title) AS department_job_title,
       silver.clean_text(e.university_job_title) AS university_job_title,
       CASE WHEN jsonb_typeof(e.work_location) = 'object' THEN e.work_location ELSE '{}'::jsonb END AS work_location
FROM silver.umapi_employees e
WHERE e.uniqname IS NOT NULL;

CREATE TEMP TABLE users_umapi ON COMMIT DROP AS
SELECT p.uniqname, p.empl_id, p.first_name, p.last_name, p.department_id, p.dept_description, p.supervisor_id,
    p.jobcode,
       p.department_job_title, p.university_job_title,
       silver.clean_text(p.work_location ->> 'phone') AS work_phone,
       silver.clean_text(p.work_location ->> 'phone_extension') AS work_phone_extension,
       silver.clean_text(p.work_location ->> 'address1') AS address1,
       silver.clean_text(p.work_location ->> 'address2') AS address2,
       silver.clean_text(p.work_location ->> 'address3') AS address3,
       silver.clean_text(p.work_location ->> 'city') AS city,
       silver.clean_text(p.work_location ->> 'state') AS state,
       silver.clean_text(p.work_location ->> 'postal') AS postal,
       silver.clean_text(p.work_location ->> 'country') AS country,
       a.empl_ids, a.department_ids, a.job_codes, a.supervisor_ids
FROM (SELECT DISTINCT ON (r.uniqname) r.*
      FROM users_umapi_records r
      ORDER BY r.uniqname, r.empl_rcd, r.empl_id) p
JOIN (SELECT r.uniqname,
             jsonb_agg(DISTINCT r.empl_id ORDER BY r.empl_id) AS empl_ids,
             coalesce(jsonb_agg(jsonb_build_object('dept_id', r.department_id, 'dept_name', r.dept_description,
                 'empl_rcd', r.empl_rcd)
                                ORDER BY r.empl_rcd, r.empl_id) FILTER (WHERE r.department_id IS NOT NULL),
                                    '[]'::jsonb) AS department_ids,
             coalesce(jsonb_agg(jsonb_build_object('job_code', r.jobcode, 'dept_job_title', r.department_job_title,
                 'empl_rcd', r.empl_rcd)
                                ORDER BY r.empl_rcd, r.empl_id) FILTER (WHERE r.jobcode IS NOT NULL),
                                    '[]'::jsonb) AS job_codes,
             coalesce(jsonb_agg(jsonb_build_object('empl_id', r.supervisor_id, 'empl_rcd', r.empl_rcd)
                                ORDER BY r.empl_rcd, r.empl_id) FILTER (WHERE r.supervisor_id IS NOT NULL),
                                    '[]'::jsonb) AS supervisor_ids
      FROM users_umapi_records r
      GROUP BY r.uniqname) a ON a.uniqname = p.uniqname;

-- The uniqname of each EmplId that exactly one uniqname holds (supervisor names, the TDX fallback match).
CREATE TEMP TABLE users_empl_ids ON COMMIT DROP AS
SELECT r.empl_id, min(r.uniqname) AS uniqname
FROM users_umapi_records r
GROUP BY r.empl_id
HAVING count(DISTINCT r.uniqname) = 1;

-- A TDX record without a uniqname joins the person its ExternalID (EmplId) names, when that person has no TDX record.
INSERT INTO users_tdx
SELECT DISTINCT ON (e.uniqname)
       e.uniqname, true, t.tdx_user_uid, t.external_id,
       silver.clean_text(t.first_name), silver.clean_text(t.last_name), silver.clean_text(t.full_name),
       silver.clean_text(t.primary_email), silver.clean_text(t.work_phone), silver.clean_text(t.mobile_phone),
       silver.clean_text(t.work_address), silver.clean_text(t.work_city), silver.clean_text(t.work_state),
       silver.clean_text(t.work_zip), silver.clean_text(t.work_country), silver.clean_text(t.title),
       t.default_account_id, t.reports_to_uid, t.is_active, t.is_employee, t.is_confidential, t.group_ids, t.beid,
       t.security_role_id, t.security_role_name
FROM silver.tdx_users t
JOIN users_empl_ids e ON e.empl_id = btrim(t.external_id)
WHERE t.uniqname IS NULL
  AND NOT EXISTS (SELECT 1 FROM users_tdx x WHERE x.uniqname = e.uniqname)
ORDER BY e.uniqname, t.is_active DESC, t.tdx_user_uid;

CREATE UNIQUE INDEX ON users_tdx (uniqname);

-- AD: one account per uniqname. A view, not a temp table: the merge reads it once, so writing the ~60k wide rows to a
-- temp table, reading them back and analysing them cost more than the sort inside the merge (the full joins it feeds
-- are hash joins whatever the statistics say).
CREATE OR REPLACE TEMP VIEW users_ad AS
SELECT DISTINCT ON (a.k)
       a.k AS uniqname, a.ad_user_guid, a.sam_account_name, a.object_sid,
       silver.clean_text(a.first_name) AS first_name, silver.clean_text(a.last_name) AS last_name,
       silver.clean_text(a.display_name) AS display_name, silver.clean_text(a.primary_email) AS primary_email,
       silver.clean_text(a.work_phone) AS work_phone, silver.clean_text(a.mobile) AS mobile,
       a.user_account_control, a.lockout_time, a.last_logon, a.last_logon_timestamp, a.pwd_last_set, a.member_of,
       a.primary_group_id, a.ou_root, a.ou_organization, a.ou_department, a.ou_full_path, a.parent_ou_dn
FROM (SELECT lower(btrim(s.uniqname)) AS k, s.* FROM silver.ad_users s WHERE s.uniqname IS NOT NULL) a
ORDER BY a.k, (a.user_account_control & 2) = 0 DESC NULLS LAST, a.when_changed DESC NULLS LAST, a.ad_user_guid;

-- MCommunity: one entry per uniqname (a view, as users_ad).
CREATE OR REPLACE TEMP VIEW users_mcom AS
SELECT DISTINCT ON (m.k)
       m.k AS uniqname, m.uid_number, m.gid_number,
       silver.clean_text(m.first_name) AS first_name, silver.clean_text(m.last_name) AS last_name,
       silver.clean_text(m.full_name) AS full_name, silver.clean_text(m.primary_email) AS primary_email,
       silver.clean_text(m.work_phone) AS work_phone, silver.clean_text(m.umich_title) AS umich_title,
       m.ou, m.home_directory, m.login_shell
FROM (SELECT lower(btrim(s.uniqname)) AS k, s.* FROM silver.mcommunity_users s WHERE s.uniqname IS NOT NULL) m
ORDER BY m.k, m.uid_number;

-- Principal investigators: named as such on an award, or named by an AD OU at depth 8 or more.
CREATE TEMP TABLE users_pi ON COMMIT DROP AS
SELECT lower(btrim(a.person_uniqname)) AS uniqname
FROM silver.lab_awards a
WHERE a.person_role LIKE '%Principal Investigator%'
UNION
SELECT lower(btrim(o.extracted_uniqname))
FROM silver.ad_organizational_units o
WHERE o.ou_depth >= 8 AND o.extracted_uniqname IS NOT NULL;

-- TDX account ID -> department code and name: the newest bronze version of each account that has both (a tombstone
-- carries no content, so a departed account keeps its last code).
CREATE TEMP TABLE users_tdx_departments ON COMMIT DROP AS
SELECT DISTINCT ON (d.id) d.id, d.code, d.name
FROM (SELECT CASE WHEN b.raw_data ->> 'ID' ~ '^\d{1,9}$' THEN (b.raw_data ->> 'ID')::integer END AS id,
             silver.clean_text(b.raw_data ->> 'Code') AS code,
             silver.clean_text(b.raw_data ->> 'Name') AS name,
             b.ingested_at, b.raw_id
      FROM bronze.raw_entities b
      WHERE b.entity_type = 'department' AND b.source_system = 'tdx') d
WHERE d.id IS NOT NULL AND d.code IS NOT NULL
ORDER BY d.id, d.ingested_at DESC, d.raw_id;

-- Temp tables have no statistics until analysed, and without them the merge plans nested loops over thousands of
-- rows; only the join keys are analysed (statistics of the wide jsonb columns cost seconds and help no plan).
ANALYZE users_tdx (uniqname, default_account_id);
ANALYZE users_umapi (uniqname, supervisor_id);
ANALYZE users_empl_ids (empl_id);
ANALYZE users_pi;
ANALYZE users_tdx_departments (id);

-- The merged person: every uniqname any source knows (full joins on the key), each column from the first source in
-- its priority that has a value; valid = the uniqname is one (the others are skipped and counted). valid spells
-- ^[a-z][a-z0-9.-]{0,49}$ without a regular expression, which cost three times as much (0.16 s CPU for 72k keys).
CREATE TEMP TABLE users_merged ON COMMIT DROP AS
SELECT k.uniqname,
       length(k.uniqname) <= 50 AND ascii(k.uniqname) BETWEEN 97 AND 122
           AND translate(k.uniqname, 'abcdefghijklmnopqrstuvwxyz0123456789.-', '') = '' AS valid,
       t.uniqname IS NOT NULL AS in_tdx, a.uniqname IS NOT NULL AS in_ad,
       m.uniqname IS NOT NULL AS in_mcom, u.uniqname IS NOT NULL AS in_umapi,
       t.tdx_user_uid,
       u.empl_id AS umich_empl_id,
       u.empl_ids AS umich_empl_ids,
       m.uid_number AS ldap_uid_number,
       m.gid_number AS ldap_gid_number,
       a.ad_user_guid::text AS ad_object_guid,
       a.sam_account_name AS ad_sam_account_name,
       a.object_sid AS ad_object_sid,
       coalesce(t.first_name, u.first_name, m.first_name, a.first_name) AS first_name,
       coalesce(t.last_name, u.last_name, m.last_name, a.last_name) AS last_name,
       coalesce(m.full_name, a.display_name, t.full_name,
                nullif(concat_ws(' ', coalesce(t.first_name, u.first_name, m.first_name, a.first_name),
                                      coalesce(t.last_name, u.last_name, m.last_name, a.last_name)), '')) AS full_name,
       coalesce(t.primary_email, m.primary_email, a.primary_email) AS primary_email,
       coalesce(t.work_phone, u.work_phone, m.work_phone, a.work_phone) AS work_phone,
       u.work_phone_extension,
       coalesce(a.mobile, t.mobile_phone) AS mobile_phone,
       CASE WHEN u.address1 IS NOT NULL OR u.city IS NOT NULL THEN u.address1 ELSE t.work_address END AS work_address_line1,
       CASE WHEN u.address1 IS NOT NULL OR u.city IS NOT NULL THEN u.address2 END AS work_address_line2,
       CASE WHEN u.address1 IS NOT NULL OR u.city IS NOT NULL THEN u.address3 END AS work_address_line3,
       CASE WHEN u.address1 IS NOT NULL OR u.city IS NOT NULL THEN u.city ELSE t.work_city END AS work_city,
       CASE WHEN u.address1 IS NOT NULL OR u.city IS NOT NULL THEN u.state ELSE t.work_state END AS work_state,
       CASE WHEN u.address1 IS NOT NULL OR u.city IS NOT NULL THEN u.postal ELSE t.work_zip END AS work_postal_code,
       CASE WHEN u.address1 IS NOT NULL OR u.city IS NOT NULL THEN u.country ELSE t.work_country END AS work_country,
       coalesce(u.department_id, d.code) AS department_source_id,
       CASE WHEN u.department_id IS NOT NULL THEN u.dept_description
            WHEN d.code IS NOT NULL THEN coalesce(silver.clean_text(CASE WHEN left(d.name,
                length(d.code) + 3) = d.code || ' - ' THEN substr(d.name, length(d.code) + 4) ELSE d.name END),
                d.name)
       END AS department_name,
       u.department_ids,
       coalesce(u.university_job_title, u.department_job_title, m.umich_title, t.title) AS job_title,
       u.department_job_title,
       u.jobcode AS primary_job_code,
       u.job_codes,
       u.supervisor_id AS primary_supervisor_id,
       s.uniqname AS primary_supervisor_uniqname,
       u.supervisor_ids,
       t.reports_to_uid,
       p.uniqname IS NOT NULL AS is_pi,
       coalesce(t.is_active, false) OR coalesce((a.user_account_control & 2) = 0, false)
           OR u.uniqname IS NOT NULL OR m.uniqname IS NOT NULL AS is_active,
       CASE WHEN u.uniqname IS NOT NULL THEN true ELSE t.is_employee END AS is_employee,
       (a.user_account_control & 2) <> 0 AS ad_account_disabled,
       CASE WHEN a.uniqname IS NOT NULL THEN a.lockout_time IS NOT NULL END AS ad_account_locked,
       a.last_logon AS ad_last_logon,
       a.last_logon_timestamp AS ad_last_logon_timestamp,
       a.pwd_last_set AS ad_pwd_last_set,
       m.ou AS mcommunity_ou_affiliations,
       a.ou_root AS ad_ou_root,
       a.ou_organization AS ad_ou_organization,
       a.ou_department AS ad_ou_department,
       a.ou_full_path AS ad_ou_full_path,
       a.parent_ou_dn AS ad_parent_ou_dn,
       a.member_of AS ad_group_memberships,
       a.primary_group_id AS ad_primary_group_id,
       t.group_ids AS tdx_group_ids,
       m.home_directory,
       m.login_shell,
       t.external_id AS tdx_external_id,
       t.beid AS tdx_beid,
       t.security_role_id AS tdx_security_role_id,
       t.security_role_name AS tdx_security_role_name,
       t.is_employee AS tdx_is_employee,
       t.is_confidential AS tdx_is_confidential,
       t.by_empl_id AS tdx_by_empl_id,
       t.uniqname IS NOT NULL AND t.default_account_id IS NOT NULL AND t.default_account_id <> 0 AND d.id IS NULL AS tdx_department_unmapped
FROM users_tdx t
FULL JOIN users_ad a ON a.uniqname = t.uniqname
FULL JOIN users_mcom m ON m.uniqname = coalesce(t.uniqname, a.uniqname)
FULL JOIN users_umapi u ON u.uniqname = coalesce(t.uniqname, a.uniqname, m.uniqname)
CROSS JOIN LATERAL (SELECT coalesce(t.uniqname, a.uniqname, m.uniqname, u.uniqname) AS uniqname) k
LEFT JOIN users_tdx_departments d ON d.id = t.default_account_id
LEFT JOIN users_empl_ids s ON s.empl_id = u.supervisor_id
LEFT JOIN users_pi p ON p.uniqname = k.uniqname;

-- Its key's statistics let the retirement below anti-join on a hash of the merged keys; without them the planner sorted
-- the whole of silver.users for a merge anti join.
ANALYZE users_merged (uniqname);

-- What to write (users_changed): the merged rows (users_rows: department code that fits its column, quality score and
-- flags, sources) whose content differs from the table's, compared column by column (a join on the key, no per-row
-- subquery), and the rows of people gone from every source, retired (their last values stay, is_active = false).
-- is_new marks the keys the table does not hold yet: they are inserted, the others updated, so no row pays for
-- ON CONFLICT's speculative insertion. Only these rows are hashed: entity_hash is SHA-256 of the written content
-- (timestamps printed in UTC, see SET LOCAL above).
CREATE TEMP TABLE users_changed ON COMMIT DROP AS
SELECT c.*,
       encode(sha256(convert_to(ROW(
           c.tdx_user_uid, c.umich_empl_id, c.umich_empl_ids, c.ldap_uid_number, c.ldap_gid_number, c.ad_object_guid,
           c.ad_sam_account_name, c.ad_object_sid, c.first_name, c.last_name, c.full_name, c.preferred_name,
           c.primary_email, c.work_phone, c.work_phone_extension, c.mobile_phone, c.work_address_line1,
           c.work_address_line2, c.work_address_line3, c.work_city, c.work_state, c.work_postal_code, c.work_country,
           c.department_id, c.department_name, c.department_ids, c.job_title, c.department_job_title,
           c.primary_job_code, c.job_codes, c.primary_supervisor_id, c.primary_supervisor_uniqname, c.supervisor_ids,
           c.reports_to_uid, c.is_pi, c.is_active, c.is_employee, c.ad_account_disabled, c.ad_account_locked,
           c.ad_last_logon, c.ad_last_logon_timestamp, c.ad_pwd_last_set, c.mcommunity_ou_affiliations, c.ad_ou_root,
           c.ad_ou_organization, c.ad_ou_department, c.ad_ou_full_path, c.ad_parent_ou_dn, c.ad_group_memberships,
           c.ad_primary_group_id, c.tdx_group_ids, c.home_directory, c.login_shell, c.tdx_external_id, c.tdx_beid,
           c.tdx_security_role_id, c.tdx_security_role_name, c.tdx_is_employee, c.tdx_is_confidential,
           c.data_quality_score, c.quality_flags, c.source_system, c.source_entity_id)::text, 'UTF8')), 'hex') AS entity_hash
FROM (
    SELECT
        r.uniqname, r.tdx_user_uid, r.umich_empl_id, r.umich_empl_ids, r.ldap_uid_number, r.ldap_gid_number,
        r.ad_object_guid, r.ad_sam_account_name, r.ad_object_sid, r.first_name, r.last_name, r.full_name,
        r.preferred_name, r.primary_email, r.work_phone, r.work_phone_extension, r.mobile_phone, r.work_address_line1,
        r.work_address_line2, r.work_address_line3, r.work_city, r.work_state, r.work_postal_code, r.work_country,
        r.department_id, r.department_name, r.department_ids, r.job_title, r.department_job_title, r.primary_job_code,
        r.job_codes, r.primary_supervisor_id, r.primary_supervisor_uniqname, r.supervisor_ids, r.reports_to_uid,
        r.is_pi, r.is_active, r.is_employee, r.ad_account_disabled, r.ad_account_locked, r.ad_last_logon,
        r.ad_last_logon_timestamp, r.ad_pwd_last_set, r.mcommunity_ou_affiliations, r.ad_ou_root,
        r.ad_ou_organization, r.ad_ou_department, r.ad_ou_full_path, r.ad_parent_ou_dn, r.ad_group_memberships,
        r.ad_primary_group_id, r.tdx_group_ids, r.home_directory, r.login_shell, r.tdx_external_id, r.tdx_beid,
        r.tdx_security_role_id, r.tdx_security_role_name, r.tdx_is_employee, r.tdx_is_confidential,
        r.data_quality_score, r.quality_flags, r.source_system, r.source_entity_id,
        s.uniqname IS NULL AS is_new, false AS retiring
    FROM (
        SELECT m.uniqname, m.tdx_user_uid, m.umich_empl_id, m.umich_empl_ids, m.ldap_uid_number, m.ldap_gid_number,
               m.ad_object_guid, m.ad_sam_account_name, m.ad_object_sid, m.first_name, m.last_name, m.full_name,
               m.full_name AS preferred_name, m.primary_email, m.work_phone, m.work_phone_extension, m.mobile_phone,
               m.work_address_line1, m.work_address_line2, m.work_address_line3, m.work_city, m.work_state,
               m.work_postal_code, m.work_country,
               CASE WHEN length(m.department_source_id) <= 10 THEN m.department_source_id END AS department_id,
               m.department_name, m.department_ids, m.job_title, m.department_job_title, m.primary_job_code, m.job_codes,
               m.primary_supervisor_id, m.primary_supervisor_uniqname, m.supervisor_ids, m.reports_to_uid, m.is_pi,
               m.is_active, m.is_employee, m.ad_account_disabled, m.ad_account_locked, m.ad_last_logon,
               m.ad_last_logon_timestamp, m.ad_pwd_last_set, m.mcommunity_ou_affiliations, m.ad_ou_root,
               m.ad_ou_organization, m.ad_ou_department, m.ad_ou_full_path, m.ad_parent_ou_dn, m.ad_group_memberships,
               m.ad_primary_group_id, m.tdx_group_ids, m.home_directory, m.login_shell, m.tdx_external_id, m.tdx_beid,
               m.tdx_security_role_id, m.tdx_security_role_name, m.tdx_is_employee, m.tdx_is_confidential,
               q.score AS data_quality_score, q.flags AS quality_flags,
               array_to_string(array_remove(ARRAY[CASE WHEN m.in_ad THEN 'ad' END, CASE WHEN m.in_mcom THEN 'mcom' END,
                                                  CASE WHEN m.in_tdx THEN 'tdx' END, CASE WHEN m.in_umapi THEN 'umapi' END],
                                                      NULL), '+') AS source_system,
               m.uniqname AS source_entity_id,
               m.tdx_by_empl_id, m.tdx_department_unmapped, m.department_source_id
        FROM users_merged m
        CROSS JOIN LATERAL (
            SELECT greatest(0.00, least(1.00,
                       1.00
                       - CASE WHEN m.primary_email IS NULL THEN 0.25 ELSE 0 END
                       - CASE WHEN m.first_name IS NULL OR m.last_name IS NULL THEN 0.20 ELSE 0 END
                       - CASE WHEN coalesce(length(m.department_source_id) <= 10, false) THEN 0 ELSE 0.15 END
                       - CASE WHEN m.job_title IS NULL AND NOT m.is_pi THEN 0.10 ELSE 0 END
                       - CASE WHEN coalesce(m.is_employee, false) THEN 0 ELSE 0.10 END
                       - CASE WHEN coalesce(m.ad_account_disabled, false) THEN 0.10 ELSE 0 END
                       - CASE WHEN m.in_tdx THEN 0 ELSE 0.05 END
                       - CASE WHEN m.in_mcom AND NOT (m.in_tdx OR m.in_ad OR m.in_umapi) THEN 0.15 ELSE 0 END
                       + CASE WHEN m.in_tdx AND m.in_ad AND m.in_mcom AND m.in_umapi THEN 0.10 ELSE 0 END))::numeric(3,2) AS score,
                   to_jsonb(array_remove(ARRAY[
                       CASE WHEN m.primary_email IS NULL THEN 'missing_email' END,
                       CASE WHEN m.first_name IS NULL OR m.last_name IS NULL THEN 'missing_name' END,
                       CASE WHEN coalesce(length(m.department_source_id) <= 10, false) THEN NULL ELSE 'missing_department' END,
                       CASE WHEN m.job_title IS NULL AND NOT m.is_pi THEN 'missing_job_title' END,
                       CASE WHEN coalesce(m.is_employee, false) THEN NULL ELSE 'not_umapi_employee' END,
                       CASE WHEN coalesce(m.ad_account_disabled, false) THEN 'ad_disabled' END,
                       CASE WHEN m.in_tdx THEN NULL ELSE 'no_tdx_record' END,
                       CASE WHEN m.in_mcom AND NOT (m.in_tdx OR m.in_ad OR m.in_umapi) THEN 'mcom_only' END], NULL)) AS flags
        ) q
        WHERE m.valid) r
    LEFT JOIN silver.users s ON s.uniqname = r.uniqname
    WHERE s.uniqname IS NULL
       OR ROW(
           s.tdx_user_uid, s.umich_empl_id, s.umich_empl_ids, s.ldap_uid_number, s.ldap_gid_number, s.ad_object_guid,
           s.ad_sam_account_name, s.ad_object_sid, s.first_name, s.last_name, s.full_name, s.preferred_name,
           s.primary_email, s.work_phone, s.work_phone_extension, s.mobile_phone, s.work_address_line1,
           s.work_address_line2, s.work_address_line3, s.work_city, s.work_state, s.work_postal_code, s.work_country,
           s.department_id, s.department_name, s.department_ids, s.job_title, s.department_job_title,
           s.primary_job_code, s.job_codes, s.primary_supervisor_id, s.primary_supervisor_uniqname, s.supervisor_ids,
           s.reports_to_uid, s.is_pi, s.is_active, s.is_employee, s.ad_account_disabled, s.ad_account_locked,
           s.ad_last_logon, s.ad_last_logon_timestamp, s.ad_pwd_last_set, s.mcommunity_ou_affiliations, s.ad_ou_root,
           s.ad_ou_organization, s.ad_ou_department, s.ad_ou_full_path, s.ad_parent_ou_dn, s.ad_group_memberships,
           s.ad_primary_group_id, s.tdx_group_ids, s.home_directory, s.login_shell, s.tdx_external_id, s.tdx_beid,
           s.tdx_security_role_id, s.tdx_security_role_name, s.tdx_is_employee, s.tdx_is_confidential,
           s.data_quality_score, s.quality_flags, s.source_system, s.source_entity_id)
          IS DISTINCT FROM ROW(
           r.tdx_user_uid, r.umich_empl_id, r.umich_empl_ids, r.ldap_uid_number, r.ldap_gid_number, r.ad_object_guid,
           r.ad_sam_account_name, r.ad_object_sid, r.first_name, r.last_name, r.full_name, r.preferred_name,
           r.primary_email, r.work_phone, r.work_phone_extension, r.mobile_phone, r.work_address_line1,
           r.work_address_line2, r.work_address_line3, r.work_city, r.work_state, r.work_postal_code, r.work_country,
           r.department_id, r.department_name, r.department_ids, r.job_title, r.department_job_title,
           r.primary_job_code, r.job_codes, r.primary_supervisor_id, r.primary_supervisor_uniqname, r.supervisor_ids,
           r.reports_to_uid, r.is_pi, r.is_active, r.is_employee, r.ad_account_disabled, r.ad_account_locked,
           r.ad_last_logon, r.ad_last_logon_timestamp, r.ad_pwd_last_set, r.mcommunity_ou_affiliations, r.ad_ou_root,
           r.ad_ou_organization, r.ad_ou_department, r.ad_ou_full_path, r.ad_parent_ou_dn, r.ad_group_memberships,
           r.ad_primary_group_id, r.tdx_group_ids, r.home_directory, r.login_shell, r.tdx_external_id, r.tdx_beid,
           r.tdx_security_role_id, r.tdx_security_role_name, r.tdx_is_employee, r.tdx_is_confidential,
           r.data_quality_score, r.quality_flags, r.source_system, r.source_entity_id)
    UNION ALL
    -- Gone from every source: a narrow anti join on the key against the merged keys (never a sort of the table).
    SELECT
        s.uniqname, s.tdx_user_uid, s.umich_empl_id, s.umich_empl_ids, s.ldap_uid_number, s.ldap_gid_number,
        s.ad_object_guid, s.ad_sam_account_name, s.ad_object_sid, s.first_name, s.last_name, s.full_name,
        s.preferred_name, s.primary_email, s.work_phone, s.work_phone_extension, s.mobile_phone, s.work_address_line1,
        s.work_address_line2, s.work_address_line3, s.work_city, s.work_state, s.work_postal_code, s.work_country,
        s.department_id, s.department_name, s.department_ids, s.job_title, s.department_job_title, s.primary_job_code,
        s.job_codes, s.primary_supervisor_id, s.primary_supervisor_uniqname, s.supervisor_ids, s.reports_to_uid,
        s.is_pi, false, s.is_employee, s.ad_account_disabled, s.ad_account_locked, s.ad_last_logon,
        s.ad_last_logon_timestamp, s.ad_pwd_last_set, s.mcommunity_ou_affiliations, s.ad_ou_root,
        s.ad_ou_organization, s.ad_ou_department, s.ad_ou_full_path, s.ad_parent_ou_dn, s.ad_group_memberships,
        s.ad_primary_group_id, s.tdx_group_ids, s.home_directory, s.login_shell, s.tdx_external_id, s.tdx_beid,
        s.tdx_security_role_id, s.tdx_security_role_name, s.tdx_is_employee, s.tdx_is_confidential,
        s.data_quality_score, s.quality_flags, s.source_system, s.source_entity_id,
        false, true
    FROM silver.users s
    WHERE s.is_active IS DISTINCT FROM false
      AND NOT EXISTS (SELECT 1 FROM users_merged m WHERE m.valid AND m.uniqname = s.uniqname)
) c;

INSERT INTO silver.users (
    uniqname, tdx_user_uid, umich_empl_id, umich_empl_ids, ldap_uid_number, ldap_gid_number, ad_object_guid,
    ad_sam_account_name, ad_object_sid, first_name, last_name, full_name, preferred_name, primary_email, work_phone,
    work_phone_extension, mobile_phone, work_address_line1, work_address_line2, work_address_line3, work_city,
    work_state, work_postal_code, work_country, department_id, department_name, department_ids, job_title,
    department_job_title, primary_job_code, job_codes, primary_supervisor_id, primary_supervisor_uniqname,
    supervisor_ids, reports_to_uid, is_pi, is_active, is_employee, ad_account_disabled, ad_account_locked,
    ad_last_logon, ad_last_logon_timestamp, ad_pwd_last_set, mcommunity_ou_affiliations, ad_ou_root,
    ad_ou_organization, ad_ou_department, ad_ou_full_path, ad_parent_ou_dn, ad_group_memberships, ad_primary_group_id,
    tdx_group_ids, home_directory, login_shell, tdx_external_id, tdx_beid, tdx_security_role_id,
    tdx_security_role_name, tdx_is_employee, tdx_is_confidential, data_quality_score, quality_flags, source_system,
    source_entity_id, entity_hash, ingestion_run_id)
SELECT
    c.uniqname, c.tdx_user_uid, c.umich_empl_id, c.umich_empl_ids, c.ldap_uid_number, c.ldap_gid_number,
    c.ad_object_guid, c.ad_sam_account_name, c.ad_object_sid, c.first_name, c.last_name, c.full_name,
    c.preferred_name, c.primary_email, c.work_phone, c.work_phone_extension, c.mobile_phone, c.work_address_line1,
    c.work_address_line2, c.work_address_line3, c.work_city, c.work_state, c.work_postal_code, c.work_country,
    c.department_id, c.department_name, c.department_ids, c.job_title, c.department_job_title, c.primary_job_code,
    c.job_codes, c.primary_supervisor_id, c.primary_supervisor_uniqname, c.supervisor_ids, c.reports_to_uid, c.is_pi,
    c.is_active, c.is_employee, c.ad_account_disabled, c.ad_account_locked, c.ad_last_logon,
    c.ad_last_logon_timestamp, c.ad_pwd_last_set, c.mcommunity_ou_affiliations, c.ad_ou_root, c.ad_ou_organization,
    c.ad_ou_department, c.ad_ou_full_path, c.ad_parent_ou_dn, c.ad_group_memberships, c.ad_primary_group_id,
    c.tdx_group_ids, c.home_directory, c.login_shell, c.tdx_external_id, c.tdx_beid, c.tdx_security_role_id,
    c.tdx_security_role_name, c.tdx_is_employee, c.tdx_is_confidential, c.data_quality_score, c.quality_flags,
    c.source_system, c.source_entity_id, c.entity_hash,
    (SELECT run_id FROM silver_step)
FROM users_changed c
WHERE c.is_new;

UPDATE silver.users s
SET (
    tdx_user_uid, umich_empl_id, umich_empl_ids, ldap_uid_number, ldap_gid_number, ad_object_guid,
    ad_sam_account_name, ad_object_sid, first_name, last_name, full_name, preferred_name, primary_email, work_phone,
    work_phone_extension, mobile_phone, work_address_line1, work_address_line2, work_address_line3, work_city,
    work_state, work_postal_code, work_country, department_id, department_name, department_ids, job_title,
    department_job_title, primary_job_code, job_codes, primary_supervisor_id, primary_supervisor_uniqname,
    supervisor_ids, reports_to_uid, is_pi, is_active, is_employee, ad_account_disabled, ad_account_locked,
    ad_last_logon, ad_last_logon_timestamp, ad_pwd_last_set, mcommunity_ou_affiliations, ad_ou_root,
    ad_ou_organization, ad_ou_department, ad_ou_full_path, ad_parent_ou_dn, ad_group_memberships, ad_primary_group_id,
    tdx_group_ids, home_directory, login_shell, tdx_external_id, tdx_beid, tdx_security_role_id,
    tdx_security_role_name, tdx_is_employee, tdx_is_confidential, data_quality_score, quality_flags, source_system,
    source_entity_id, entity_hash, ingestion_run_id) = (
    c.tdx_user_uid, c.umich_empl_id, c.umich_empl_ids, c.ldap_uid_number, c.ldap_gid_number, c.ad_object_guid,
    c.ad_sam_account_name, c.ad_object_sid, c.first_name, c.last_name, c.full_name, c.preferred_name, c.primary_email,
    c.work_phone, c.work_phone_extension, c.mobile_phone, c.work_address_line1, c.work_address_line2,
    c.work_address_line3, c.work_city, c.work_state, c.work_postal_code, c.work_country, c.department_id,
    c.department_name, c.department_ids, c.job_title, c.department_job_title, c.primary_job_code, c.job_codes,
    c.primary_supervisor_id, c.primary_supervisor_uniqname, c.supervisor_ids, c.reports_to_uid, c.is_pi, c.is_active,
    c.is_employee, c.ad_account_disabled, c.ad_account_locked, c.ad_last_logon, c.ad_last_logon_timestamp,
    c.ad_pwd_last_set, c.mcommunity_ou_affiliations, c.ad_ou_root, c.ad_ou_organization, c.ad_ou_department,
    c.ad_ou_full_path, c.ad_parent_ou_dn, c.ad_group_memberships, c.ad_primary_group_id, c.tdx_group_ids,
    c.home_directory, c.login_shell, c.tdx_external_id, c.tdx_beid, c.tdx_security_role_id, c.tdx_security_role_name,
    c.tdx_is_employee, c.tdx_is_confidential, c.data_quality_score, c.quality_flags, c.source_system,
    c.source_entity_id, c.entity_hash,
    (SELECT run_id FROM silver_step))
FROM users_changed c
WHERE NOT c.is_new AND s.uniqname = c.uniqname;

-- The counts: one pass over each temp table.
SELECT m.rows_read, c.inserted, c.updated, c.deleted, m.skipped,
       (SELECT coalesce(jsonb_object_agg(o.outcome, o.n), '{}'::jsonb)
        FROM (VALUES ('invalid:uniqname', m.skipped),
                     ('matched_by_empl_id:tdx', m.matched_by_empl_id),
                     ('unmatched:tdx_without_uniqname',
                      (SELECT count(*)
                       FROM silver.tdx_users t
                       WHERE t.uniqname IS NULL
                         AND NOT EXISTS (SELECT 1 FROM users_tdx x WHERE x.tdx_user_uid = t.tdx_user_uid))),
                     ('unmapped:tdx_department', m.unmapped_department),
                     ('invalid:department_id', m.invalid_department_id)) o (outcome, n)
        WHERE o.n > 0)                                                                   AS quality
FROM (SELECT count(*)                                                                   AS rows_read,
             count(*) FILTER (WHERE NOT valid)                                          AS skipped,
             count(*) FILTER (WHERE valid AND tdx_by_empl_id)                           AS matched_by_empl_id,
             count(*) FILTER (WHERE valid AND tdx_department_unmapped AND department_source_id IS NULL)
                                                                                        AS unmapped_department,
             count(*) FILTER (WHERE valid AND length(department_source_id) > 10)        AS invalid_department_id
      FROM users_merged) m
CROSS JOIN (SELECT count(*) FILTER (WHERE is_new)                                       AS inserted,
                   count(*) FILTER (WHERE NOT is_new AND NOT retiring)                  AS updated,
                   count(*) FILTER (WHERE retiring)                                     AS deleted
            FROM users_changed) c;

-- The views would outlive the transaction in a pooled session (and pin the tables they read): gone with it.
DROP VIEW users_ad, users_mcom;
