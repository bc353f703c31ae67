-- silver.tdx_users from bronze tdx/user: the newest version of each TDX person. The bronze entity is ExternalID; the
-- silver key is UID. A person's newest version is the enriched one (GET people/{uid}, with GroupIDs, Applications,
-- OrgApplications, Permissions) when the enrichment ran after the last search, else the search row: the newest
-- wins as a whole, so an older version's fields never mix into a newer one.
-- Active flag: a tombstoned person (gone from the active-people search) keeps the row of its last live version with
-- is_active = false (the tombstone is the row's raw_id, so it is read once). Blank text is NULL; the null GUID is NULL;
-- TDX's 0001-01-01 "no date" is NULL without a quality outcome; a value too long or unparsable is NULL and counted
-- (invalid:<column>). A version without a usable UID is skipped and counted (missing:tdx_user_uid / invalid:...).
-- uniqname = lower(trim(AlternateID)); a JSON null AlternateID lands with uniqname NULL (missing:uniqname). Two people
-- claiming one uniqname: the active one, then the smaller UID, keeps it; the other gets NULL (duplicate:uniqname).

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

-- Hash joins and sorts of a whole slice (tens of thousands of rows) stay in memory.
SET LOCAL work_mem = '64MB';

-- The silver rows and the bronze entity each was built from.
CREATE TEMP TABLE tdx_users_taken ON COMMIT DROP AS
SELECT s.tdx_user_uid, s.raw_id, b.external_id
FROM silver.tdx_users s
JOIN bronze.raw_entities b ON b.raw_id = s.raw_id;
CREATE INDEX ON tdx_users_taken (external_id);
ANALYZE tdx_users_taken;

-- Entities whose newest bronze version (tombstones included) is not the one their row was built from (full refresh:
-- every entity).
CREATE TEMP TABLE tdx_users_changed ON COMMIT DROP AS
SELECT l.raw_id, l.external_id, l.is_deleted, l.raw_data
FROM bronze.latest_raw_entities l
LEFT JOIN tdx_users_taken t ON t.external_id = l.external_id
WHERE l.source_system = 'tdx' AND l.entity_type = 'user'
  AND ((SELECT full_refresh FROM silver_step) OR t.raw_id IS DISTINCT FROM l.raw_id);

-- A tombstone carries no content: such a person is built from its newest live version.
UPDATE tdx_users_changed c
SET raw_data = live.raw_data
FROM (SELECT DISTINCT ON (b.external_id) b.external_id, b.raw_data
      FROM bronze.raw_entities b
      WHERE b.entity_type = 'user' AND b.source_system = 'tdx'
        AND b.external_id IN (SELECT external_id FROM tdx_users_changed WHERE is_deleted)
        AND NOT b.raw_data @> '{"_deleted": true}'::jsonb
      ORDER BY b.external_id, b.ingested_at DESC) live
WHERE c.is_deleted AND live.external_id = c.external_id;

-- One pass over each record: the cleaned source text (s), then the typed values (t), each computed once per row (OFFSET
-- 0 keeps the planner from copying the expressions into every reference); nulled = the columns a bad value emptied.
-- The keys are read with ->> from the record decompressed once (d): jsonb_to_record read them 20% slower, through a
-- tuplestore per row, and failed the step on a record that is not an object (issue 11).
CREATE TEMP TABLE tdx_users_typed ON COMMIT DROP AS
SELECT c.raw_id, c.external_id AS entity_id, c.is_deleted,
       s.tdx_user_uid IS NULL AS no_content,
       t.*,
       -- Nothing nulled, the common case, is told by counting values before and after typing (a typed value is NULL
       -- whenever its source is; a JSON column is '[]' when its source is NULL, so it lost a value only when it is NULL)
       -- without building the array of 62 names per row (issue 11).
       CASE WHEN num_nonnulls(
                    s.tdx_user_uid, s.uniqname, s.external_id, s.username, s.first_name, s.middle_name, s.last_name,
                    s.full_name, s.nickname, s.primary_email, s.alternate_email, s.alert_email, s.work_phone,
                    s.mobile_phone, s.home_phone, s.fax, s.other_phone, s.pager, s.im_provider, s.im_handle,
                    s.work_address, s.work_city, s.work_state, s.work_zip, s.work_country, s.title, s.company,
                    s.default_account_id, s.default_account_name, s.location_id, s.location_name, s.location_room_id,
                    s.location_room_name, s.reports_to_uid, s.reports_to_full_name, s.source_is_active,
                    s.is_employee, s.is_confidential, s.authentication_provider_id, s.authentication_user_name,
                    s.security_role_id, s.security_role_name, s.beid, s.beid_int, s.default_priority_id,
                    s.default_priority_name, s.should_report_time, s.is_capacity_managed, s.default_rate,
                    s.cost_rate, s.primary_client_portal_application_id, s.technician_signature,
                    s.profile_image_file_name, s.apply_technician_signature_to_replies,
                    s.apply_technician_signature_to_updates_and_comments, s.end_date, s.report_time_after_date)
               = num_nonnulls(
                    t.tdx_user_uid, t.uniqname, t.external_id, t.username, t.first_name, t.middle_name, t.last_name,
                    t.full_name, t.nickname, t.primary_email, t.alternate_email, t.alert_email, t.work_phone,
                    t.mobile_phone, t.home_phone, t.fax, t.other_phone, t.pager, t.im_provider, t.im_handle,
                    t.work_address, t.work_city, t.work_state, t.work_zip, t.work_country, t.title, t.company,
                    t.default_account_id, t.default_account_name, t.location_id, t.location_name, t.location_room_id,
                    t.location_room_name, t.reports_to_uid, t.reports_to_full_name, t.source_is_active,
                    t.is_employee, t.is_confidential, t.authentication_provider_id, t.authentication_user_name,
                    t.security_role_id, t.security_role_name, t.beid, t.beid_int, t.default_priority_id,
                    t.default_priority_name, t.should_report_time, t.is_capacity_managed, t.default_rate,
                    t.cost_rate, t.primary_client_portal_application_id, t.technician_signature,
                    t.profile_image_file_name, t.apply_technician_signature_to_replies,
                    t.apply_technician_signature_to_updates_and_comments, t.end_date, t.report_time_after_date)
             AND num_nonnulls(t.attributes, t.applications, t.org_applications, t.group_ids, t.permissions) = 5
            THEN '{}'::text[]
            ELSE array_remove(ARRAY[CASE WHEN s.tdx_user_uid IS NOT NULL AND t.tdx_user_uid IS NULL THEN 'tdx_user_uid' END,
                                    CASE WHEN s.uniqname IS NOT NULL AND t.uniqname IS NULL THEN 'uniqname' END,
                                    CASE WHEN s.external_id IS NOT NULL AND t.external_id IS NULL THEN 'external_id' END,
                                    CASE WHEN s.username IS NOT NULL AND t.username IS NULL THEN 'username' END,
                                    CASE WHEN s.first_name IS NOT NULL AND t.first_name IS NULL THEN 'first_name' END,
                                    CASE WHEN s.middle_name IS NOT NULL AND t.middle_name IS NULL THEN 'middle_name' END,
                                    CASE WHEN s.last_name IS NOT NULL AND t.last_name IS NULL THEN 'last_name' END,
                                    CASE WHEN s.full_name IS NOT NULL AND t.full_name IS NULL THEN 'full_name' END,
                                    CASE WHEN s.nickname IS NOT NULL AND t.nickname IS NULL THEN 'nickname' END,
                                    CASE WHEN s.primary_email IS NOT NULL AND t.primary_email IS NULL THEN 'primary_email' END,
                                    CASE WHEN s.alternate_email IS NOT NULL AND t.alternate_email IS NULL THEN 'alternate_email' END,
                                    CASE WHEN s.alert_email IS NOT NULL AND t.alert_email IS NULL THEN 'alert_email' END,
                                    CASE WHEN s.work_phone IS NOT NULL AND t.work_phone IS NULL THEN 'work_phone' END,
                                    CASE WHEN s.mobile_phone IS NOT NULL AND t.mobile_phone IS NULL THEN 'mobile_phone' END,
                                    CASE WHEN s.home_phone IS NOT NULL AND t.home_phone IS NULL THEN 'home_phone' END,
                                    CASE WHEN s.fax IS NOT NULL AND t.fax IS NULL THEN 'fax' END,
                                    CASE WHEN s.other_phone IS NOT NULL AND t.other_phone IS NULL THEN 'other_phone' END,
                                    CASE WHEN s.pager IS NOT NULL AND t.pager IS NULL THEN 'pager' END,
                                    CASE WHEN s.im_provider IS NOT NULL AND t.im_provider IS NULL THEN 'im_provider' END,
                                    CASE WHEN s.im_handle IS NOT NULL AND t.im_handle IS NULL THEN 'im_handle' END,
                                    CASE WHEN s.work_address IS NOT NULL AND t.work_address IS NULL THEN 'work_address' END,
                                    CASE WHEN s.work_city IS NOT NULL AND t.work_city IS NULL THEN 'work_city' END,
                                    CASE WHEN s.work_state IS NOT NULL AND t.work_state IS NULL THEN 'work_state' END,
                                    CASE WHEN s.work_zip IS NOT NULL AND t.work_zip IS NULL THEN 'work_zip' END,
                                    CASE WHEN s.work_country IS NOT NULL AND t.work_country IS NULL THEN 'work_country' END,
                                    CASE WHEN s.title IS NOT NULL AND t.title IS NULL THEN 'title' END,
                                    CASE WHEN s.company IS NOT NULL AND t.company IS NULL THEN 'company' END,
                                    CASE WHEN s.default_account_id IS NOT NULL AND t.default_account_id IS NULL THEN 'default_account_id' END,
                                    CASE WHEN s.default_account_name IS NOT NULL AND t.default_account_name IS NULL THEN 'default_account_name' END,
                                    CASE WHEN s.location_id IS NOT NULL AND t.location_id IS NULL THEN 'location_id' END,
                                    CASE WHEN s.location_name IS NOT NULL AND t.location_name IS NULL THEN 'location_name' END,
                                    CASE WHEN s.location_room_id IS NOT NULL AND t.location_room_id IS NULL THEN 'location_room_id' END,
                                    CASE WHEN s.location_room_name IS NOT NULL AND t.location_room_name IS NULL THEN 'location_room_name' END,
                                    CASE WHEN s.reports_to_uid IS NOT NULL AND t.reports_to_uid IS NULL THEN 'reports_to_uid' END,
                                    CASE WHEN s.reports_to_full_name IS NOT NULL AND t.reports_to_full_name IS NULL THEN 'reports_to_full_name' END,
                                    CASE WHEN s.source_is_active IS NOT NULL AND t.source_is_active IS NULL THEN 'source_is_active' END,
                                    CASE WHEN s.is_employee IS NOT NULL AND t.is_employee IS NULL THEN 'is_employee' END,
                                    CASE WHEN s.is_confidential IS NOT NULL AND t.is_confidential IS NULL THEN 'is_confidential' END,
                                    CASE WHEN s.authentication_provider_id IS NOT NULL AND t.authentication_provider_id IS NULL THEN 'authentication_provider_id' END,
                                    CASE WHEN s.authentication_user_name IS NOT NULL AND t.authentication_user_name IS NULL THEN 'authentication_user_name' END,
                                    CASE WHEN s.security_role_id IS NOT NULL AND t.security_role_id IS NULL THEN 'security_role_id' END,
                                    CASE WHEN s.security_role_name IS NOT NULL AND t.security_role_name IS NULL THEN 'security_role_name' END,
                                    CASE WHEN s.beid IS NOT NULL AND t.beid IS NULL THEN 'beid' END,
                                    CASE WHEN s.beid_int IS NOT NULL AND t.beid_int IS NULL THEN 'beid_int' END,
                                    CASE WHEN s.default_priority_id IS NOT NULL AND t.default_priority_id IS NULL THEN 'default_priority_id' END,
                                    CASE WHEN s.default_priority_name IS NOT NULL AND t.default_priority_name IS NULL THEN 'default_priority_name' END,
                                    CASE WHEN s.should_report_time IS NOT NULL AND t.should_report_time IS NULL THEN 'should_report_time' END,
                                    CASE WHEN s.is_capacity_managed IS NOT NULL AND t.is_capacity_managed IS NULL THEN 'is_capacity_managed' END,
                                    CASE WHEN s.default_rate IS NOT NULL AND t.default_rate IS NULL THEN 'default_rate' END,
                                    CASE WHEN s.cost_rate IS NOT NULL AND t.cost_rate IS NULL THEN 'cost_rate' END,
                                    CASE WHEN s.primary_client_portal_application_id IS NOT NULL AND t.primary_client_portal_application_id IS NULL THEN 'primary_client_portal_application_id' END,
                                    CASE WHEN s.technician_signature IS NOT NULL AND t.technician_signature IS NULL THEN 'technician_signature' END,
                                    CASE WHEN s.profile_image_file_name IS NOT NULL AND t.profile_image_file_name IS NULL THEN 'profile_image_file_name' END,
                                    CASE WHEN s.apply_technician_signature_to_replies IS NOT NULL AND t.apply_technician_signature_to_replies IS NULL THEN 'apply_technician_signature_to_replies' END,
                                    CASE WHEN s.apply_technician_signature_to_updates_and_comments IS NOT NULL AND t.apply_technician_signature_to_updates_and_comments IS NULL THEN 'apply_technician_signature_to_updates_and_comments' END,
                                    CASE WHEN s.end_date IS NOT NULL AND t.end_date IS NULL THEN 'end_date' END,
                                    CASE WHEN s.report_time_after_date IS NOT NULL AND t.report_time_after_date IS NULL THEN 'report_time_after_date' END,
                                    CASE WHEN s.attributes IS NOT NULL AND t.attributes IS NULL THEN 'attributes' END,
                                    CASE WHEN s.applications IS NOT NULL AND t.applications IS NULL THEN 'applications' END,
                                    CASE WHEN s.org_applications IS NOT NULL AND t.org_applications IS NULL THEN 'org_applications' END,
                                    CASE WHEN s.group_ids IS NOT NULL AND t.group_ids IS NULL THEN 'group_ids' END,
                                    CASE WHEN s.permissions IS NOT NULL AND t.permissions IS NULL THEN 'permissions' END], NULL) END AS nulled,
       -- Content hash: SHA-256 of the typed values, joined by the unit separator, a NULL written as the record separator
       -- (control characters no TDX value carries); uniqname's owner and is_active are compared on their own. Of the
       -- typed values, not of their sources: after a change to the typing, a --full-refresh must rewrite the rows whose
       -- values it changes. Joining the values' texts costs less than ROW()::text, which quotes and escapes each one
       -- (issue 11); the hash is only ever compared with itself.
       encode(sha256(convert_to(array_to_string(ARRAY[
           t.tdx_user_uid::text, t.uniqname::text, t.source_is_active::text,
           t.external_id::text, t.username::text, t.first_name::text,
           t.middle_name::text, t.last_name::text, t.full_name::text,
           t.nickname::text, t.primary_email::text, t.alternate_email::text,
           t.alert_email::text, t.work_phone::text, t.mobile_phone::text,
           t.home_phone::text, t.fax::text, t.other_phone::text,
           t.pager::text, t.im_provider::text, t.im_handle::text,
           t.work_address::text, t.work_city::text, t.work_state::text,
           t.work_zip::text, t.work_country::text, t.title::text,
           t.company::text, t.default_account_id::text,
           t.default_account_name::text, t.location_id::text,
           t.location_name::text, t.location_room_id::text,
           t.location_room_name::text, t.reports_to_uid::text,
           t.reports_to_full_name::text, t.is_employee::text,
           t.is_confidential::text, t.authentication_provider_id::text,
           t.authentication_user_name::text, t.security_role_id::text,
           t.security_role_name::text, t.beid::text, t.beid_int::text,
           t.default_priority_id::text, t.default_priority_name::text,
           t.should_report_time::text, t.is_capacity_managed::text,
           t.default_rate::text, t.cost_rate::text,
           t.primary_client_portal_application_id::text, t.technician_signature::text,
           t.profile_image_file_name::text, t.apply_technician_signature_to_replies::text,
           t.apply_technician_signature_to_updates_and_comments::text, t.end_date::text,
           t.report_time_after_date::text, t.attributes::text,
           t.applications::text, t.org_applications::text,
           t.group_ids::text, t.permissions::text], E'\x1f', E'\x1e'), 'UTF8')), 'hex') AS entity_hash
FROM (SELECT c.raw_id, c.external_id, c.is_deleted,
             c.raw_data #> '{}' AS d -- the record decompressed once: each ->> below would decompress it again
      FROM tdx_users_changed c
      OFFSET 0) c
CROSS JOIN LATERAL (
    SELECT nullif(silver.clean_text(c.d->>'UID'), '00000000-0000-0000-0000-000000000000') AS tdx_user_uid,
           lower(silver.clean_text(c.d->>'AlternateID')) AS uniqname,
           silver.clean_text(c.d->>'ExternalID') AS external_id,
           silver.clean_text(c.d->>'UserName') AS username,
           silver.clean_text(c.d->>'FirstName') AS first_name,
           silver.clean_text(c.d->>'MiddleName') AS middle_name,
           silver.clean_text(c.d->>'LastName') AS last_name,
           silver.clean_text(c.d->>'FullName') AS full_name,
           silver.clean_text(c.d->>'Nickname') AS nickname,
           silver.clean_text(c.d->>'PrimaryEmail') AS primary_email,
           silver.clean_text(c.d->>'AlternateEmail') AS alternate_email,
           silver.clean_text(c.d->>'AlertEmail') AS alert_email,
           silver.clean_text(c.d->>'WorkPhone') AS work_phone,
           silver.clean_text(c.d->>'MobilePhone') AS mobile_phone,
           silver.clean_text(c.d->>'HomePhone') AS home_phone,
           silver.clean_text(c.d->>'Fax') AS fax,
           silver.clean_text(c.d->>'OtherPhone') AS other_phone,
           silver.clean_text(c.d->>'Pager') AS pager,
           silver.clean_text(c.d->>'IMProvider') AS im_provider,
           silver.clean_text(c.d->>'IMHandle') AS im_handle,
           silver.clean_text(c.d->>'WorkAddress') AS work_address,
           silver.clean_text(c.d->>'WorkCity') AS work_city,
           silver.clean_text(c.d->>'WorkState') AS work_state,
           silver.clean_text(c.d->>'WorkZip') AS work_zip,
           silver.clean_text(c.d->>'WorkCountry') AS work_country,
           silver.clean_text(c.d->>'Title') AS title,
           silver.clean_text(c.d->>'Company') AS company,
           silver.clean_text(c.d->>'DefaultAccountID') AS default_account_id,
           silver.clean_text(c.d->>'DefaultAccountName') AS default_account_name,
           silver.clean_text(c.d->>'LocationID') AS location_id,
           silver.clean_text(c.d->>'LocationName') AS location_name,
           silver.clean_text(c.d->>'LocationRoomID') AS location_room_id,
           silver.clean_text(c.d->>'LocationRoomName') AS location_room_name,
           nullif(silver.clean_text(c.d->>'ReportsToUID'), '00000000-0000-0000-0000-000000000000') AS reports_to_uid,
           silver.clean_text(c.d->>'ReportsToFullName') AS reports_to_full_name,
           lower(silver.clean_text(c.d->>'IsActive')) AS source_is_active,
           lower(silver.clean_text(c.d->>'IsEmployee')) AS is_employee,
           lower(silver.clean_text(c.d->>'IsConfidential')) AS is_confidential,
           silver.clean_text(c.d->>'AuthenticationProviderID') AS authentication_provider_id,
           silver.clean_text(c.d->>'AuthenticationUserName') AS authentication_user_name,
           nullif(silver.clean_text(c.d->>'SecurityRoleID'), '00000000-0000-0000-0000-000000000000') AS security_role_id,
           silver.clean_text(c.d->>'SecurityRoleName') AS security_role_name,
           silver.clean_text(c.d->>'BEID') AS beid,
           silver.clean_text(c.d->>'BEIDInt') AS beid_int,
           silver.clean_text(c.d->>'DefaultPriorityID') AS default_priority_id,
           silver.clean_text(c.d->>'DefaultPriorityName') AS default_priority_name,
           lower(silver.clean_text(c.d->>'ShouldReportTime')) AS should_report_time,
           lower(silver.clean_text(c.d->>'IsCapacityManaged')) AS is_capacity_managed,
           silver.clean_text(c.d->>'DefaultRate') AS default_rate,
           silver.clean_text(c.d->>'CostRate') AS cost_rate,
           silver.clean_text(c.d->>'PrimaryClientPortalApplicationID') AS primary_client_portal_application_id,
           silver.clean_text(c.d->>'TechnicianSignature') AS technician_signature,
           silver.clean_text(c.d->>'ProfileImageFileName') AS profile_image_file_name,
           lower(silver.clean_text(c.d->>'ApplyTechnicianSignatureToReplies')) AS apply_technician_signature_to_replies,
           lower(silver.clean_text(c.d->>'ApplyTechnicianSignatureToUpdatesAndComments')) AS apply_technician_signature_to_updates_and_comments,
           CASE WHEN silver.clean_text(c.d->>'EndDate') NOT LIKE '0001-01-01%' THEN silver.clean_text(c.d->>'EndDate') END AS end_date,
           CASE WHEN silver.clean_text(c.d->>'ReportTimeAfterDate') NOT LIKE '0001-01-01%' THEN silver.clean_text(c.d->>'ReportTimeAfterDate') END AS report_time_after_date,
           nullif(c.d->'Attributes', 'null'::jsonb) AS attributes,
           nullif(c.d->'Applications', 'null'::jsonb) AS applications,
           nullif(c.d->'OrgApplications', 'null'::jsonb) AS org_applications,
           nullif(c.d->'GroupIDs', 'null'::jsonb) AS group_ids,
           nullif(c.d->'Permissions', 'null'::jsonb) AS permissions
    OFFSET 0
) s
-- GUIDs and integers through silver.tdx_guid and silver.tdx_int, which test the common shape without a regex (issue 11).
CROSS JOIN LATERAL (
    SELECT silver.tdx_guid(s.tdx_user_uid) AS tdx_user_uid,
           CASE WHEN length(s.uniqname) <= 50 THEN s.uniqname END AS uniqname,
           CASE WHEN length(s.external_id) <= 50 THEN s.external_id END AS external_id,
           CASE WHEN length(s.username) <= 255 THEN s.username END AS username,
           CASE WHEN length(s.first_name) <= 255 THEN s.first_name END AS first_name,
           CASE WHEN length(s.middle_name) <= 255 THEN s.middle_name END AS middle_name,
           CASE WHEN length(s.last_name) <= 255 THEN s.last_name END AS last_name,
           CASE WHEN length(s.full_name) <= 255 THEN s.full_name END AS full_name,
           CASE WHEN length(s.nickname) <= 255 THEN s.nickname END AS nickname,
           CASE WHEN length(s.primary_email) <= 255 THEN s.primary_email END AS primary_email,
           CASE WHEN length(s.alternate_email) <= 255 THEN s.alternate_email END AS alternate_email,
           CASE WHEN length(s.alert_email) <= 255 THEN s.alert_email END AS alert_email,
           CASE WHEN length(s.work_phone) <= 50 THEN s.work_phone END AS work_phone,
           CASE WHEN length(s.mobile_phone) <= 50 THEN s.mobile_phone END AS mobile_phone,
           CASE WHEN length(s.home_phone) <= 50 THEN s.home_phone END AS home_phone,
           CASE WHEN length(s.fax) <= 50 THEN s.fax END AS fax,
           CASE WHEN length(s.other_phone) <= 50 THEN s.other_phone END AS other_phone,
           CASE WHEN length(s.pager) <= 50 THEN s.pager END AS pager,
           CASE WHEN length(s.im_provider) <= 100 THEN s.im_provider END AS im_provider,
           CASE WHEN length(s.im_handle) <= 255 THEN s.im_handle END AS im_handle,
           CASE WHEN length(s.work_address) <= 255 THEN s.work_address END AS work_address,
           CASE WHEN length(s.work_city) <= 100 THEN s.work_city END AS work_city,
           CASE WHEN length(s.work_state) <= 50 THEN s.work_state END AS work_state,
           CASE WHEN length(s.work_zip) <= 20 THEN s.work_zip END AS work_zip,
           CASE WHEN length(s.work_country) <= 100 THEN s.work_country END AS work_country,
           CASE WHEN length(s.title) <= 255 THEN s.title END AS title,
           CASE WHEN length(s.company) <= 255 THEN s.company END AS company,
           silver.tdx_int(s.default_account_id) AS default_account_id,
           CASE WHEN length(s.default_account_name) <= 255 THEN s.default_account_name END AS default_account_name,
           silver.tdx_int(s.location_id) AS location_id,
           CASE WHEN length(s.location_name) <= 255 THEN s.location_name END AS location_name,
           silver.tdx_int(s.location_room_id) AS location_room_id,
           CASE WHEN length(s.location_room_name) <= 255 THEN s.location_room_name END AS location_room_name,
           silver.tdx_guid(s.reports_to_uid) AS reports_to_uid,
           CASE WHEN length(s.reports_to_full_name) <= 255 THEN s.reports_to_full_name END AS reports_to_full_name,
           CASE s.source_is_active WHEN 'true' THEN true WHEN 'false' THEN false END AS source_is_active,
           CASE s.is_employee WHEN 'true' THEN true WHEN 'false' THEN false END AS is_employee,
           CASE s.is_confidential WHEN 'true' THEN true WHEN 'false' THEN false END AS is_confidential,
           silver.tdx_int(s.authentication_provider_id) AS authentication_provider_id,
           CASE WHEN length(s.authentication_user_name) <= 255 THEN s.authentication_user_name END AS authentication_user_name,
           silver.tdx_guid(s.security_role_id) AS security_role_id,
           CASE WHEN length(s.security_role_name) <= 100 THEN s.security_role_name END AS security_role_name,
           CASE WHEN length(s.beid) <= 255 THEN s.beid END AS beid,
           silver.tdx_int(s.beid_int) AS beid_int,
           silver.tdx_int(s.default_priority_id) AS default_priority_id,
           CASE WHEN length(s.default_priority_name) <= 100 THEN s.default_priority_name END AS default_priority_name,
           CASE s.should_report_time WHEN 'true' THEN true WHEN 'false' THEN false END AS should_report_time,
           CASE s.is_capacity_managed WHEN 'true' THEN true WHEN 'false' THEN false END AS is_capacity_managed,
           CASE WHEN s.default_rate ~ '^-?\d{1,7}(\.\d+)?$' THEN s.default_rate::numeric(10,2) END AS default_rate,
           CASE WHEN s.cost_rate ~ '^-?\d{1,7}(\.\d+)?$' THEN s.cost_rate::numeric(10,2) END AS cost_rate,
           silver.tdx_int(s.primary_client_portal_application_id) AS primary_client_portal_application_id,
           s.technician_signature AS technician_signature,
           CASE WHEN length(s.profile_image_file_name) <= 255 THEN s.profile_image_file_name END AS profile_image_file_name,
           CASE s.apply_technician_signature_to_replies WHEN 'true' THEN true WHEN 'false' THEN false END AS apply_technician_signature_to_replies,
           CASE s.apply_technician_signature_to_updates_and_comments WHEN 'true' THEN true WHEN 'false' THEN false END AS apply_technician_signature_to_updates_and_comments,
           silver.try_iso_timestamptz(s.end_date) AS end_date,
           silver.try_iso_timestamptz(s.report_time_after_date) AS report_time_after_date,
           CASE WHEN s.attributes IS NULL THEN '[]'::jsonb WHEN jsonb_typeof(s.attributes) = 'array' THEN s.attributes END AS attributes,
           CASE WHEN s.applications IS NULL THEN '[]'::jsonb WHEN jsonb_typeof(s.applications) = 'array' THEN s.applications END AS applications,
           CASE WHEN s.org_applications IS NULL THEN '[]'::jsonb WHEN jsonb_typeof(s.org_applications) = 'array' THEN s.org_applications END AS org_applications,
           CASE WHEN s.group_ids IS NULL THEN '[]'::jsonb WHEN jsonb_typeof(s.group_ids) = 'array' THEN s.group_ids END AS group_ids,
           CASE WHEN s.permissions IS NULL THEN '{}'::jsonb WHEN jsonb_typeof(s.permissions) IN ('array', 'object') THEN s.permissions END AS permissions
    OFFSET 0
) t;

-- One row per UID (two entities claiming one UID: the smaller ExternalID): the keys only, the wide typed row is read once
-- more by the insert (an anti-join on the two small keys instead of DISTINCT ON, so the wide rows are never sorted or
-- copied into one more table).
CREATE TEMP TABLE tdx_users_rows ON COMMIT DROP AS
SELECT t.entity_id, t.tdx_user_uid, t.uniqname,
       coalesce(t.source_is_active, true) AND NOT t.is_deleted AS is_active,
       t.nulled @> '{uniqname}' AS uniqname_nulled
FROM tdx_users_typed t
WHERE t.tdx_user_uid IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM tdx_users_typed o WHERE o.tdx_user_uid = t.tdx_user_uid AND o.entity_id < t.entity_id);
-- Statistics for the joins below (on a temp table there are none until ANALYZE): without them the planner sorted the
-- wide rows for a merge join with the uniqname owners.
ANALYZE tdx_users_rows;

