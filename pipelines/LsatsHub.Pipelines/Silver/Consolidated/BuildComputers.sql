-- silver.computers and silver.computer_groups: one row per machine, merged from the TDX assets of the computer form,
-- the KeyConfigure computers and the AD computers (docs/silver-model.md, "Computers").
--
-- Every run merges every computer from all its sources (set-based, a few seconds at the university's size) and writes
-- only the rows whose merged content changed (entity_hash), so an incremental run and a full refresh give the same
-- table and a partner source is never lost (the original re-merged a changed record alone). silver_step.full_refresh
-- therefore changes nothing here.
--
-- Matching, one to one, each stage only among the records the earlier stages left unmatched:
--   TDX <-> KeyConfigure: 1. a shared MAC, 2. the same serial, 3. the same name;
--   (TDX or KeyConfigure) <-> AD: the same name (AD has neither MAC nor serial), the TDX name tried before the KeyConfigure name.
-- Normal forms: MAC = upper case without : - . and spaces, only 12 hex digits (as KeyConfigure's tier 1); serial =
-- upper(trim), none when shorter than 4 or 0000/NONE/N/A/UNKNOWN; name = upper(trim). Several candidates: the record
-- sharing the most MACs, then the smallest id (TDX asset id, KeyConfigure computer id, AD sAMAccountName), on both sides.
-- This file never writes primary_lab_id, primary_lab_method or lab_association_count (tier 3's).

-- Sources ---------------------------------------------------------------------------------------------------------

CREATE TEMP TABLE computers_t ON COMMIT DROP AS
SELECT a.*,
       upper(btrim(a.name)) AS name_key,
       CASE WHEN length(upper(btrim(a.serial_number))) >= 4 AND upper(btrim(a.serial_number)) NOT IN ('0000', 'NONE', 'N/A', 'UNKNOWN')
            THEN upper(btrim(a.serial_number)) END AS serial_key,
       coalesce((SELECT array_agg(m.mac ORDER BY m.first_seen)
                 FROM (SELECT e.mac, min(e.n) AS first_seen
                       FROM (SELECT substring(upper(regexp_replace(p.part, '[:\-. ]', '', 'g')) FROM '^[0-9A-F]{12}$') AS mac, p.n
                             FROM regexp_split_to_table(a.attr_mac_address, '[,;]') WITH ORDINALITY AS p (part, n)) e
                       WHERE e.mac IS NOT NULL
                       GROUP BY e.mac) m), '{}') AS macs
FROM silver.tdx_assets a
WHERE a.form_name = 'Computer Form';

CREATE TEMP TABLE computers_k ON COMMIT DROP AS
SELECT k.*,
       upper(btrim(k.computer_name)) AS name_key,
       CASE WHEN length(upper(btrim(k.oem_serial_number))) >= 4 AND upper(btrim(k.oem_serial_number)) NOT IN ('0000', 'NONE', 'N/A', 'UNKNOWN')
            THEN upper(btrim(k.oem_serial_number)) END AS serial_key,
       coalesce(ARRAY(SELECT m FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(k.mac_addresses) = 'array' THEN k.mac_addresses ELSE '[]' END)
                                    WITH ORDINALITY AS e (m, n)
                      WHERE m ~ '^[0-9A-F]{12}$' ORDER BY n), '{}') AS macs
FROM silver.keyconfigure_computers k;

CREATE TEMP TABLE computers_a ON COMMIT DROP AS
SELECT a.*, upper(btrim(a.computer_name)) AS name_key
FROM silver.ad_computers a;

-- Temp tables have no statistics until analysed; without them the matching joins are planned as nested loops.
ANALYZE computers_t;
ANALYZE computers_k;
ANALYZE computers_a;

CREATE TEMP TABLE computers_t_macs ON COMMIT DROP AS
SELECT DISTINCT t.tdx_asset_id, m.mac FROM computers_t t CROSS JOIN LATERAL unnest(t.macs) AS m (mac);
CREATE TEMP TABLE computers_k_macs ON COMMIT DROP AS
SELECT DISTINCT k.computer_id, m.mac FROM computers_k k CROSS JOIN LATERAL unnest(k.macs) AS m (mac);
ANALYZE computers_t_macs;
ANALYZE computers_k_macs;

-- TDX <-> KeyConfigure ----------------------------------------------------------------------------------------------

CREATE TEMP TABLE computers_tk (tdx_asset_id integer PRIMARY KEY, kc_id varchar(100) NOT NULL UNIQUE, method text NOT NULL) ON COMMIT DROP;

-- 1. MAC.
INSERT INTO computers_tk
WITH candidates AS (
    SELECT t.tdx_asset_id, k.computer_id AS kc_id, count(*) AS shared
    FROM computers_t_macs t JOIN computers_k_macs k ON k.mac = t.mac
    GROUP BY t.tdx_asset_id, k.computer_id
), best_for_asset AS (
    SELECT DISTINCT ON (tdx_asset_id) * FROM candidates ORDER BY tdx_asset_id, shared DESC, kc_id
)
SELECT DISTINCT ON (kc_id) tdx_asset_id, kc_id, 'mac' FROM best_for_asset ORDER BY kc_id, shared DESC, tdx_asset_id;

ANALYZE computers_tk;

-- 2. Serial, among the unmatched.
INSERT INTO computers_tk
WITH candidates AS (
    SELECT t.tdx_asset_id, k.computer_id AS kc_id
    FROM computers_t t JOIN computers_k k ON k.serial_key = t.serial_key
    WHERE NOT EXISTS (SELECT 1 FROM computers_tk m WHERE m.tdx_asset_id = t.tdx_asset_id)
      AND NOT EXISTS (SELECT 1 FROM computers_tk m WHERE m.kc_id = k.computer_id)
), best_for_asset AS (
    SELECT DISTINCT ON (tdx_asset_id) * FROM candidates ORDER BY tdx_asset_id, kc_id
)
SELECT DISTINCT ON (kc_id) tdx_asset_id, kc_id, 'serial' FROM best_for_asset ORDER BY kc_id, tdx_asset_id;

ANALYZE computers_tk;

-- 3. Name, among the unmatched.
INSERT INTO computers_tk
WITH candidates AS (
    SELECT t.tdx_asset_id, k.computer_id AS kc_id
    FROM computers_t t JOIN computers_k k ON k.name_key = t.name_key
    WHERE NOT EXISTS (SELECT 1 FROM computers_tk m WHERE m.tdx_asset_id = t.tdx_asset_id)
      AND NOT EXISTS (SELECT 1 FROM computers_tk m WHERE m.kc_id = k.computer_id)
), best_for_asset AS (
    SELECT DISTINCT ON (tdx_asset_id) * FROM candidates ORDER BY tdx_asset_id, kc_id
)
SELECT DISTINCT ON (kc_id) tdx_asset_id, kc_id, 'name' FROM best_for_asset ORDER BY kc_id, tdx_asset_id;

-- Machines seen by TDX or KeyConfigure (matched pairs, then the rest of each), with their names to try against AD.
CREATE TEMP TABLE computers_clusters ON COMMIT DROP AS
SELECT 'T' || t.tdx_asset_id AS cluster_key, t.tdx_asset_id, m.kc_id, m.method AS kc_method
FROM computers_t t LEFT JOIN computers_tk m ON m.tdx_asset_id = t.tdx_asset_id
UNION ALL
SELECT 'K' || k.computer_id, NULL, k.computer_id, NULL
FROM computers_k k WHERE NOT EXISTS (SELECT 1 FROM computers_tk m WHERE m.kc_id = k.computer_id);

-- (TDX or KeyConfigure) <-> AD by name; the TDX name first, then the KeyConfigure name. Several machines of one name:
-- the one with both TDX and KeyConfigure, then an active one, then one with a MAC or serial, then the smallest asset id.
CREATE TEMP TABLE computers_ad_match ON COMMIT DROP AS
WITH candidates AS (
    SELECT c.cluster_key, c.tdx_asset_id, c.kc_id, a.sam_account_name, n.priority, (c.tdx_asset_id IS NOT NULL)::int + (c.kc_id IS NOT NULL)::int AS sources,
           coalesce(lower(t.status_name) LIKE '%active%' AND lower(t.status_name) NOT LIKE '%inactive%', true) AS active,
           cardinality(t.macs) > 0 OR t.serial_key IS NOT NULL OR k.computer_id IS NOT NULL AS has_hardware_ids
    FROM computers_clusters c
    LEFT JOIN computers_t t ON t.tdx_asset_id = c.tdx_asset_id
    LEFT JOIN computers_k k ON k.computer_id = c.kc_id
    CROSS JOIN LATERAL (VALUES (1, t.name_key), (2, k.name_key)) AS n (priority, name_key)
    JOIN computers_a a ON a.name_key = n.name_key
), best_for_cluster AS (
    SELECT DISTINCT ON (cluster_key) * FROM candidates ORDER BY cluster_key, priority, sam_account_name
)
SELECT DISTINCT ON (sam_account_name) cluster_key, sam_account_name
FROM best_for_cluster
ORDER BY sam_account_name, priority, sources DESC, active DESC, has_hardware_ids DESC, tdx_asset_id NULLS LAST, kc_id;

-- Every machine: its records in each source.
CREATE TEMP TABLE computers_machines ON COMMIT DROP AS
SELECT c.tdx_asset_id, c.kc_id, m.sam_account_name AS ad_sam, c.kc_method, m.sam_account_name IS NOT NULL AS ad_matched
FROM computers_clusters c
LEFT JOIN computers_ad_match m ON m.cluster_key = c.cluster_key
UNION ALL
SELECT NULL, NULL, a.sam_account_name, NULL, false
FROM computers_a a WHERE NOT EXISTS (SELECT 1 FROM computers_ad_match m WHERE m.sam_account_name = a.sam_account_name);

-- Lookups (hash joins over one row per key; several candidates: the smallest uniqname / dept_id / group_id) -------------

CREATE TEMP TABLE computers_user_by_uid ON COMMIT DROP AS
SELECT DISTINCT ON (tdx_user_uid) tdx_user_uid, uniqname FROM silver.users WHERE tdx_user_uid IS NOT NULL ORDER BY tdx_user_uid, uniqname;

CREATE TEMP TABLE computers_department_by_tdx_id ON COMMIT DROP AS
SELECT DISTINCT ON (tdx_id) tdx_id, dept_id FROM silver.departments WHERE tdx_id IS NOT NULL ORDER BY tdx_id, dept_id;

CREATE TEMP TABLE computers_department_by_code ON COMMIT DROP AS
SELECT DISTINCT ON (department_code) department_code, dept_id FROM silver.departments WHERE department_code IS NOT NULL ORDER BY department_code, dept_id;

-- Department of an AD OU name: the department named exactly so, else the shortest name containing it (then dept_id).
CREATE TEMP TABLE computers_ou_department ON COMMIT DROP AS
SELECT DISTINCT ON (o.ou_department) o.ou_department, d.dept_id
FROM (SELECT DISTINCT ou_department FROM computers_a WHERE ou_department IS NOT NULL) o
JOIN silver.departments d ON strpos(lower(d.department_name), lower(o.ou_department)) > 0
ORDER BY o.ou_department, lower(d.department_name) = lower(o.ou_department) DESC, length(d.department_name), d.dept_id;

-- Merge -------------------------------------------------------------------------------------------------------------

CREATE TEMP TABLE computers_merged ON COMMIT DROP AS
SELECT m.tdx_asset_id AS m_tdx, m.kc_id AS m_kc, m.ad_sam AS m_ad, m.kc_method, m.ad_matched,
       t.name AS t_name, k.computer_name AS k_name, a.computer_name AS a_name,
       coalesce(CASE WHEN btrim(t.name) <> '' THEN btrim(t.name) END, k.computer_name, a.computer_name,
                'TDX-' || t.tag, 'SERIAL-' || coalesce(t.serial_key, k.serial_key), 'TDX-ASSET-' || t.tdx_asset_id, 'AD-' || a.object_guid) AS computer_name,
       t.serial_key AS t_serial, k.serial_key AS k_serial, t.macs AS t_macs, k.macs AS k_macs,
       t.tdx_asset_id, t.tag AS tdx_tag, t.status_id AS tdx_status_id, t.status_name AS tdx_status_name, t.form_id AS tdx_form_id,
       t.form_name AS tdx_form_name, t.configuration_item_id AS tdx_configuration_item_id,
       CASE WHEN length(t.external_id) <= 100 THEN t.external_id END AS tdx_external_id, t.uri AS tdx_uri,
       a.object_guid AS ad_object_guid, a.object_sid AS ad_object_sid, a.sam_account_name AS ad_sam_account_name,
       a.dns_hostname AS ad_dns_hostname, a.distinguished_name AS ad_distinguished_name,
       k.computer_id AS kc_computer_id, k.primary_mac_address AS kc_primary_mac, k.nic_count AS kc_nic_count,
       t.manufacturer_name AS manufacturer, t.product_model_name AS product_model,
       coalesce(k.os, a.operating_system, t.attr_operating_system_name) AS os_name,
       coalesce(k.os_version, a.operating_system_version) AS os_version,
       k.os_install_date, k.cpu, k.cpu_cores, k.cpu_sockets, k.clock_speed_mhz AS cpu_speed_mhz, k.ram_mb, k.disk_gb, k.disk_free_gb,
       k.last_user,
       -- TDX's status decides (anything with "active" in it but "inactive"); without a TDX asset a machine is active.
       CASE WHEN t.status_name IS NULL THEN true
            ELSE lower(t.status_name) LIKE '%active%' AND lower(t.status_name) NOT LIKE '%inactive%' END AS is_active,
       a.is_enabled AS is_ad_enabled,
       greatest(t.modified_date, k.last_audit, k.last_session, a.last_logon_timestamp) AS last_seen,
       jsonb_build_object('location_id', t.location_id, 'location_name', t.location_name,
                          'room_id', t.location_room_id, 'room_name', t.location_room_name) AS location_info,
       t.owning_customer_id, t.owning_customer_name, t.owning_department_id, t.owning_department_name,
       t.requesting_customer_id, t.requesting_customer_name, t.requesting_department_id, t.requesting_department_name,
       t.attr_financial_owner_uid, t.attr_financial_owner_name, k.owner AS kc_owner, a.managed_by AS ad_managed_by,
       t.attr_memory, t.attr_storage, t.attr_processor_count, t.attr_operating_system_name,
       k.os AS kc_os, k.os_family AS kc_os_family, k.os_version AS kc_os_version, k.os_serial_number AS kc_os_serial_number,
       a.operating_system AS ad_operating_system, a.operating_system_version AS ad_operating_system_version,
       a.operating_system_service_pack AS ad_operating_system_service_pack,
       t.attr_ip_address, k.ip_addresses AS kc_ip_addresses,
       a.service_principal_names, a.ms_laps_password_expiration_time, a.user_account_control, a.is_critical_system_object,
       a.ou_root, a.ou_organization_type, a.ou_organization, a.ou_category, a.ou_division, a.ou_department, a.ou_subdepartment,
       a.ou_immediate_parent, a.ou_full_path,
       t.purchase_cost, t.acquisition_date, t.expected_replacement_date,
       t.created_date AS tdx_created, t.modified_date AS tdx_modified, k.last_audit AS kc_last_audit, k.last_session AS kc_last_session,
       k.last_startup AS kc_last_startup, k.base_audit AS kc_base_audit, a.last_logon AS ad_last_logon,
       a.last_logon_timestamp AS ad_last_logon_timestamp, a.pwd_last_set AS ad_pwd_last_set, a.when_created AS ad_when_created,
       a.when_changed AS ad_when_changed,
       t.attr_support_groups_ids, t.attr_support_groups_text, t.attr_function_id, t.attr_function_name, t.attr_purchase_shortcode,
       t.attributes AS tdx_all_attributes, t.attachments AS tdx_attachments,
       t.raw_id AS tdx_raw_id, a.raw_id AS ad_raw_id, k.raw_id AS kc_raw_id,
       a.member_of_groups,
       -- Owner: the TDX owning customer, else the KeyConfigure owner, else AD's managedBy, each only when silver.users knows it.
       ou_t.uniqname AS owner_from_tdx, ou_k.uniqname AS owner_from_kc, ou_a.uniqname AS owner_from_ad,
       fo.uniqname AS financial_owner,
       dt.dept_id AS department_from_tdx, da.dept_id AS department_from_ad, coalesce(dk_id.dept_id, dk_code.dept_id) AS department_from_kc
FROM computers_machines m
LEFT JOIN computers_t t ON t.tdx_asset_id = m.tdx_asset_id
LEFT JOIN computers_k k ON k.computer_id = m.kc_id
LEFT JOIN computers_a a ON a.sam_account_name = m.ad_sam
LEFT JOIN computers_user_by_uid ou_t ON ou_t.tdx_user_uid = t.owning_customer_id
LEFT JOIN silver.users ou_k ON ou_k.uniqname = k.owner AND k.owner !~ '\s'
LEFT JOIN silver.users ou_a ON ou_a.uniqname = lower(silver.ad_rdn_value(silver.ad_dn_leaf(a.managed_by)))
-- The financial owner column is varchar(8) with a foreign key to silver.users: a longer uniqname cannot be stored.
LEFT JOIN computers_user_by_uid fo ON fo.tdx_user_uid = t.attr_financial_owner_uid AND length(fo.uniqname) <= 8
LEFT JOIN computers_department_by_tdx_id dt ON dt.tdx_id = t.owning_department_id
LEFT JOIN computers_ou_department da ON da.ou_department = a.ou_department
LEFT JOIN silver.departments dk_id ON dk_id.dept_id = k.owner
LEFT JOIN computers_department_by_code dk_code ON dk_code.department_code = k.owner;

CREATE TEMP TABLE computers_rows ON COMMIT DROP AS
SELECT r.*,
       -- Quality: 0.10 base, +0.20 serial, +0.10 MAC, +0.15 TDX, +0.10 KeyConfigure, +0.10 AD (every source a machine has;
       -- the original only ever paid single-source machines), +0.10 owner, +0.10 department, +0.05 recent activity.
       least(1.00, 0.10 + CASE WHEN r.serial_number IS NOT NULL THEN 0.20 ELSE 0 END
                        + CASE WHEN r.mac_address IS NOT NULL THEN 0.10 ELSE 0 END
                        + CASE WHEN r.tdx_asset_id IS NOT NULL THEN 0.15 ELSE 0 END
                        + CASE WHEN r.kc_computer_id IS NOT NULL THEN 0.10 ELSE 0 END
                        + CASE WHEN r.ad_sam_account_name IS NOT NULL THEN 0.10 ELSE 0 END
                        + CASE WHEN r.owner_uniqname IS NOT NULL THEN 0.10 ELSE 0 END
                        + CASE WHEN r.owner_department_id IS NOT NULL THEN 0.10 ELSE 0 END
                        + CASE WHEN r.has_recent_activity THEN 0.05 ELSE 0 END)::numeric(3,2) AS data_quality_score,
       to_jsonb(array_remove(ARRAY[
           CASE WHEN r.owning_customer_id IS NOT NULL AND r.owner_from_tdx IS NULL THEN 'invalid_owner_tdx_uid' END,
           CASE WHEN r.attr_financial_owner_uid IS NOT NULL AND r.financial_owner IS NULL THEN 'invalid_financial_owner_tdx_uid' END,
           CASE WHEN r.owning_department_id IS NOT NULL AND r.department_from_tdx IS NULL THEN 'invalid_department_tdx_id' END,
           CASE WHEN r.owner_uniqname IS NULL THEN 'no_valid_owner' END,
           CASE WHEN r.owner_department_id IS NULL THEN 'no_valid_department' END], NULL)) AS quality_flags
FROM (
    SELECT x.*,
           left(upper(btrim(x.computer_name)), 100) AS base_computer_id,
           coalesce(x.t_serial, x.k_serial) AS serial_number,
           coalesce(x.t_macs[1], x.k_macs[1]) AS mac_address,
           coalesce(x.owner_from_tdx, x.owner_from_kc, x.owner_from_ad) AS owner_uniqname,
           coalesce(x.department_from_tdx, x.department_from_ad, x.department_from_kc) AS owner_department_id,
           coalesce(x.last_seen > now() - interval '90 days', false) AS has_recent_activity,
           array_to_string(ARRAY[CASE WHEN x.tdx_asset_id IS NOT NULL THEN 'tdx' END,
                                 CASE WHEN x.kc_computer_id IS NOT NULL THEN 'keyconfigure' END,
                                 CASE WHEN x.ad_sam_account_name IS NOT NULL THEN 'ad' END], '+') AS source_system,
           coalesce(x.tdx_asset_id::text, x.kc_computer_id, x.ad_sam_account_name) AS source_entity_id,
           coalesce('TDX-' || x.tdx_asset_id, 'KC-' || x.kc_computer_id, 'AD-' || x.ad_sam_account_name) AS machine_key,
           (x.tdx_asset_id IS NOT NULL)::int + (x.kc_computer_id IS NOT NULL)::int + (x.ad_sam_account_name IS NOT NULL)::int AS source_count
    FROM computers_merged x
) r;

-- computer_id = UPPER(TRIM(name)); when two machines share a name, the one with the most sources (then an active one,
-- then the smallest machine key) keeps it and the others get their machine key appended, so no machine is lost.
CREATE TEMP TABLE computers_final ON COMMIT DROP AS
SELECT CASE WHEN rank = 1 THEN base_computer_id ELSE left(base_computer_id, 99 - length(machine_key)) || '#' || machine_key END AS computer_id,
       rank > 1 AS renamed, *
FROM (SELECT r.*, row_number() OVER (PARTITION BY r.base_computer_id ORDER BY r.source_count DESC, r.is_active DESC, r.machine_key) AS rank
      FROM computers_rows r) ranked;

CREATE TEMP TABLE computers_out ON COMMIT DROP AS
SELECT f.computer_id, left(f.computer_name, 255) AS computer_name,
       to_jsonb(ARRAY(SELECT DISTINCT ON (n) n FROM unnest(ARRAY[btrim(f.t_name), f.k_name, f.a_name]) WITH ORDINALITY AS u (n, o)
                      WHERE n IS NOT NULL AND n <> '' ORDER BY n, o)) AS computer_name_aliases,
       f.serial_number,
       to_jsonb(array_remove(ARRAY[f.t_serial, CASE WHEN f.k_serial IS DISTINCT FROM f.t_serial THEN f.k_serial END], NULL)) AS serial_numbers,
       f.mac_address,
       to_jsonb(coalesce(f.t_macs, '{}') || coalesce(ARRAY(SELECT km FROM unnest(f.k_macs) WITH ORDINALITY AS u (km, o)
                                                        WHERE NOT km = ANY (coalesce(f.t_macs, '{}')) ORDER BY o), '{}')) AS mac_addresses,
       f.tdx_asset_id, f.tdx_tag, f.tdx_status_id, f.tdx_status_name, f.tdx_form_id, f.tdx_form_name, f.tdx_configuration_item_id,
       f.tdx_external_id, f.tdx_uri, f.ad_object_guid, f.ad_object_sid, f.ad_sam_account_name, f.ad_dns_hostname, f.ad_distinguished_name,
       f.kc_primary_mac AS kc_mac_address, f.owner_uniqname, f.owner_department_id, f.manufacturer, f.product_model,
       CASE WHEN f.os_name IS NULL THEN NULL
            WHEN upper(f.os_name) ~ '(WINDOWS|WIN |WIN10|WIN11)' THEN 'Windows'
            WHEN upper(f.os_name) ~ '(MAC|MACOS|OSX)' THEN 'macOS'
            WHEN upper(f.os_name) ~ '(LINUX|UBUNTU|CENTOS|RHEL|REDHAT|DEBIAN|ALMA)' THEN 'Linux'
            WHEN upper(f.os_name) ~ '(UNIX|SOLARIS|AIX)' THEN 'Unix'
            WHEN upper(f.os_name) ~ '(IOS|IPAD)' THEN 'iOS'
            WHEN upper(f.os_name) ~ 'ANDROID' THEN 'Android'
            ELSE 'Other' END AS os_family,
       f.os_name, f.os_version, f.os_install_date, f.cpu, f.cpu_cores, f.cpu_sockets, f.cpu_speed_mhz, f.ram_mb, f.disk_gb,
       f.disk_free_gb, f.is_active, f.is_ad_enabled, f.has_recent_activity, f.last_seen, f.last_user,
       f.location_info,
       jsonb_build_object(
           'tdx_owning', jsonb_build_object('customer_uid', f.owning_customer_id, 'customer_name', f.owning_customer_name,
                                            'department_id', f.owning_department_id, 'department_name', f.owning_department_name),
           'tdx_requesting', jsonb_build_object('customer_uid', f.requesting_customer_id, 'customer_name', f.requesting_customer_name,
                                                'department_id', f.requesting_department_id, 'department_name', f.requesting_department_name),
           'tdx_financial_owner', jsonb_build_object('uid', f.attr_financial_owner_uid, 'name', f.attr_financial_owner_name),
           'kc_owner', f.kc_owner, 'ad_managed_by', f.ad_managed_by) AS ownership_info,
       jsonb_build_object(
           'tdx', jsonb_build_object('memory', f.attr_memory, 'storage', f.attr_storage, 'processor', f.attr_processor_count),
           'kc', jsonb_build_object('cpu', f.cpu, 'cpu_cores', f.cpu_cores, 'cpu_sockets', f.cpu_sockets, 'clock_speed_mhz', f.cpu_speed_mhz,
                                    'ram_mb', f.ram_mb, 'disk_gb', f.disk_gb, 'disk_free_gb', f.disk_free_gb)) AS hardware_specs,
       jsonb_build_object(
           'tdx', jsonb_build_object('name', f.attr_operating_system_name),
           'kc', jsonb_build_object('os', f.kc_os, 'os_family', f.kc_os_family, 'os_version', f.kc_os_version,
                                    'os_serial_number', f.kc_os_serial_number, 'os_install_date', f.os_install_date),
           'ad', jsonb_build_object('operating_system', f.ad_operating_system, 'operating_system_version', f.ad_operating_system_version,
                                    'operating_system_service_pack', f.ad_operating_system_service_pack)) AS os_details,
       jsonb_build_object(
           'mac_addresses', to_jsonb(coalesce(f.t_macs, '{}') || coalesce(ARRAY(SELECT km FROM unnest(f.k_macs) WITH ORDINALITY AS u (km, o)
                                                                               WHERE NOT km = ANY (coalesce(f.t_macs, '{}')) ORDER BY o), '{}')),
           'ip_addresses', to_jsonb(ARRAY(SELECT DISTINCT ON (ip) ip
                                          FROM (SELECT btrim(p) AS ip, n FROM regexp_split_to_table(f.attr_ip_address, ',') WITH ORDINALITY AS s (p, n)
                                                UNION ALL
                                                SELECT e, 1000000 + n FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(f.kc_ip_addresses) = 'array'
                                                                                                          THEN f.kc_ip_addresses ELSE '[]' END)
                                                                           WITH ORDINALITY AS j (e, n)) ips
                                          WHERE ip <> '' ORDER BY ip, n)),
           'dns_hostname', f.ad_dns_hostname) AS network_info,
       CASE WHEN f.ad_sam_account_name IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('service_principal_names', f.service_principal_names,
                                    'ms_laps_password_expiration_time', f.ms_laps_password_expiration_time,
                                    'user_account_control', f.user_account_control,
                                    'is_critical_system_object', f.is_critical_system_object) END AS ad_security_info,
       CASE WHEN f.ad_sam_account_name IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('ou_root', f.ou_root, 'ou_organization_type', f.ou_organization_type, 'ou_organization', f.ou_organization,
                                    'ou_category', f.ou_category, 'ou_division', f.ou_division, 'ou_department', f.ou_department,
                                    'ou_subdepartment', f.ou_subdepartment, 'ou_immediate_parent', f.ou_immediate_parent,
                                    'ou_full_path', f.ou_full_path, 'distinguished_name', f.ad_distinguished_name) END AS ad_ou_info,
       jsonb_build_object('purchase_cost', f.purchase_cost, 'acquisition_date', f.acquisition_date,
                          'expected_replacement_date', f.expected_replacement_date) AS financial_info,
       jsonb_build_object('tdx_created', f.tdx_created, 'tdx_modified', f.tdx_modified, 'kc_last_audit', f.kc_last_audit,
                          'kc_last_session', f.kc_last_session, 'kc_last_startup', f.kc_last_startup, 'kc_base_audit', f.kc_base_audit,
                          'ad_last_logon', f.ad_last_logon, 'ad_last_logon_timestamp', f.ad_last_logon_timestamp,
                          'ad_pwd_last_set', f.ad_pwd_last_set, 'ad_when_created', f.ad_when_created,
                          'ad_when_changed', f.ad_when_changed) AS activity_timestamps,
       CASE WHEN f.tdx_asset_id IS NULL THEN '{}'::jsonb
            ELSE jsonb_build_object('support_groups', jsonb_build_object('ids', f.attr_support_groups_ids, 'text', f.attr_support_groups_text),
                                    'function', jsonb_build_object('id', f.attr_function_id, 'name', f.attr_function_name),
                                    'purchase_shortcode', f.attr_purchase_shortcode,
                                    'all_attributes', coalesce(f.tdx_all_attributes, '[]'::jsonb)) END AS tdx_attributes,
       coalesce(f.tdx_attachments, '[]'::jsonb) AS tdx_attachments,
       jsonb_build_object('tdx_raw_id', f.tdx_raw_id, 'ad_raw_id', f.ad_raw_id, 'keyconfigure_raw_id', f.kc_raw_id) AS source_raw_ids,
       f.data_quality_score, f.quality_flags, f.source_system, f.source_entity_id,
       f.financial_owner AS financial_owner_uniqname, f.kc_computer_id, f.kc_primary_mac, f.kc_nic_count,
       -- kept for the counts and computer_groups, not written
       f.kc_method, f.ad_matched, f.renamed, f.member_of_groups, f.machine_key
FROM computers_final f;

-- Write computers ---------------------------------------------------------------------------------------------------

CREATE TEMP TABLE computers_removed ON COMMIT DROP AS
WITH removed AS (
    DELETE FROM silver.computers c
    WHERE NOT EXISTS (SELECT 1 FROM computers_out o WHERE o.computer_id = c.computer_id)
    RETURNING c.computer_id
)
SELECT computer_id FROM removed;

CREATE TEMP TABLE computers_written ON COMMIT DROP AS
WITH written AS (
    INSERT INTO silver.computers AS c (
        computer_id, computer_name, computer_name_aliases, serial_number, serial_numbers, mac_address, mac_addresses, tdx_asset_id,
        tdx_tag, tdx_status_id, tdx_status_name, tdx_form_id, tdx_form_name, tdx_configuration_item_id, tdx_external_id, tdx_uri,
        ad_object_guid, ad_object_sid, ad_sam_account_name, ad_dns_hostname, ad_distinguished_name, kc_mac_address, owner_uniqname,
        owner_department_id, manufacturer, product_model, os_family, os_name, os_version, os_install_date, cpu, cpu_cores, cpu_sockets,
        cpu_speed_mhz, ram_mb, disk_gb, disk_free_gb, is_active, is_ad_enabled, has_recent_activity, last_seen, last_user,
        location_info, ownership_info, hardware_specs, os_details, network_info, ad_security_info, ad_ou_info, financial_info,
        activity_timestamps, tdx_attributes, tdx_attachments, source_raw_ids, data_quality_score, quality_flags, source_system,
        source_entity_id, entity_hash, ingestion_run_id, financial_owner_uniqname, kc_computer_id, kc_primary_mac, kc_nic_count)
    SELECT o.computer_id, o.computer_name, o.computer_name_aliases, o.serial_number, o.serial_numbers, o.mac_address, o.mac_addresses,
           o.tdx_asset_id, o.tdx_tag, o.tdx_status_id, o.tdx_status_name, o.tdx_form_id, o.tdx_form_name, o.tdx_configuration_item_id,
           o.tdx_external_id, o.tdx_uri, o.ad_object_guid, o.ad_object_sid, o.ad_sam_account_name, o.ad_dns_hostname,
           o.ad_distinguished_name, o.kc_mac_address, o.owner_uniqname, o.owner_department_id, o.manufacturer, o.product_model,
           o.os_family, o.os_name, o.os_version, o.os_install_date, o.cpu, o.cpu_cores, o.cpu_sockets, o.cpu_speed_mhz, o.ram_mb,
           o.disk_gb, o.disk_free_gb, o.is_active, o.is_ad_enabled, o.has_recent_activity, o.last_seen, o.last_user,
           o.location_info, o.ownership_info, o.hardware_specs, o.os_details, o.network_info, o.ad_security_info, o.ad_ou_info,
           o.financial_info, o.activity_timestamps, o.tdx_attributes, o.tdx_attachments, o.source_raw_ids, o.data_quality_score,
           o.quality_flags, o.source_system, o.source_entity_id,
           encode(sha256(convert_to(ROW(
               o.computer_id, o.computer_name, o.computer_name_aliases, o.serial_number, o.serial_numbers, o.mac_address, o.mac_addresses,
               o.tdx_asset_id, o.tdx_tag, o.tdx_status_id, o.tdx_status_name, o.tdx_form_id, o.tdx_form_name, o.tdx_configuration_item_id,
               o.tdx_external_id, o.tdx_uri, o.ad_object_guid, o.ad_object_sid, o.ad_sam_account_name, o.ad_dns_hostname,
               o.ad_distinguished_name, o.kc_mac_address, o.owner_uniqname, o.owner_department_id, o.manufacturer, o.product_model,
               o.os_family, o.os_name, o.os_version, o.os_install_date, o.cpu, o.cpu_cores, o.cpu_sockets, o.cpu_speed_mhz, o.ram_mb,
               o.disk_gb, o.disk_free_gb, o.is_active, o.is_ad_enabled, o.has_recent_activity, o.last_seen, o.last_user,
               o.location_info, o.ownership_info, o.hardware_specs, o.os_details, o.network_info, o.ad_security_info, o.ad_ou_info,
               o.financial_info, o.activity_timestamps, o.tdx_attributes, o.tdx_attachments, o.source_raw_ids, o.data_quality_score,
               o.quality_flags, o.source_system, o.source_entity_id, o.financial_owner_uniqname, o.kc_computer_id, o.kc_primary_mac,
               o.kc_nic_count)::text, 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step),
           o.financial_owner_uniqname, o.kc_computer_id, o.kc_primary_mac, o.kc_nic_count
    FROM computers_out o
    ORDER BY o.computer_id
    ON CONFLICT (computer_id) DO UPDATE
    SET computer_name = EXCLUDED.computer_name, computer_name_aliases = EXCLUDED.computer_name_aliases,
        serial_number = EXCLUDED.serial_number, serial_numbers = EXCLUDED.serial_numbers, mac_address = EXCLUDED.mac_address,
        mac_addresses = EXCLUDED.mac_addresses, tdx_asset_id = EXCLUDED.tdx_asset_id, tdx_tag = EXCLUDED.tdx_tag,
        tdx_status_id = EXCLUDED.tdx_status_id, tdx_status_name = EXCLUDED.tdx_status_name, tdx_form_id = EXCLUDED.tdx_form_id,
        tdx_form_name = EXCLUDED.tdx_form_name, tdx_configuration_item_id = EXCLUDED.tdx_configuration_item_id,
        tdx_external_id = EXCLUDED.tdx_external_id, tdx_uri = EXCLUDED.tdx_uri, ad_object_guid = EXCLUDED.ad_object_guid,
        ad_object_sid = EXCLUDED.ad_object_sid, ad_sam_account_name = EXCLUDED.ad_sam_account_name,
        ad_dns_hostname = EXCLUDED.ad_dns_hostname, ad_distinguished_name = EXCLUDED.ad_distinguished_name,
        kc_mac_address = EXCLUDED.kc_mac_address, owner_uniqname = EXCLUDED.owner_uniqname,
        owner_department_id = EXCLUDED.owner_department_id, manufacturer = EXCLUDED.manufacturer,
        product_model = EXCLUDED.product_model, os_family = EXCLUDED.os_family, os_name = EXCLUDED.os_name,
        os_version = EXCLUDED.os_version, os_install_date = EXCLUDED.os_install_date, cpu = EXCLUDED.cpu,
        cpu_cores = EXCLUDED.cpu_cores, cpu_sockets = EXCLUDED.cpu_sockets, cpu_speed_mhz = EXCLUDED.cpu_speed_mhz,
        ram_mb = EXCLUDED.ram_mb, disk_gb = EXCLUDED.disk_gb, disk_free_gb = EXCLUDED.disk_free_gb, is_active = EXCLUDED.is_active,
        is_ad_enabled = EXCLUDED.is_ad_enabled, has_recent_activity = EXCLUDED.has_recent_activity, last_seen = EXCLUDED.last_seen,
        last_user = EXCLUDED.last_user, location_info = EXCLUDED.location_info, ownership_info = EXCLUDED.ownership_info,
        hardware_specs = EXCLUDED.hardware_specs, os_details = EXCLUDED.os_details, network_info = EXCLUDED.network_info,
        ad_security_info = EXCLUDED.ad_security_info, ad_ou_info = EXCLUDED.ad_ou_info, financial_info = EXCLUDED.financial_info,
        activity_timestamps = EXCLUDED.activity_timestamps, tdx_attributes = EXCLUDED.tdx_attributes,
        tdx_attachments = EXCLUDED.tdx_attachments, source_raw_ids = EXCLUDED.source_raw_ids,
        data_quality_score = EXCLUDED.data_quality_score, quality_flags = EXCLUDED.quality_flags,
        source_system = EXCLUDED.source_system, source_entity_id = EXCLUDED.source_entity_id, entity_hash = EXCLUDED.entity_hash,
        ingestion_run_id = EXCLUDED.ingestion_run_id, financial_owner_uniqname = EXCLUDED.financial_owner_uniqname,
        kc_computer_id = EXCLUDED.kc_computer_id, kc_primary_mac = EXCLUDED.kc_primary_mac, kc_nic_count = EXCLUDED.kc_nic_count
    WHERE c.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash
    RETURNING (xmax = 0) AS inserted
)
SELECT inserted FROM written;

-- computer_groups: the AD groups of every machine with an AD record (full diff: new rows in, changed rows updated,
-- memberships no longer there removed). group_id: the silver.groups row with that DN, else with that CN, else with
-- that group name (case-insensitive, then the smallest group_id).

CREATE TEMP TABLE computer_groups_out ON COMMIT DROP AS
SELECT DISTINCT ON (m.computer_id, m.group_dn) m.computer_id, m.group_dn, left(m.group_cn, 255) AS group_cn,
       coalesce(by_dn.group_id, by_cn.group_id, by_name.group_id) AS group_id
FROM (SELECT o.computer_id, btrim(dn) AS group_dn,
             CASE WHEN upper(split_part(silver.ad_dn_leaf(btrim(dn)), '=', 1)) = 'CN' THEN silver.ad_rdn_value(silver.ad_dn_leaf(btrim(dn))) END AS group_cn
      FROM computers_out o
      CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(o.member_of_groups) = 'array' THEN o.member_of_groups ELSE '[]' END) AS e (dn)
      WHERE o.ad_sam_account_name IS NOT NULL AND btrim(dn) <> '') m
LEFT JOIN (SELECT DISTINCT ON (lower(distinguished_name)) lower(distinguished_name) AS k, group_id FROM silver.groups
           WHERE distinguished_name IS NOT NULL ORDER BY lower(distinguished_name), group_id) by_dn ON by_dn.k = lower(m.group_dn)
LEFT JOIN (SELECT DISTINCT ON (lower(cn)) lower(cn) AS k, group_id FROM silver.groups
           WHERE cn IS NOT NULL ORDER BY lower(cn), group_id) by_cn ON by_cn.k = lower(m.group_cn)
LEFT JOIN (SELECT DISTINCT ON (lower(group_name)) lower(group_name) AS k, group_id FROM silver.groups
           WHERE group_name IS NOT NULL ORDER BY lower(group_name), group_id) by_name ON by_name.k = lower(m.group_cn)
ORDER BY m.computer_id, m.group_dn;

CREATE TEMP TABLE computer_groups_removed ON COMMIT DROP AS
WITH removed AS (
    DELETE FROM silver.computer_groups g
    WHERE NOT EXISTS (SELECT 1 FROM computer_groups_out o WHERE o.computer_id = g.computer_id AND o.group_dn = g.group_dn)
    RETURNING 1
)
SELECT count(*) AS n FROM removed;

CREATE TEMP TABLE computer_groups_written ON COMMIT DROP AS
WITH written AS (
    INSERT INTO silver.computer_groups AS g (computer_id, group_id, group_dn, group_cn, source_system)
    SELECT o.computer_id, o.group_id, o.group_dn, o.group_cn, 'active_directory'
    FROM computer_groups_out o
    ORDER BY o.computer_id, o.group_dn
    ON CONFLICT (computer_id, group_dn) DO UPDATE
    SET group_id = EXCLUDED.group_id, group_cn = EXCLUDED.group_cn, updated_at = CURRENT_TIMESTAMP
    WHERE g.group_id IS DISTINCT FROM EXCLUDED.group_id OR g.group_cn IS DISTINCT FROM EXCLUDED.group_cn
    RETURNING (xmax = 0) AS inserted
)
SELECT inserted FROM written;

-- Counts: computers and memberships together in the totals, each table and the match methods in quality.
SELECT (SELECT count(*) FROM computers_t) + (SELECT count(*) FROM computers_k) + (SELECT count(*) FROM computers_a) AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM computers_written)
         + (SELECT count(*) FILTER (WHERE inserted) FROM computer_groups_written)                       AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM computers_written)
         + (SELECT count(*) FILTER (WHERE NOT inserted) FROM computer_groups_written)                   AS updated,
       (SELECT count(*) FROM computers_removed) + (SELECT n FROM computer_groups_removed)                AS deleted,
       0::bigint                                                                                        AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'matched_keyconfigure:' || o.kc_method AS outcome FROM computers_out o WHERE o.kc_method IS NOT NULL
                    UNION ALL
                    SELECT 'matched_ad:name' FROM computers_out o WHERE o.ad_matched
                    UNION ALL
                    SELECT 'flag:' || jsonb_array_elements_text(o.quality_flags) FROM computers_out o
                    UNION ALL
                    SELECT 'duplicate:computer_id' FROM computers_out o WHERE o.renamed
                    UNION ALL
                    SELECT 'computer_groups:unresolved_group' FROM computer_groups_out g WHERE g.group_id IS NULL
                    UNION ALL
                    SELECT 'computer_groups:written' FROM computer_groups_written
                    UNION ALL
                    SELECT 'computer_groups:deleted' FROM computer_groups_removed r CROSS JOIN generate_series(1, r.n)) outcomes
              GROUP BY outcome) counted)                                                                AS quality;
