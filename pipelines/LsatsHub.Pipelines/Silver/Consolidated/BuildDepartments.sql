-- silver.departments: one row per real department, merged from silver.umapi_departments and silver.tdx_departments on
-- dept_id (the UMich DeptId, which is also the TDX account Code). docs/silver-model.md "Tier 2" has the rules; in short:
-- * dept_id = the UMich API DeptId, else the TDX dept_id (its Code, or TDX_<ID> when the account has no Code).
-- * Two TDX accounts with one Code: the active one, then the most recently modified, then the lowest TDX ID wins
--   (counted as duplicate:tdx_dept_id); the original's winner depended on row order.
-- * A TDX account without a Code (dept_id TDX_<ID>) joins a UMich department that has no TDX account: the one whose
--   DeptId its name starts with ("<DeptId> - <name>", as UMich names accounts), else the one of the same name (case and
--   spacing ignored) when that name is unique on both sides; otherwise it stays a TDX-only department. Flagged
--   matched_by_name; the original split such a department in two (a TDX_<ID> row and a UMich-only row), so TDX asset
--   owners never reached the UMich department.
-- * Every run merges every department from both sources (a few thousand rows): a department whose TDX row changed keeps
--   its UMich partner (the original re-merged changed rows alone, spec gotcha 6), and a full refresh is the same work.
--   Only rows whose content hash differs are written.
-- * department_name is never NULL: UMich name, else TDX name, else dept_id (flag missing_dept_name); the original
--   failed the record when the UMich name was missing.
-- * A department gone from both sources keeps its row with is_active = false (other tables reference it).
-- Quality (spec 4.4): 1.00, -0.50 no name, -0.10 each missing campus, college, VP area, -0.10 no TDX account,
-- -0.05 no UMich record, floor 0.

-- TDX accounts, one per dept_id.
CREATE TEMP TABLE departments_tdx ON COMMIT DROP AS
SELECT DISTINCT ON (t.dept_id)
       t.*, count(*) OVER (PARTITION BY t.dept_id) AS claimants,
       t.dept_id = 'TDX_' || t.tdx_id AS fallback_code
FROM silver.tdx_departments t
WHERE t.dept_id IS NOT NULL
ORDER BY t.dept_id, t.is_active DESC, t.tdx_modified_date DESC NULLS LAST, t.tdx_id;

-- Accounts without a Code that join a UMich department without a TDX account: by the DeptId their name starts with
-- (UMich names TDX accounts "<DeptId> - <name>"), else by their name (that prefix removed) when it is unique on both
-- sides. Each UMich department and each account is joined at most once.
CREATE TEMP TABLE departments_by_name ON COMMIT DROP AS
WITH fallback AS (
    SELECT t.dept_id,
           substring(t.department_name FROM '^\s*([0-9A-Za-z]+)\s+-\s+') AS id_hint,
           lower(btrim(regexp_replace(regexp_replace(t.department_name, '^\s*[0-9]+\s+-\s+', ''), '\s+', ' ', 'g'))) AS name_key
    FROM departments_tdx t
    WHERE t.fallback_code AND t.department_name IS NOT NULL
),
unmatched AS (
    SELECT u.dept_id, lower(btrim(regexp_replace(u.department_name, '\s+', ' ', 'g'))) AS name_key
    FROM silver.umapi_departments u
    WHERE NOT EXISTS (SELECT 1 FROM departments_tdx t WHERE t.dept_id = u.dept_id)
),
by_id AS (
    SELECT f.dept_id AS tdx_dept_id, u.dept_id AS umapi_dept_id
    FROM (SELECT f.*, count(*) OVER (PARTITION BY f.id_hint) AS n FROM fallback f WHERE f.id_hint IS NOT NULL) f
    JOIN unmatched u ON u.dept_id = f.id_hint
    WHERE f.n = 1
),
by_name AS (
    SELECT f.dept_id AS tdx_dept_id, u.dept_id AS umapi_dept_id
    FROM (SELECT f.*, count(*) OVER (PARTITION BY f.name_key) AS n
          FROM fallback f WHERE f.dept_id NOT IN (SELECT tdx_dept_id FROM by_id)) f
    JOIN (SELECT u.*, count(*) OVER (PARTITION BY u.name_key) AS n
          FROM unmatched u WHERE u.dept_id NOT IN (SELECT umapi_dept_id FROM by_id)) u ON u.name_key = f.name_key
    WHERE f.n = 1 AND u.n = 1
)
SELECT * FROM by_id UNION ALL SELECT * FROM by_name;