-- Who keeps each uniqname: among these rows and the rows not recomputed now, the active one, then the smaller UID.
CREATE TEMP TABLE tdx_users_uniqname ON COMMIT DROP AS
SELECT DISTINCT ON (uniqname) uniqname, tdx_user_uid
FROM (SELECT uniqname, tdx_user_uid, is_active FROM tdx_users_rows WHERE uniqname IS NOT NULL
      UNION ALL
      SELECT s.uniqname, s.tdx_user_uid, s.is_active
      FROM silver.tdx_users s
      WHERE s.uniqname IN (SELECT uniqname FROM tdx_users_rows)
        AND s.tdx_user_uid NOT IN (SELECT tdx_user_uid FROM tdx_users_rows)) claims
ORDER BY uniqname, is_active DESC, tdx_user_uid;
ANALYZE tdx_users_uniqname;

-- The unique index on uniqname is checked row by row: free the uniqnames that move before writing them again.
UPDATE silver.tdx_users s
SET uniqname = NULL
WHERE s.uniqname IN (SELECT uniqname FROM tdx_users_rows)
  AND NOT EXISTS (SELECT 1 FROM tdx_users_uniqname u WHERE u.uniqname = s.uniqname AND u.tdx_user_uid = s.tdx_user_uid);

WITH written AS (
    INSERT INTO silver.tdx_users AS s (
        tdx_user_uid, uniqname, is_active, external_id, username, first_name, middle_name, last_name, full_name, nickname, primary_email, alternate_email, alert_email, work_phone, mobile_phone, home_phone, fax, other_phone, pager, im_provider, im_handle, work_address, work_city, work_state, work_zip, work_country, title, company, default_account_id, default_account_name, location_id, location_name, location_room_id, location_room_name, reports_to_uid, reports_to_full_name, is_employee, is_confidential, authentication_provider_id, authentication_user_name, security_role_id, security_role_name, beid, beid_int, default_priority_id, default_priority_name, should_report_time, is_capacity_managed, default_rate, cost_rate, primary_client_portal_application_id, technician_signature, profile_image_file_name, apply_technician_signature_to_replies, apply_technician_signature_to_updates_and_comments, end_date, report_time_after_date, attributes, applications, org_applications, group_ids, permissions,
        raw_id, entity_hash, ingestion_run_id)
    SELECT r.tdx_user_uid, u.uniqname, k.is_active, r.external_id, r.username, r.first_name, r.middle_name, r.last_name, r.full_name, r.nickname, r.primary_email, r.alternate_email, r.alert_email, r.work_phone, r.mobile_phone, r.home_phone, r.fax, r.other_phone, r.pager, r.im_provider, r.im_handle, r.work_address, r.work_city, r.work_state, r.work_zip, r.work_country, r.title, r.company, r.default_account_id, r.default_account_name, r.location_id, r.location_name, r.location_room_id, r.location_room_name, r.reports_to_uid, r.reports_to_full_name, r.is_employee, r.is_confidential, r.authentication_provider_id, r.authentication_user_name, r.security_role_id, r.security_role_name, r.beid, r.beid_int, r.default_priority_id, r.default_priority_name, r.should_report_time, r.is_capacity_managed, r.default_rate, r.cost_rate, r.primary_client_portal_application_id, r.technician_signature, r.profile_image_file_name, r.apply_technician_signature_to_replies, r.apply_technician_signature_to_updates_and_comments, r.end_date, r.report_time_after_date, r.attributes, r.applications, r.org_applications, r.group_ids, r.permissions,
           r.raw_id, r.entity_hash, (SELECT run_id FROM silver_step)
    FROM tdx_users_rows k
    JOIN tdx_users_typed r ON r.entity_id = k.entity_id
    LEFT JOIN tdx_users_uniqname u ON u.uniqname = k.uniqname AND u.tdx_user_uid = k.tdx_user_uid
    ON CONFLICT (tdx_user_uid) DO UPDATE
    SET uniqname = EXCLUDED.uniqname,
        is_active = EXCLUDED.is_active,
        external_id = EXCLUDED.external_id,
        username = EXCLUDED.username,
        first_name = EXCLUDED.first_name,
        middle_name = EXCLUDED.middle_name,
        last_name = EXCLUDED.last_name,
        full_name = EXCLUDED.full_name,
        nickname = EXCLUDED.nickname,
        primary_email = EXCLUDED.primary_email,
        alternate_email = EXCLUDED.alternate_email,
        alert_email = EXCLUDED.alert_email,
        work_phone = EXCLUDED.work_phone,
        mobile_phone = EXCLUDED.mobile_phone,
        home_phone = EXCLUDED.home_phone,
        fax = EXCLUDED.fax,
        other_phone = EXCLUDED.other_phone,
        pager = EXCLUDED.pager,
        im_provider = EXCLUDED.im_provider,
        im_handle = EXCLUDED.im_handle,
        work_address = EXCLUDED.work_address,
        work_city = EXCLUDED.work_city,
        work_state = EXCLUDED.work_state,
        work_zip = EXCLUDED.work_zip,
        work_country = EXCLUDED.work_country,
        title = EXCLUDED.title,
        company = EXCLUDED.company,
        default_account_id = EXCLUDED.default_account_id,
        default_account_name = EXCLUDED.default_account_name,
        location_id = EXCLUDED.location_id,
        location_name = EXCLUDED.location_name,
        location_room_id = EXCLUDED.location_room_id,
        location_room_name = EXCLUDED.location_room_name,
        reports_to_uid = EXCLUDED.reports_to_uid,
        reports_to_full_name = EXCLUDED.reports_to_full_name,
        is_employee = EXCLUDED.is_employee,
        is_confidential = EXCLUDED.is_confidential,
        authentication_provider_id = EXCLUDED.authentication_provider_id,
        authentication_user_name = EXCLUDED.authentication_user_name,
        security_role_id = EXCLUDED.security_role_id,
        security_role_name = EXCLUDED.security_role_name,
        beid = EXCLUDED.beid,
        beid_int = EXCLUDED.beid_int,
        default_priority_id = EXCLUDED.default_priority_id,
        default_priority_name = EXCLUDED.default_priority_name,
        should_report_time = EXCLUDED.should_report_time,
        is_capacity_managed = EXCLUDED.is_capacity_managed,
        default_rate = EXCLUDED.default_rate,
        cost_rate = EXCLUDED.cost_rate,
        primary_client_portal_application_id = EXCLUDED.primary_client_portal_application_id,
        technician_signature = EXCLUDED.technician_signature,
        profile_image_file_name = EXCLUDED.profile_image_file_name,
        apply_technician_signature_to_replies = EXCLUDED.apply_technician_signature_to_replies,
        apply_technician_signature_to_updates_and_comments = EXCLUDED.apply_technician_signature_to_updates_and_comments,
        end_date = EXCLUDED.end_date,
        report_time_after_date = EXCLUDED.report_time_after_date,
        attributes = EXCLUDED.attributes,
        applications = EXCLUDED.applications,
        org_applications = EXCLUDED.org_applications,
        group_ids = EXCLUDED.group_ids,
        permissions = EXCLUDED.permissions,
        raw_id = EXCLUDED.raw_id, entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id,
        updated_at = CURRENT_TIMESTAMP
    -- A new bronze version with the same content only moves the lineage (raw_id), so it is not read again.
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
       OR s.is_active IS DISTINCT FROM EXCLUDED.is_active OR s.uniqname IS DISTINCT FROM EXCLUDED.uniqname
    RETURNING (xmax = 0) AS inserted, NOT s.is_active AS retired
)
SELECT (SELECT count(*) FROM tdx_users_changed)                                       AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                         AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted AND NOT retired) FROM written)     AS updated,
       (SELECT count(*) FILTER (WHERE NOT inserted AND retired) FROM written)         AS deleted,
       typed.n - kept.n                                                               AS skipped,
       -- Counted from flags and row counts, not by joining the wide tables again (a zero count is not reported): a
       -- version without content has no UID, so it is never a row; every other version with a UID that is not a row
       -- lost it to a smaller ExternalID. Each table is read once for its counts, the outcomes only from the rows
       -- that have one.
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT 'invalid:' || column_name AS outcome, count(*) AS n
              FROM tdx_users_typed t, unnest(t.nulled) AS column_name
              WHERE t.nulled <> '{}'
              GROUP BY column_name) counted)
       || jsonb_build_object(
              'missing:tdx_user_uid', typed.no_content,
              'duplicate_key', typed.with_uid - kept.n,
              'missing:uniqname', kept.missing_uniqname,
              'duplicate:uniqname', (SELECT count(*) FROM tdx_users_rows r
                                     WHERE r.uniqname IS NOT NULL
                                       AND NOT EXISTS (SELECT 1 FROM tdx_users_uniqname u
                                                       WHERE u.uniqname = r.uniqname AND u.tdx_user_uid = r.tdx_user_uid))) AS quality
FROM (SELECT count(*) AS n, count(*) FILTER (WHERE no_content) AS no_content, count(*) FILTER (WHERE tdx_user_uid IS NOT NULL) AS with_uid
      FROM tdx_users_typed) typed,
     (SELECT count(*) AS n, count(*) FILTER (WHERE uniqname IS NULL AND NOT uniqname_nulled) AS missing_uniqname
      FROM tdx_users_rows) kept;
