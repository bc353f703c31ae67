-- LSATS Hub: silver views. Applied after production_schema.sql; re-runnable (every view is CREATE OR REPLACE).
-- Canonical table names only: no view reads a *_legacy or *_backup table. Where the original read a legacy
-- table, the canonical table and column are used and the change is noted at the view.
-- Changing a view's columns (not just its query) needs DROP VIEW in a numbered migration first: CREATE OR
-- REPLACE VIEW may only append columns.

-- =====================================================================================================
-- Labs
-- =====================================================================================================

-- One row per lab with PI and department names. (Original read silver.users_legacy.)
CREATE OR REPLACE VIEW silver.v_lab_summary AS
SELECT l.lab_id,
       l.lab_name,
       l.pi_uniqname,
       u.full_name         AS pi_full_name,
       u.primary_email     AS pi_email,
       u.job_title         AS pi_job_title,
       l.primary_department_id,
       d.department_name   AS primary_department_name,
       l.total_award_dollars,
       l.award_count,
       l.active_award_count,
       l.member_count,
       l.computer_count,
       l.is_active,
       l.data_source,
       l.data_quality_score
FROM silver.labs l
LEFT JOIN silver.users u ON u.uniqname = l.pi_uniqname
LEFT JOIN silver.departments d ON d.dept_id = l.primary_department_id;

-- Active labs and the groups named after their PI. (Original read silver.groups_legacy: ad_sam_account_name,
-- mcommunity_dn, member_count, is_ad_synced, email_address are now sam_account_name, distinguished_name,
-- the length of members, is_mcomm_adsync, group_email.)
CREATE OR REPLACE VIEW silver.v_lab_groups AS
SELECT l.lab_id,
       l.lab_name,
       l.pi_uniqname,
       g.group_id,
       g.group_name,
       g.description,
       CASE WHEN jsonb_typeof(g.members) = 'array' THEN jsonb_array_length(g.members) END AS group_member_count,
       CASE
           WHEN g.sam_account_name LIKE 'lsa-' || l.pi_uniqname || '-%' THEN 'sam_prefix_standard'
           WHEN g.sam_account_name LIKE 'lsa-%' || l.pi_uniqname || '-%' THEN 'sam_prefix_dept'
           WHEN g.sam_account_name = 'lsa-' || l.pi_uniqname THEN 'sam_exact_match'
           WHEN g.distinguished_name ILIKE '%OU=' || l.pi_uniqname || ',%' THEN 'dn_ou_match'
           ELSE 'other'
       END AS match_type,
       g.is_mcomm_adsync,
       g.group_email
FROM silver.labs l
JOIN silver.groups g
  ON g.sam_account_name LIKE 'lsa-' || l.pi_uniqname || '-%'
  OR g.sam_account_name LIKE 'lsa-%' || l.pi_uniqname || '-%'
  OR g.sam_account_name = 'lsa-' || l.pi_uniqname
  OR g.distinguished_name ILIKE '%OU=' || l.pi_uniqname || ',%'
WHERE l.is_active;

-- Lab members with the lab name and the member's titles. (Original read silver.users_legacy and its
-- department_job_titles column; the canonical column is users.department_job_title.)
CREATE OR REPLACE VIEW silver.v_lab_members_detailed AS
SELECT lm.lab_id,
       l.lab_name,
       lm.member_uniqname,
       lm.member_full_name,
       lm.member_role,
       lm.award_role,
       lm.is_pi,
       lm.is_investigator,
       u.job_title,
       u.department_job_title,
       u.job_codes,
       lm.member_department_name,
       lm.silver_user_exists
FROM silver.lab_members lm
JOIN silver.labs l ON l.lab_id = lm.lab_id
LEFT JOIN silver.users u ON u.uniqname = lm.member_uniqname;

-- Lab statistics per department.
CREATE OR REPLACE VIEW silver.v_department_labs AS
SELECT d.dept_id,
       d.department_name,
       count(l.lab_id)                                  AS lab_count,
       sum(l.total_award_dollars)                       AS total_department_funding,
       sum(l.member_count)                              AS total_lab_members,
       sum(l.computer_count)                            AS total_lab_computers,
       count(l.lab_id) FILTER (WHERE l.is_active)       AS active_lab_count,
       count(l.lab_id) FILTER (WHERE l.has_award_data)  AS labs_with_awards,
       count(l.lab_id) FILTER (WHERE l.has_ou_data)     AS labs_with_ou
