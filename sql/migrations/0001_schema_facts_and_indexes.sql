-- 0001: the schema facts silver relies on, for a warehouse built before them (a fresh db init already has them).
-- Runs in one transaction (lsats-run db migrate); every statement is harmless on a database that already has it.

-- Every bronze version has a time and a write record: the latest-version queries order by ingested_at, and a NULL
-- would sort first under DESC and win. A version that lacks one gets its run's start, else -infinity (the oldest).
UPDATE bronze.raw_entities e
SET ingested_at = coalesce((SELECT r.started_at FROM meta.ingestion_runs r WHERE r.run_id = e.ingestion_run_id), '-infinity')
WHERE e.ingested_at IS NULL;
UPDATE bronze.raw_entities SET ingestion_metadata = '{}'::jsonb WHERE ingestion_metadata IS NULL;
ALTER TABLE bronze.raw_entities
    ALTER COLUMN ingested_at SET NOT NULL,
    ALTER COLUMN ingestion_metadata SET NOT NULL;

-- Every ingestion run has a start and a status (health and watermark queries read both).
UPDATE meta.ingestion_runs SET started_at = coalesce(completed_at, '-infinity') WHERE started_at IS NULL;
UPDATE meta.ingestion_runs
SET status = 'failed', error_message = coalesce(error_message, 'status was unknown (NULL) before migration 0001')
WHERE status IS NULL;
ALTER TABLE meta.ingestion_runs
    ALTER COLUMN started_at SET NOT NULL,
    ALTER COLUMN status SET NOT NULL;

