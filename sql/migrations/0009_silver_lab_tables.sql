-- Silver tier 3 (docs/silver-model.md, Labs): the lab tables that break the labs <-> lab_members and
-- lab_computers -> computers cycles, so one run fills every lab table, and the excluded-department list the two
-- member views share. Same text as sql/production_schema.sql and sql/views/silver_views.sql; on a fresh baseline
-- every statement changes nothing.
--   silver.lab_statistics         per-lab counts, written after lab_members, lab_computers and lab_managers; replaces
--                                 labs.member_count, pi_count and investigator_count
--   silver.computer_primary_labs  each computer's best lab, written by the lab_computers step; replaces
--                                 computers.primary_lab_id, primary_lab_method and lab_association_count
--   silver.lab_excluded_departments  the 18 central support departments, once
-- The views that read the dropped columns are replaced first (same columns), so the columns can then be dropped.

-- lab_statistics ----------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.lab_statistics (
    lab_id                         varchar(100) PRIMARY KEY REFERENCES silver.labs (lab_id) ON DELETE CASCADE,
    member_count                   integer NOT NULL DEFAULT 0,
    total_member_count             integer NOT NULL DEFAULT 0,
    pi_count                       integer NOT NULL DEFAULT 0,
    investigator_count             integer NOT NULL DEFAULT 0,
    computer_count                 integer NOT NULL DEFAULT 0,
    primary_computer_count         integer NOT NULL DEFAULT 0,
    high_confidence_computer_count integer NOT NULL DEFAULT 0,
    manager_count                  integer NOT NULL DEFAULT 0,
    ingestion_run_id               uuid REFERENCES meta.ingestion_runs (run_id),
    created_at                     timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at                     timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.lab_statistics IS 'Tier 3: per-lab counts of members, PIs, investigators, associated computers and managers, written after those tables';
COMMENT ON COLUMN silver.lab_statistics.member_count IS 'Members eligible as managers (v_eligible_lab_members), the original labs.member_count';
COMMENT ON COLUMN silver.lab_statistics.computer_count IS 'Distinct computers in silver.lab_computers (labs.computer_count counts the PI''s TDX computers)';

-- computer_primary_labs ---------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS silver.computer_primary_labs (
    computer_id           varchar(100) PRIMARY KEY,
    primary_lab_id        varchar(100) NOT NULL REFERENCES silver.labs (lab_id) ON DELETE CASCADE,
    primary_lab_method    varchar(50) NOT NULL,
    confidence_score      numeric(3,2) NOT NULL CHECK (confidence_score BETWEEN 0 AND 1),
    lab_association_count integer NOT NULL CHECK (lab_association_count > 0),
    created_at            timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at            timestamptz DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE silver.computer_primary_labs IS 'Tier 3: each lab-associated computer''s best lab (the is_primary row of silver.lab_computers) and its number of labs';
CREATE INDEX IF NOT EXISTS idx_computer_primary_labs_lab ON silver.computer_primary_labs (primary_lab_id);

-- lab_excluded_departments ------------------------------------------------------------------------------
-- Reference data, not a step's output: the central support departments whose people are never lab managers. Read by
-- v_eligible_lab_members and v_lab_members_all_tdx_reference (the original repeated the list in both views).
CREATE TABLE IF NOT EXISTS silver.lab_excluded_departments (
    dept_id varchar(50) PRIMARY KEY,
    reason  text NOT NULL DEFAULT 'central support department'
);
COMMENT ON TABLE silver.lab_excluded_departments IS 'Departments whose members are not lab-manager candidates nor TDX lab references; add rows to exclude more (db init restores the original 18)';
INSERT INTO silver.lab_excluded_departments (dept_id)
VALUES ('171240'), ('481477'), ('171210'), ('171220'), ('171245'), ('171230'), ('481207'), ('309980'), ('309982'),
       ('309981'), ('315834'), ('231640'), ('211600'), ('481450'), ('676785'), ('309919'), ('309921'), ('380002')
ON CONFLICT (dept_id) DO NOTHING;

-- The lab views, reading silver.lab_statistics and silver.lab_excluded_departments.
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
       coalesce(st.member_count, 0) AS member_count,
       l.computer_count,
       l.is_active,
       l.data_source,
       l.data_quality_score
FROM silver.labs l
LEFT JOIN silver.lab_statistics st ON st.lab_id = l.lab_id
LEFT JOIN silver.users u ON u.uniqname = l.pi_uniqname
LEFT JOIN silver.departments d ON d.dept_id = l.primary_department_id;

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
           WHEN g.group_id IN (SELECT jsonb_array_elements_text(lm.source_group_ids) FROM silver.lab_members lm WHERE lm.lab_id = l.lab_id)
               THEN 'lab_member_group'
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
  OR g.group_id IN (SELECT jsonb_array_elements_text(lm.source_group_ids) FROM silver.lab_members lm WHERE lm.lab_id = l.lab_id)
WHERE l.is_active;

CREATE OR REPLACE VIEW silver.v_department_labs AS
SELECT d.dept_id,
       d.department_name,
       count(l.lab_id)                                  AS lab_count,
       sum(l.total_award_dollars)                       AS total_department_funding,
       sum(st.member_count)                             AS total_lab_members,
       sum(l.computer_count)                            AS total_lab_computers,
       count(l.lab_id) FILTER (WHERE l.is_active)       AS active_lab_count,
       count(l.lab_id) FILTER (WHERE l.has_award_data)  AS labs_with_awards,
       count(l.lab_id) FILTER (WHERE l.has_ou_data)     AS labs_with_ou
FROM silver.departments d
LEFT JOIN silver.labs l ON l.primary_department_id = d.dept_id
LEFT JOIN silver.lab_statistics st ON st.lab_id = l.lab_id
GROUP BY d.dept_id, d.department_name;

CREATE OR REPLACE VIEW silver.v_labs_monitored AS
SELECT l.lab_id,
       l.lab_name,
       l.lab_display_name,
       l.pi_uniqname,
       l.primary_department_id,
       l.department_ids,
       l.department_names,
       coalesce(st.member_count, 0) AS member_count,
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
LEFT JOIN silver.lab_statistics st ON st.lab_id = l.lab_id
WHERE l.ad_ou_dn IS NOT NULL
  AND l.primary_department_id IS NOT NULL
  AND l.computer_count > 0
ORDER BY member_count DESC, l.lab_id;

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
       coalesce(st.member_count, 0)       AS member_count,
       coalesce(st.pi_count, 0)           AS pi_count,
       coalesce(st.investigator_count, 0) AS investigator_count,
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
LEFT JOIN silver.lab_statistics st ON st.lab_id = l.lab_id
WHERE l.ou_depth_category = 'potential_lab'
  AND l.is_active
ORDER BY l.lab_name;

CREATE OR REPLACE VIEW silver.v_legitimate_labs AS
SELECT l.lab_id,
       l.lab_name,
       l.pi_uniqname,
       coalesce(st.member_count, 0) AS member_count,
       l.computer_count,
       l.primary_department_id,
       d.tdx_id AS department_tdx_id
FROM silver.labs l
JOIN silver.departments d ON d.dept_id = l.primary_department_id
LEFT JOIN silver.lab_statistics st ON st.lab_id = l.lab_id
WHERE l.is_active
  AND l.computer_count > 0
  AND d.tdx_id IS NOT NULL;

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
  AND NOT EXISTS (SELECT 1 FROM silver.lab_excluded_departments x WHERE x.dept_id = lm.member_department_id)
  AND lm.member_role NOT ILIKE '%Chief Administrator%'
  AND (lm.is_pi OR u.job_title NOT ILIKE '%professor%');

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
  AND NOT EXISTS (SELECT 1 FROM silver.lab_excluded_departments x WHERE x.dept_id = lm.member_department_id)
  AND lm.member_role NOT ILIKE '%Chief Administrator%'
  AND lm.member_role NOT ILIKE '%Professor%'
  AND NOT lm.is_pi;

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
LEFT JOIN silver.departments d_lab ON d_lab.dept_id = lm.lab_department_id
LEFT JOIN silver.departments d_manager ON d_manager.dept_id = lm.manager_department_id
JOIN silver.users u ON u.uniqname = lm.manager_uniqname
ORDER BY lm.lab_id, lm.manager_rank, lm.manager_uniqname;

CREATE OR REPLACE VIEW silver.v_lab_managers_tdx_reference AS
SELECT lm.lab_id,
       u.tdx_user_uid    AS pi_tdx_uid,
       lm.manager_tdx_uid,
       d_lab.tdx_id      AS lab_department_tdx_id,
       d_manager.tdx_id  AS manager_department_tdx_id
FROM silver.lab_managers lm
LEFT JOIN silver.departments d_lab ON d_lab.dept_id = lm.lab_department_id
LEFT JOIN silver.departments d_manager ON d_manager.dept_id = lm.manager_department_id
JOIN silver.users u ON u.uniqname = lm.lab_id
ORDER BY lm.lab_id;

ALTER TABLE silver.labs DROP COLUMN IF EXISTS pi_count;
ALTER TABLE silver.labs DROP COLUMN IF EXISTS investigator_count;
ALTER TABLE silver.labs DROP COLUMN IF EXISTS member_count;
ALTER TABLE silver.computers DROP COLUMN IF EXISTS primary_lab_id;
ALTER TABLE silver.computers DROP COLUMN IF EXISTS primary_lab_method;
ALTER TABLE silver.computers DROP COLUMN IF EXISTS lab_association_count;