FROM silver.departments d
LEFT JOIN silver.labs l ON l.primary_department_id = d.dept_id
GROUP BY d.dept_id, d.department_name;

-- Labs LSATS monitors: an AD OU, a department and at least one computer. Read by the TDX lab-CI sync.
CREATE OR REPLACE VIEW silver.v_labs_monitored AS
SELECT l.lab_id,
       l.lab_name,
       l.lab_display_name,
       l.pi_uniqname,
       l.primary_department_id,
       l.department_ids,
       l.department_names,
       l.member_count,
       l.computer_count,
       l.ad_ou_dn,
       l.ad_ou_hierarchy,
       l.ad_parent_ou,
       l.ad_ou_depth,
       l.has_award_data,
       l.has_ad_ou,
       l.is_active,
       l.source_system,
       l.data_quality_score,
       l.quality_flags,
       l.total_award_dollars,
       l.active_award_count,
       l.tdx_ci_id,
       l.created_at,
       l.updated_at
FROM silver.labs l
WHERE l.ad_ou_dn IS NOT NULL
  AND l.primary_department_id IS NOT NULL
  AND l.computer_count > 0
ORDER BY l.member_count DESC;

-- Active labs whose OU was classified as a potential lab (empty until something sets ou_depth_category).
CREATE OR REPLACE VIEW silver.v_labs_refined AS
SELECT l.lab_id,
       l.pi_uniqname,
       l.lab_name,
       l.lab_display_name,
       l.primary_department_id,
       l.department_ids,
       l.total_award_dollars,
       l.total_direct_dollars,
       l.total_indirect_dollars,
       l.award_count,
       l.active_award_count,
       l.earliest_award_start,
       l.latest_award_end,
       l.has_ad_ou,
       l.ad_ou_dn,
       l.ad_ou_hierarchy,
       l.ad_ou_depth,
       l.ou_depth_category,
       l.computer_count,
       l.member_count,
       l.pi_count,
       l.investigator_count,
       l.is_active,
       l.has_active_awards,
       l.has_active_ou,
       l.has_award_data,
       l.has_ou_data,
       l.data_source,
       l.data_quality_score,
       l.quality_flags,
       l.created_at,
       l.updated_at
FROM silver.labs l
WHERE l.ou_depth_category = 'potential_lab'
  AND l.is_active
ORDER BY l.lab_name;

-- Awards of each lab's PI (any role) that have not ended. Replaces v_lab_active_awards_legacy, which read
-- silver.lab_awards_legacy (lab_id, is_active); lab_awards has neither, so the lab is matched on the PI and
-- "active" is an end date today or later.
CREATE OR REPLACE VIEW silver.v_lab_active_awards AS
SELECT l.lab_id,
       l.lab_name,
       la.award_id,
       la.award_title,
       la.award_total_dollars,
       la.award_start_date,
       la.award_end_date,
       la.direct_sponsor_name,
       la.person_uniqname,
       la.person_role
FROM silver.labs l
JOIN silver.lab_awards la ON la.person_uniqname = l.pi_uniqname
WHERE la.award_end_date >= CURRENT_DATE
ORDER BY l.lab_id, la.award_end_date DESC;

-- =====================================================================================================
-- Lab manager identification (read by the lab_managers and labs steps)
-- =====================================================================================================

-- Active labs with computers whose primary department is known to TDX.
CREATE OR REPLACE VIEW silver.v_legitimate_labs AS
SELECT l.lab_id,
       l.lab_name,
       l.pi_uniqname,
       l.member_count,
       l.computer_count,
       l.primary_department_id,
       d.tdx_id AS department_tdx_id
FROM silver.labs l
JOIN silver.departments d ON d.dept_id = l.primary_department_id
WHERE l.is_active
  AND l.computer_count > 0
  AND d.tdx_id IS NOT NULL;

-- Lab members with TDX identities, for ticket searches: PIs and non-professors, outside the excluded
-- (central support) departments. A NULL member_department_id is excluded, as in the original (<> ALL is NULL).
CREATE OR REPLACE VIEW silver.v_lab_members_all_tdx_reference AS
SELECT lm.membership_id,
       lm.lab_id,
       lm.member_uniqname,
       lm.member_role,
       lm.member_job_title,
       lm.is_pi,
       lm.is_investigator,
       u.job_codes,
       u.tdx_user_uid,
       l.tdx_ci_id