-- Indexes no query uses (docs/indexes.md has the EXPLAIN evidence for the ones kept): each was paid on every
-- write. Primary keys, unique constraints and unique indexes stay.
DROP INDEX IF EXISTS bronze.idx_bronze_ingestion_time;
DROP INDEX IF EXISTS bronze.idx_bronze_tdx_user_uid;
DROP INDEX IF EXISTS bronze.idx_bronze_umapi_employee_key;
DROP INDEX IF EXISTS bronze.idx_bronze_kc_name_serial;
DROP INDEX IF EXISTS silver.idx_tdx_users_default_account;
DROP INDEX IF EXISTS silver.idx_tdx_users_department;
DROP INDEX IF EXISTS silver.idx_tdx_users_entity_hash;
DROP INDEX IF EXISTS silver.idx_tdx_users_external_id;
DROP INDEX IF EXISTS silver.idx_tdx_users_is_active;
DROP INDEX IF EXISTS silver.idx_tdx_users_job_title;
DROP INDEX IF EXISTS silver.idx_tdx_users_preferred_name;
DROP INDEX IF EXISTS silver.idx_tdx_users_raw_id;
DROP INDEX IF EXISTS silver.idx_tdx_users_reports_to;
DROP INDEX IF EXISTS silver.idx_tdx_users_tdx_account;
DROP INDEX IF EXISTS silver.idx_tdx_users_attributes;
DROP INDEX IF EXISTS silver.idx_tdx_users_applications;
DROP INDEX IF EXISTS silver.idx_tdx_users_group_ids;
DROP INDEX IF EXISTS silver.idx_tdx_departments_dept_id;
DROP INDEX IF EXISTS silver.idx_tdx_departments_name;
DROP INDEX IF EXISTS silver.idx_tdx_departments_is_active;
DROP INDEX IF EXISTS silver.idx_tdx_departments_is_enriched;
DROP INDEX IF EXISTS silver.idx_tdx_departments_updated_at;
DROP INDEX IF EXISTS silver.idx_tdx_departments_attributes;
DROP INDEX IF EXISTS silver.idx_tdx_departments_location;
DROP INDEX IF EXISTS silver.idx_umapi_employees_department;
DROP INDEX IF EXISTS silver.idx_umapi_employees_job_title;
DROP INDEX IF EXISTS silver.idx_umapi_employees_quality;
DROP INDEX IF EXISTS silver.idx_umapi_employees_supervisor;
DROP INDEX IF EXISTS silver.idx_umapi_employees_uniqname;
DROP INDEX IF EXISTS silver.idx_umapi_employees_work_city;
DROP INDEX IF EXISTS silver.idx_umapi_employees_work_phone;
DROP INDEX IF EXISTS silver.idx_umapi_employees_work_location;
DROP INDEX IF EXISTS silver.idx_ad_groups_cn;
DROP INDEX IF EXISTS silver.idx_ad_groups_dn;
DROP INDEX IF EXISTS silver.idx_ad_groups_group_email;
DROP INDEX IF EXISTS silver.idx_ad_groups_group_name;
DROP INDEX IF EXISTS silver.idx_ad_groups_sam;
DROP INDEX IF EXISTS silver.idx_ad_groups_ou_department;
DROP INDEX IF EXISTS silver.idx_ad_groups_ou_organization;
DROP INDEX IF EXISTS silver.idx_ad_groups_members;
DROP INDEX IF EXISTS silver.idx_ad_groups_member_of;
DROP INDEX IF EXISTS silver.idx_ad_users_uniqname;
DROP INDEX IF EXISTS silver.idx_ad_users_first_name;
DROP INDEX IF EXISTS silver.idx_ad_users_last_name;
DROP INDEX IF EXISTS silver.idx_ad_users_primary_email;
DROP INDEX IF EXISTS silver.idx_ad_users_ldap_uid;
DROP INDEX IF EXISTS silver.idx_ad_users_sam;
DROP INDEX IF EXISTS silver.idx_ad_users_entity_hash;
DROP INDEX IF EXISTS silver.idx_ad_users_ou_department;
DROP INDEX IF EXISTS silver.idx_ad_users_ou_organization;
DROP INDEX IF EXISTS silver.idx_tdx_assets_serial;
DROP INDEX IF EXISTS silver.idx_tdx_assets_mac;
DROP INDEX IF EXISTS silver.idx_tdx_assets_ip;
DROP INDEX IF EXISTS silver.idx_tdx_assets_name;
DROP INDEX IF EXISTS silver.idx_tdx_assets_os;
DROP INDEX IF EXISTS silver.idx_tdx_assets_function;
DROP INDEX IF EXISTS silver.idx_tdx_assets_financial_owner;
DROP INDEX IF EXISTS silver.idx_tdx_assets_owning_customer;
DROP INDEX IF EXISTS silver.idx_tdx_assets_owning_department;
DROP INDEX IF EXISTS silver.idx_tdx_assets_ci;
DROP INDEX IF EXISTS silver.idx_tdx_assets_form;
DROP INDEX IF EXISTS silver.idx_tdx_assets_status;
DROP INDEX IF EXISTS silver.idx_tdx_assets_location;
DROP INDEX IF EXISTS silver.idx_tdx_assets_attributes;
DROP INDEX IF EXISTS silver.idx_tdx_assets_attachments;
DROP INDEX IF EXISTS silver.idx_tdx_assets_support_groups;
DROP INDEX IF EXISTS silver.idx_mcommunity_groups_email;
DROP INDEX IF EXISTS silver.idx_mcommunity_groups_name;
DROP INDEX IF EXISTS silver.idx_mcommunity_groups_entity_hash;
DROP INDEX IF EXISTS silver.idx_mcommunity_groups_run;
DROP INDEX IF EXISTS silver.idx_mcommunity_groups_aliases;
DROP INDEX IF EXISTS silver.idx_mcommunity_groups_members;
DROP INDEX IF EXISTS silver.idx_mcommunity_groups_owners;
DROP INDEX IF EXISTS silver.idx_lab_awards_dates;
DROP INDEX IF EXISTS silver.idx_lab_awards_person_dept;
DROP INDEX IF EXISTS silver.idx_lab_awards_role;
DROP INDEX IF EXISTS silver.idx_lab_awards_sponsors;
DROP INDEX IF EXISTS silver.idx_lab_awards_total;
DROP INDEX IF EXISTS silver.idx_ad_ous_depth_category;
DROP INDEX IF EXISTS silver.idx_ad_ous_has_computers;
DROP INDEX IF EXISTS silver.idx_ad_ous_extracted_uniqname;
DROP INDEX IF EXISTS silver.idx_ad_ous_ou_department;
DROP INDEX IF EXISTS silver.idx_ad_ous_ou_division;
DROP INDEX IF EXISTS silver.idx_ad_ous_ou_organization;
DROP INDEX IF EXISTS silver.idx_ad_ous_name_patterns;
DROP INDEX IF EXISTS silver.idx_ad_ous_object_class;
DROP INDEX IF EXISTS silver.idx_ad_ous_full_path;
DROP INDEX IF EXISTS silver.idx_departments_active_name;
DROP INDEX IF EXISTS silver.idx_departments_college;
DROP INDEX IF EXISTS silver.idx_departments_hierarchy;
DROP INDEX IF EXISTS silver.idx_departments_parent;
DROP INDEX IF EXISTS silver.idx_departments_source;
DROP INDEX IF EXISTS silver.idx_departments_quality;
DROP INDEX IF EXISTS silver.idx_departments_location;
DROP INDEX IF EXISTS silver.idx_groups_email;
DROP INDEX IF EXISTS silver.idx_groups_ad_guid;
DROP INDEX IF EXISTS silver.idx_groups_mcommunity_uid;
DROP INDEX IF EXISTS silver.idx_groups_name;
DROP INDEX IF EXISTS silver.idx_groups_sam;
DROP INDEX IF EXISTS silver.idx_groups_source;
DROP INDEX IF EXISTS silver.idx_groups_quality;
DROP INDEX IF EXISTS silver.idx_groups_ou_department;
DROP INDEX IF EXISTS silver.idx_groups_ou_organization;
DROP INDEX IF EXISTS silver.idx_groups_members;
DROP INDEX IF EXISTS silver.idx_groups_owners;
DROP INDEX IF EXISTS silver.idx_groups_member_of;
DROP INDEX IF EXISTS silver.idx_groups_nested_members;
DROP INDEX IF EXISTS silver.idx_group_members_direct;
DROP INDEX IF EXISTS silver.idx_group_members_member_group;
DROP INDEX IF EXISTS silver.idx_group_members_source;
DROP INDEX IF EXISTS silver.idx_group_owners_uniqname;
DROP INDEX IF EXISTS silver.idx_users_ad_guid;
DROP INDEX IF EXISTS silver.idx_users_ad_sam;
DROP INDEX IF EXISTS silver.idx_users_department;
DROP INDEX IF EXISTS silver.idx_users_email;
DROP INDEX IF EXISTS silver.idx_users_full_name;
DROP INDEX IF EXISTS silver.idx_users_is_active;
DROP INDEX IF EXISTS silver.idx_users_is_employee;
DROP INDEX IF EXISTS silver.idx_users_is_pi;
DROP INDEX IF EXISTS silver.idx_users_ldap_uid;
DROP INDEX IF EXISTS silver.idx_users_preferred_name;
DROP INDEX IF EXISTS silver.idx_users_job_code;
DROP INDEX IF EXISTS silver.idx_users_supervisor;
DROP INDEX IF EXISTS silver.idx_users_tdx_uid;
DROP INDEX IF EXISTS silver.idx_users_empl_id;
DROP INDEX IF EXISTS silver.idx_users_quality;
DROP INDEX IF EXISTS silver.idx_users_source;
DROP INDEX IF EXISTS silver.idx_users_ad_groups;
DROP INDEX IF EXISTS silver.idx_users_department_ids;
DROP INDEX IF EXISTS silver.idx_users_job_codes;
DROP INDEX IF EXISTS silver.idx_users_mcommunity_ou;
DROP INDEX IF EXISTS silver.idx_users_ou_department_ids;
DROP INDEX IF EXISTS silver.idx_users_quality_flags;
DROP INDEX IF EXISTS silver.idx_users_supervisor_ids;
DROP INDEX IF EXISTS silver.idx_users_tdx_groups;
DROP INDEX IF EXISTS silver.idx_computers_name_lower;
DROP INDEX IF EXISTS silver.idx_computers_serial_upper;
DROP INDEX IF EXISTS silver.idx_computers_mac;
DROP INDEX IF EXISTS silver.idx_computers_owner;
DROP INDEX IF EXISTS silver.idx_computers_owner_department;
DROP INDEX IF EXISTS silver.idx_computers_financial_owner;
DROP INDEX IF EXISTS silver.idx_computers_primary_lab;
DROP INDEX IF EXISTS silver.idx_computers_last_seen;
DROP INDEX IF EXISTS silver.idx_computers_last_user_lower;
DROP INDEX IF EXISTS silver.idx_computers_tdx_asset;
DROP INDEX IF EXISTS silver.idx_computers_tdx_tag;
DROP INDEX IF EXISTS silver.idx_computers_tdx_status;
DROP INDEX IF EXISTS silver.idx_computers_ad_guid;
DROP INDEX IF EXISTS silver.idx_computers_ad_sam;
DROP INDEX IF EXISTS silver.idx_computers_kc_id;
DROP INDEX IF EXISTS silver.idx_computers_kc_mac;
DROP INDEX IF EXISTS silver.idx_computers_quality;
DROP INDEX IF EXISTS silver.idx_computers_location;
DROP INDEX IF EXISTS silver.idx_computers_ownership;
DROP INDEX IF EXISTS silver.idx_computers_network;
DROP INDEX IF EXISTS silver.idx_computers_tdx_attributes;
DROP INDEX IF EXISTS silver.idx_computers_aliases;
DROP INDEX IF EXISTS silver.idx_computers_mac_addresses;
DROP INDEX IF EXISTS silver.idx_computers_quality_flags;
DROP INDEX IF EXISTS silver.idx_computer_groups_cn_lower;
DROP INDEX IF EXISTS silver.idx_computer_groups_group;
DROP INDEX IF EXISTS silver.idx_computer_groups_source;
DROP INDEX IF EXISTS silver.idx_computer_attributes_name_lower;
DROP INDEX IF EXISTS silver.idx_computer_attributes_value_hash;
DROP INDEX IF EXISTS silver.idx_computer_attributes_value;
DROP INDEX IF EXISTS silver.idx_tdx_labs_department;
DROP INDEX IF EXISTS silver.idx_labs_active_name;
DROP INDEX IF EXISTS silver.idx_labs_active_awards;
DROP INDEX IF EXISTS silver.idx_labs_award_count;
DROP INDEX IF EXISTS silver.idx_labs_award_dates;
DROP INDEX IF EXISTS silver.idx_labs_award_dollars;
DROP INDEX IF EXISTS silver.idx_labs_computer_count;
DROP INDEX IF EXISTS silver.idx_labs_member_count;
DROP INDEX IF EXISTS silver.idx_labs_data_source;
DROP INDEX IF EXISTS silver.idx_labs_pi;
DROP INDEX IF EXISTS silver.idx_labs_quality;
DROP INDEX IF EXISTS silver.idx_labs_tdx_ci;
DROP INDEX IF EXISTS silver.idx_labs_department_ids;
DROP INDEX IF EXISTS silver.idx_labs_department_names;
DROP INDEX IF EXISTS silver.idx_labs_ou_hierarchy;
DROP INDEX IF EXISTS silver.idx_labs_quality_flags;
DROP INDEX IF EXISTS silver.idx_lab_members_award_role;
DROP INDEX IF EXISTS silver.idx_lab_members_department;
DROP INDEX IF EXISTS silver.idx_lab_members_investigator;
DROP INDEX IF EXISTS silver.idx_lab_members_no_user;
DROP INDEX IF EXISTS silver.idx_lab_members_role;
DROP INDEX IF EXISTS silver.idx_lab_members_silver_user;
DROP INDEX IF EXISTS silver.idx_lab_members_source;
DROP INDEX IF EXISTS silver.idx_lab_members_uniqname;
DROP INDEX IF EXISTS silver.idx_lab_members_award_ids;
DROP INDEX IF EXISTS silver.idx_lab_members_group_ids;
DROP INDEX IF EXISTS silver.idx_lab_computers_lab;
DROP INDEX IF EXISTS silver.idx_lab_computers_primary;
DROP INDEX IF EXISTS silver.idx_lab_computers_tier1;
DROP INDEX IF EXISTS silver.idx_lab_computers_tier2;
DROP INDEX IF EXISTS silver.idx_lab_computers_pi_owned;