CREATE TEMP TABLE departments_merged ON COMMIT DROP AS
SELECT m.*,
       greatest(0, 1.00
           - CASE WHEN m.missing_name THEN 0.50 ELSE 0 END
           - CASE WHEN m.campus_name IS NULL THEN 0.10 ELSE 0 END
           - CASE WHEN m.college_name IS NULL THEN 0.10 ELSE 0 END
           - CASE WHEN m.vp_area_name IS NULL THEN 0.10 ELSE 0 END
           - CASE WHEN m.tdx_id IS NULL THEN 0.10 ELSE 0 END
           - CASE WHEN NOT m.in_umapi THEN 0.05 ELSE 0 END)::numeric(3,2) AS data_quality_score,
       to_jsonb(array_remove(ARRAY[
           CASE WHEN m.missing_name THEN 'missing_dept_name' END,
           CASE WHEN m.campus_name IS NULL THEN 'missing_campus' END,
           CASE WHEN m.college_name IS NULL THEN 'missing_college' END,
           CASE WHEN m.vp_area_name IS NULL THEN 'missing_vp_area' END,
           CASE WHEN m.tdx_id IS NULL THEN 'no_tdx_data' END,
           CASE WHEN NOT m.in_umapi THEN 'no_umapi_data' END,
           CASE WHEN m.matched_by_name THEN 'matched_by_name' END,
           CASE WHEN m.tdx_claimants > 1 THEN 'duplicate_tdx_code' END], NULL)) AS quality_flags
FROM (
    SELECT coalesce(u.dept_id, t.dept_id)                                    AS dept_id,
           coalesce(u.department_name, t.department_name, coalesce(u.dept_id, t.dept_id)) AS department_name,
           u.department_name IS NULL AND t.department_name IS NULL            AS missing_name,
           u.dept_id IS NOT NULL                                              AS in_umapi,
           coalesce(t.is_active, true)                                        AS is_active,
           t.tdx_id,
           u.campus_name, u.college_name, u.vp_area_name, u.dept_group, u.dept_group_campus, u.dept_group_vp_area,
           u.hierarchical_path,
           t.tdx_created_date, t.tdx_modified_date,
           coalesce(t.location_info, '{}'::jsonb)                             AS location_info,
           t.parent_id::text                                                  AS parent_dept_id,
           t.manager_uid                                                      AS tdx_manager_uid,
           coalesce(bn.umapi_dept_id IS NOT NULL, false)                      AS matched_by_name,
           coalesce(t.claimants, 0)                                           AS tdx_claimants,
           CASE WHEN u.dept_id IS NOT NULL AND t.dept_id IS NOT NULL THEN 'umapi+tdx'
                WHEN u.dept_id IS NOT NULL THEN 'umapi' ELSE 'tdx' END        AS source_system,
           CASE WHEN u.dept_id IS NOT NULL AND t.dept_id IS NOT NULL THEN '["umapi", "tdx"]'::jsonb
                WHEN u.dept_id IS NOT NULL THEN '["umapi"]'::jsonb ELSE '["tdx"]'::jsonb END AS sources
    FROM silver.umapi_departments u
    FULL JOIN (SELECT t.*, coalesce(bn.umapi_dept_id, t.dept_id) AS merge_key
               FROM departments_tdx t
               LEFT JOIN departments_by_name bn ON bn.tdx_dept_id = t.dept_id) t ON t.merge_key = u.dept_id
    LEFT JOIN departments_by_name bn ON bn.umapi_dept_id = u.dept_id
) m;