FROM silver.lab_members lm
JOIN silver.users u ON u.uniqname = lm.member_uniqname
JOIN silver.labs l ON l.lab_id = lm.lab_id
WHERE lm.member_role IS NOT NULL
  AND lm.member_department_id::text <> ALL (ARRAY[
        '171240', '481477', '171210', '171220', '171245', '171230', '481207', '309980', '309982',
        '309981', '315834', '231640', '211600', '481450', '676785', '309919', '309921', '380002'])
  AND lm.member_role NOT ILIKE '%Chief Administrator%'
  AND (lm.is_pi OR u.job_title NOT ILIKE '%professor%');

-- Lab members who may be scored as lab managers. (Original read silver.users_legacy.)
CREATE OR REPLACE VIEW silver.v_eligible_lab_members AS
SELECT lm.membership_id,
       lm.lab_id,
       lm.member_uniqname,
       lm.member_role,
       lm.member_job_title,
       lm.is_pi,
       lm.is_investigator,
       u.job_codes,
       u.tdx_user_uid
FROM silver.lab_members lm
JOIN silver.users u ON u.uniqname = lm.member_uniqname
WHERE lm.member_role IS NOT NULL
  AND lm.member_department_id::text <> ALL (ARRAY[
        '171240', '481477', '171210', '171220', '171245', '171230', '481207', '309980', '309982',
        '309981', '315834', '231640', '211600', '481450', '676785', '309919', '309921', '380002'])
  AND lm.member_role NOT ILIKE '%Chief Administrator%'
  AND lm.member_role NOT ILIKE '%Professor%'
  AND NOT lm.is_pi;

-- Lab managers with department names, for people. Inner joins on department_code, as in the original:
-- managers whose lab or own department is unknown drop out. preferred_name is the users consolidation's display name.
CREATE OR REPLACE VIEW silver.v_lab_managers_detailed AS
SELECT d_manager.department_name AS manager_department_full_name,
       lm.lab_id,
       lm.manager_uniqname,
       u.preferred_name,
       u.job_title,
       d_lab.department_name     AS lab_department_full_name,
       lm.manager_tdx_uid,
       lm.detection_reason,
       lm.manager_rank,
       lm.manager_confidence_score,
       lm.is_verified,
       lm.verification_notes
FROM silver.lab_managers lm
JOIN silver.departments d_lab ON d_lab.department_code = lm.lab_department_id
JOIN silver.departments d_manager ON d_manager.department_code = lm.manager_department_id
JOIN silver.users u ON u.uniqname = lm.manager_uniqname
ORDER BY lm.lab_id, lm.manager_rank;

-- Lab managers with the TDX identifiers the lab-CI sync writes.
CREATE OR REPLACE VIEW silver.v_lab_managers_tdx_reference AS
SELECT lm.lab_id,
       u.tdx_user_uid    AS pi_tdx_uid,
       lm.manager_tdx_uid,
       d_lab.tdx_id      AS lab_department_tdx_id,
       d_manager.tdx_id  AS manager_department_tdx_id
FROM silver.lab_managers lm
JOIN silver.departments d_lab ON d_lab.department_code = lm.lab_department_id
JOIN silver.departments d_manager ON d_manager.department_code = lm.manager_department_id
JOIN silver.users u ON u.uniqname = lm.lab_id
ORDER BY lm.lab_id;

-- =====================================================================================================
-- Lab computers: locations, purchases, TDX references (associations with confidence >= 0.65)
-- =====================================================================================================

CREATE OR REPLACE VIEW silver.v_lab_locations_detailed AS
SELECT u.department_name,
       lc.lab_id,
       concat(c.location_info ->> 'location_name', ' ', c.location_info ->> 'room_name') AS location_description,
       count(*) AS computers_with_location_description
FROM silver.computers c
JOIN silver.lab_computers lc ON lc.computer_id = c.computer_id
JOIN silver.users u ON u.uniqname = lc.lab_id
WHERE lc.confidence_score >= 0.65
GROUP BY u.department_name, lc.lab_id, location_description
ORDER BY lc.lab_id, computers_with_location_description DESC;

CREATE OR REPLACE VIEW silver.v_lab_locations_tdx_reference AS
SELECT u.department_name,
       d.tdx_id AS department_tdx_id,
       lc.lab_id,
       c.location_info ->> 'room_id'     AS room_id,
       c.location_info ->> 'location_id' AS location_id,
       concat(c.location_info ->> 'location_name', ' ', c.location_info ->> 'room_name') AS location_description,
       count(*) AS computers_with_location_description