-- One lineage convention for tier-1 silver rows (docs/silver-model.md): raw_id (the bronze version, required, no
-- foreign key so bronze can be pruned or restored on its own), source_system (the bronze source), entity_hash
-- (varchar(64) content hash) and ingestion_run_id (a foreign key to meta.ingestion_runs). Tier-1 tables hold no rows
-- before their steps exist, so the NOT NULLs cannot meet old rows.
DO $$
BEGIN
    IF EXISTS (SELECT FROM information_schema.columns
               WHERE table_schema = 'silver' AND table_name = 'tdx_departments' AND column_name = 'source_bronze_id') THEN
        ALTER TABLE silver.tdx_departments RENAME COLUMN source_bronze_id TO raw_id;
    END IF;
    IF EXISTS (SELECT FROM information_schema.columns
               WHERE table_schema = 'silver' AND table_name = 'umapi_departments' AND column_name = 'source_bronze_id') THEN
        ALTER TABLE silver.umapi_departments RENAME COLUMN source_bronze_id TO raw_id;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_constraint WHERE conname = 'ad_users_ingestion_run_id_fkey') THEN
        ALTER TABLE silver.ad_users
            ADD CONSTRAINT ad_users_ingestion_run_id_fkey FOREIGN KEY (ingestion_run_id) REFERENCES meta.ingestion_runs (run_id);
    END IF;