CREATE TEMP TABLE departments_written ON COMMIT DROP AS
WITH written AS (
    INSERT INTO silver.departments AS s (
        dept_id, department_name, department_code, is_active, data_quality_score, quality_flags, source_system, source_entity_id,
        tdx_id, campus_name, college_group, vp_area, hierarchical_path, tdx_created_date, tdx_modified_date, location_info,
        parent_dept_id, vp_area_name, college_name, dept_group, dept_group_campus, dept_group_vp_area, tdx_manager_uid, sources,
        entity_hash, ingestion_run_id)
    SELECT m.dept_id, m.department_name, m.dept_id, m.is_active, m.data_quality_score, m.quality_flags, m.source_system, m.dept_id,
           m.tdx_id, m.campus_name, m.college_name, m.vp_area_name, m.hierarchical_path, m.tdx_created_date, m.tdx_modified_date, m.location_info,
           m.parent_dept_id, m.vp_area_name, m.college_name, m.dept_group, m.dept_group_campus, m.dept_group_vp_area, m.tdx_manager_uid, m.sources,
           encode(sha256(convert_to(ROW(m.dept_id, m.department_name, m.is_active, m.data_quality_score, m.quality_flags, m.source_system,
                                        m.tdx_id, m.campus_name, m.college_name, m.vp_area_name, m.hierarchical_path, m.tdx_created_date,
                                        m.tdx_modified_date, m.location_info, m.parent_dept_id, m.dept_group, m.dept_group_campus,
                                        m.dept_group_vp_area, m.tdx_manager_uid, m.sources)::text, 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM departments_merged m
    ORDER BY m.dept_id
    ON CONFLICT (dept_id) DO UPDATE
    SET department_name = EXCLUDED.department_name, department_code = EXCLUDED.department_code, is_active = EXCLUDED.is_active,
        data_quality_score = EXCLUDED.data_quality_score, quality_flags = EXCLUDED.quality_flags, source_system = EXCLUDED.source_system,
        source_entity_id = EXCLUDED.source_entity_id, tdx_id = EXCLUDED.tdx_id, campus_name = EXCLUDED.campus_name,
        college_group = EXCLUDED.college_group, vp_area = EXCLUDED.vp_area, hierarchical_path = EXCLUDED.hierarchical_path,
        tdx_created_date = EXCLUDED.tdx_created_date, tdx_modified_date = EXCLUDED.tdx_modified_date, location_info = EXCLUDED.location_info,
        parent_dept_id = EXCLUDED.parent_dept_id, vp_area_name = EXCLUDED.vp_area_name, college_name = EXCLUDED.college_name,
        dept_group = EXCLUDED.dept_group, dept_group_campus = EXCLUDED.dept_group_campus, dept_group_vp_area = EXCLUDED.dept_group_vp_area,
        tdx_manager_uid = EXCLUDED.tdx_manager_uid, sources = EXCLUDED.sources,
        entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id
    -- (updated_at is set by the table's trigger.)
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash
    RETURNING (xmax = 0) AS inserted
)
SELECT * FROM written;

-- Departments neither source knows any more: kept (labs and awards reference them), retired once.
CREATE TEMP TABLE departments_retired ON COMMIT DROP AS
WITH retired AS (
    UPDATE silver.departments s
    SET is_active = false,
        quality_flags = coalesce(s.quality_flags, '[]'::jsonb) || '["no_source"]'::jsonb,
        entity_hash = encode(sha256(convert_to(s.entity_hash || ':retired', 'UTF8')), 'hex'),
        ingestion_run_id = (SELECT run_id FROM silver_step)
    WHERE NOT EXISTS (SELECT 1 FROM departments_merged m WHERE m.dept_id = s.dept_id)
      AND NOT coalesce(s.quality_flags @> '["no_source"]'::jsonb, false)
    RETURNING 1
)
SELECT * FROM retired;

SELECT (SELECT count(*) FROM silver.umapi_departments) + (SELECT count(*) FROM silver.tdx_departments) AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM departments_written)                           AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM departments_written)                       AS updated,
       (SELECT count(*) FROM departments_retired)                                                    AS deleted,
       (SELECT count(*) FROM silver.tdx_departments WHERE dept_id IS NULL)
         + (SELECT coalesce(sum(claimants - 1), 0) FROM departments_tdx)                            AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'duplicate:tdx_dept_id' AS outcome FROM departments_tdx t, generate_series(2, t.claimants)
                    UNION ALL SELECT 'missing:tdx_dept_id' FROM silver.tdx_departments WHERE dept_id IS NULL
                    UNION ALL SELECT 'matched_by_name' FROM departments_by_name
                    UNION ALL SELECT 'missing:department_name' FROM departments_merged WHERE missing_name) outcomes
              GROUP BY outcome) counted)                                                             AS quality;