FROM silver.computers c
JOIN silver.lab_computers lc ON lc.computer_id = c.computer_id
JOIN silver.users u ON u.uniqname = lc.lab_id
JOIN silver.departments d ON d.department_code = u.department_id
WHERE lc.confidence_score >= 0.65
GROUP BY u.department_name, d.tdx_id, lc.lab_id, room_id, location_id, location_description
ORDER BY lc.lab_id, computers_with_location_description DESC;

-- Purchase shortcodes of each lab's active computers. The original expanded tdx_attributes->'all_attributes'
-- unguarded, so one computer with a non-array value failed the whole view; such computers are now skipped.
CREATE OR REPLACE VIEW silver.v_lab_purchase_shortcodes AS
SELECT u.department_name,
       lc.lab_id,
       attribute ->> 'Value'        AS shortcode,
       count(attribute ->> 'Value') AS num_computers_purchased_on_shortcode
FROM silver.computers c
JOIN silver.lab_computers lc ON lc.computer_id = c.computer_id
JOIN silver.users u ON u.uniqname = lc.lab_id
JOIN silver.departments d ON d.department_code = u.department_id
CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(c.tdx_attributes -> 'all_attributes') = 'array'
             THEN c.tdx_attributes -> 'all_attributes'
             ELSE '[]'::jsonb
        END) AS attribute
WHERE lc.confidence_score >= 0.65
  AND attribute ->> 'Name' = 'Purchase Shortcode'
  AND c.tdx_status_name = 'Active'
GROUP BY u.department_name, d.tdx_id, lc.lab_id, shortcode
ORDER BY lc.lab_id;

CREATE OR REPLACE VIEW silver.v_lab_computers_tdx_reference AS
SELECT d.tdx_id                     AS department_tdx_id,
       lc.lab_id,
       lc.computer_id,
       c.tdx_configuration_item_id,
       c.tdx_asset_id               AS tdx_computer_id,
       l.tdx_ci_id                  AS lab_department_tdx_id
FROM silver.lab_computers lc
JOIN silver.computers c ON c.computer_id = lc.computer_id
JOIN silver.departments d ON d.tdx_id = (c.ownership_info -> 'tdx_owning' ->> 'department_id')::numeric::integer
JOIN silver.labs l ON l.lab_id = lc.lab_id
WHERE lc.confidence_score >= 0.65;

-- =====================================================================================================
-- Groups
-- =====================================================================================================

-- Member and owner counts per group.
CREATE OR REPLACE VIEW silver.group_summary AS
SELECT g.group_id,
       g.group_name,
       g.group_email,
       g.description,
       g.source_system,
       g.data_quality_score,
       coalesce(m.total_members, 0) AS total_members,
       coalesce(m.user_members, 0)  AS user_members,
       coalesce(m.group_members, 0) AS group_members,
       coalesce(o.owner_count, 0)   AS owner_count
FROM silver.groups g
LEFT JOIN (
    SELECT group_id,
           count(*)                                        AS total_members,
           count(*) FILTER (WHERE member_type = 'user')    AS user_members,
           count(*) FILTER (WHERE member_type = 'group')   AS group_members
    FROM silver.group_members
    GROUP BY group_id
) m ON m.group_id = g.group_id
LEFT JOIN (
    SELECT group_id, count(*) AS owner_count
    FROM silver.group_owners
    GROUP BY group_id
) o ON o.group_id = g.group_id;

-- Flat person -> group memberships.
CREATE OR REPLACE VIEW silver.user_group_memberships AS
SELECT gm.member_uniqname AS uniqname,
       gm.group_id,
       g.group_name,
       g.group_email,
       gm.is_direct_member,
       gm.source_system   AS membership_source_system,
       g.source_system    AS group_source_system
FROM silver.group_members gm
JOIN silver.groups g ON g.group_id = gm.group_id
WHERE gm.member_type = 'user';

-- Groups MCommunity synchronises into AD (OU=MCommADSync).
CREATE OR REPLACE VIEW silver.synced_groups AS
SELECT g.group_id,
       g.group_name,
       g.group_email,
       g.description,
       g.distinguished_name,
       g.ad_group_guid,
       g.mcommunity_group_uid,
       g.source_system,
       g.data_quality_score
FROM silver.groups g
WHERE g.is_mcomm_adsync;