END $$;
ALTER TABLE silver.tdx_departments
    ALTER COLUMN raw_id SET NOT NULL,
    ADD COLUMN IF NOT EXISTS source_system varchar(50) NOT NULL DEFAULT 'tdx';
ALTER TABLE silver.umapi_departments
    ALTER COLUMN raw_id SET NOT NULL,
    ADD COLUMN IF NOT EXISTS source_system varchar(50) NOT NULL DEFAULT 'umich_api';
ALTER TABLE silver.ad_groups
    DROP CONSTRAINT IF EXISTS ad_groups_raw_id_fkey,
    ALTER COLUMN raw_id SET NOT NULL,
    ADD COLUMN IF NOT EXISTS source_system varchar(50) NOT NULL DEFAULT 'active_directory';
ALTER TABLE silver.mcommunity_groups
    DROP CONSTRAINT IF EXISTS mcommunity_groups_raw_id_fkey,
    ALTER COLUMN raw_id SET NOT NULL,
    ADD COLUMN IF NOT EXISTS source_system varchar(50) NOT NULL DEFAULT 'mcommunity_ldap';
ALTER TABLE silver.ad_users
    ALTER COLUMN entity_hash TYPE varchar(64),
    ADD COLUMN IF NOT EXISTS source_system varchar(50) NOT NULL DEFAULT 'active_directory';
