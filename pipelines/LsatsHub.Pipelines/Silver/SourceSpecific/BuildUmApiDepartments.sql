-- silver.umapi_departments from bronze umich_api/department (one entity per DeptId, external_id = DeptId).
-- Key dept_id; the lineage column is raw_id. No active flag: the row of a department gone from the API
-- (tombstone) is removed, and so is the row of a department whose newest version is unusable (counted every run).

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

-- Newest versions the table has not taken yet (all on a full refresh), and tombstones of departments still here.
CREATE TEMP TABLE umapi_departments_changed ON COMMIT DROP AS
SELECT l.raw_id, l.external_id, l.is_deleted, l.raw_data, t.dept_id AS taken_dept_id
FROM bronze.latest_raw_entities l
LEFT JOIN (SELECT s.dept_id, s.raw_id, b.external_id
           FROM silver.umapi_departments s
           JOIN bronze.raw_entities b ON b.raw_id = s.raw_id) t ON t.external_id = l.external_id
WHERE l.source_system = 'umich_api' AND l.entity_type = 'department'
  AND ((SELECT full_refresh FROM silver_step)
       OR (NOT l.is_deleted AND t.raw_id IS DISTINCT FROM l.raw_id)
       OR (l.is_deleted AND t.raw_id IS NOT NULL));

-- Cleaned source text (s, blank = NULL), then the typed values (t) in one statement: a value that does not fit becomes
-- NULL and is named in nulled (nothing nulled, the common case, is told by counting values before and after typing).
-- The cleaned text was a temp table of its own, joined to the typed one again through a catalog-generated query
-- (silver.nulled_by_typing) for the nulled columns (issue 11).
CREATE TEMP TABLE umapi_departments_typed ON COMMIT DROP AS
SELECT c.raw_id, c.external_id, t.*,
       CASE WHEN num_nonnulls(s.dept_id, s.department_name, s.dept_group, s.dept_group_campus, s.dept_group_vp_area, s.college_name, s.campus_name, s.vp_area_name, s.hierarchical_path)
               = num_nonnulls(t.dept_id, t.department_name, t.dept_group, t.dept_group_campus, t.dept_group_vp_area, t.college_name, t.campus_name, t.vp_area_name, t.hierarchical_path)
            THEN '{}'::text[]
            ELSE array_remove(ARRAY[
                                    CASE WHEN s.campus_name IS NOT NULL AND t.campus_name IS NULL THEN 'campus_name' END,
                                    CASE WHEN s.college_name IS NOT NULL AND t.college_name IS NULL THEN 'college_name' END,
                                    CASE WHEN s.department_name IS NOT NULL AND t.department_name IS NULL THEN 'department_name' END,
                                    CASE WHEN s.dept_group IS NOT NULL AND t.dept_group IS NULL THEN 'dept_group' END,
                                    CASE WHEN s.dept_group_campus IS NOT NULL AND t.dept_group_campus IS NULL THEN 'dept_group_campus' END,
                                    CASE WHEN s.dept_group_vp_area IS NOT NULL AND t.dept_group_vp_area IS NULL THEN 'dept_group_vp_area' END,
                                    CASE WHEN s.dept_id IS NOT NULL AND t.dept_id IS NULL THEN 'dept_id' END,
                                    CASE WHEN s.hierarchical_path IS NOT NULL AND t.hierarchical_path IS NULL THEN 'hierarchical_path' END,
                                    CASE WHEN s.vp_area_name IS NOT NULL AND t.vp_area_name IS NULL THEN 'vp_area_name' END], NULL) END AS nulled,
       -- Content hash: SHA-256 of the typed values joined by the unit separator, a NULL written as the record separator;
       -- the flags and the score follow from them. Of the typed values, not their sources, so that after a change to the
       -- typing a --full-refresh rewrites the rows it changes. Only ever compared with itself (was the JSON text of the
       -- whole typed row).
       encode(sha256(convert_to(array_to_string(ARRAY[t.dept_id, t.department_name, t.dept_group, t.dept_group_campus, t.dept_group_vp_area, t.college_name, t.campus_name, t.vp_area_name, t.hierarchical_path], E'\x1f', E'\x1e'), 'UTF8')), 'hex') AS entity_hash
FROM (SELECT c.raw_id, c.external_id, c.raw_data FROM umapi_departments_changed c WHERE NOT c.is_deleted OFFSET 0) c
CROSS JOIN LATERAL (
    SELECT silver.clean_text(c.raw_data ->> 'DeptId')                                    AS dept_id,
           silver.clean_text(c.raw_data ->> 'DeptDescription')                           AS department_name,
           silver.clean_text(c.raw_data ->> 'DeptGroup')                                 AS dept_group,
           silver.clean_text(c.raw_data ->> 'DeptGroupCampus')                           AS dept_group_campus,
           silver.clean_text(c.raw_data ->> 'DeptGroupVPArea')                           AS dept_group_vp_area,
           silver.clean_text(c.raw_data ->> 'DeptGroupDescription')                      AS college_name,
           silver.clean_text(c.raw_data ->> 'DeptGroupCampusDescr')                      AS campus_name,
           silver.clean_text(c.raw_data ->> 'DeptGroupVPAreaDescr')                      AS vp_area_name,
           silver.clean_text(c.raw_data ->> '_hierarchical_path')                        AS hierarchical_path
    OFFSET 0
) s
CROSS JOIN LATERAL (
    SELECT CASE WHEN length(s.dept_id) <= 10 THEN s.dept_id END                          AS dept_id,
           CASE WHEN length(s.department_name) <= 255 THEN s.department_name END         AS department_name,
           CASE WHEN length(s.dept_group) <= 50 THEN s.dept_group END                    AS dept_group,
           CASE WHEN length(s.dept_group_campus) <= 20 THEN s.dept_group_campus END      AS dept_group_campus,
           CASE WHEN length(s.dept_group_vp_area) <= 50 THEN s.dept_group_vp_area END    AS dept_group_vp_area,
           CASE WHEN length(s.college_name) <= 50 THEN s.college_name END                AS college_name,
           CASE WHEN length(s.campus_name) <= 50 THEN s.campus_name END                  AS campus_name,
           CASE WHEN length(s.vp_area_name) <= 50 THEN s.vp_area_name END                AS vp_area_name,
           CASE WHEN length(s.hierarchical_path) <= 255 THEN s.hierarchical_path END     AS hierarchical_path
    OFFSET 0
) t;

-- One row per dept_id (the smallest external id wins should two entities clean to one id), scored as the original:
-- 1.00 minus 0.50 without a name, 0.10 per missing campus / college / VP area name, 0.10 when a name is not part of
-- the hierarchical path; the 0-penalty flags only inform.
CREATE TEMP TABLE umapi_departments_rows ON COMMIT DROP AS
SELECT DISTINCT ON (r.dept_id) r.*, f.flags,
       greatest(0, 1.00
                   - CASE WHEN r.department_name IS NULL THEN 0.50 ELSE 0 END
                   - CASE WHEN r.campus_name IS NULL THEN 0.10 ELSE 0 END
                   - CASE WHEN r.college_name IS NULL THEN 0.10 ELSE 0 END
                   - CASE WHEN r.vp_area_name IS NULL THEN 0.10 ELSE 0 END
                   - CASE WHEN f.flags ? 'inconsistent_hierarchy' THEN 0.10 ELSE 0 END)::numeric(3,2) AS data_quality_score
FROM umapi_departments_typed r
CROSS JOIN LATERAL (
    SELECT to_jsonb(array_remove(ARRAY[
        CASE WHEN r.department_name IS NULL THEN 'missing_department_name' END,
        CASE WHEN r.campus_name IS NULL THEN 'missing_campus' END,
        CASE WHEN r.college_name IS NULL THEN 'missing_college' END,
        CASE WHEN r.vp_area_name IS NULL THEN 'missing_vp_area' END,
        CASE WHEN r.hierarchical_path IS NOT NULL
              AND (strpos(r.hierarchical_path, r.campus_name) = 0 OR strpos(r.hierarchical_path, r.vp_area_name) = 0
                   OR strpos(r.hierarchical_path, r.college_name) = 0 OR strpos(r.hierarchical_path, r.department_name) = 0)
             THEN 'inconsistent_hierarchy' END,
        CASE WHEN r.dept_group IS NULL THEN 'missing_dept_group_code' END,
        CASE WHEN r.dept_group_campus IS NULL THEN 'missing_campus_code' END,
        CASE WHEN r.dept_group_vp_area IS NULL THEN 'missing_vp_area_code' END,
        CASE WHEN r.hierarchical_path IS NULL
              AND coalesce(r.campus_name, r.vp_area_name, r.college_name) IS NOT NULL THEN 'missing_hierarchical_path' END], NULL)) AS flags
) f
WHERE r.dept_id IS NOT NULL
ORDER BY r.dept_id, r.external_id;

WITH removed AS (
    DELETE FROM silver.umapi_departments s
    WHERE ((SELECT full_refresh FROM silver_step)
           OR s.dept_id IN (SELECT taken_dept_id FROM umapi_departments_changed))
      AND NOT EXISTS (SELECT 1 FROM umapi_departments_rows r WHERE r.dept_id = s.dept_id)
    RETURNING 1
),
written AS (
    INSERT INTO silver.umapi_departments AS s (
        dept_id, department_name, dept_group, dept_group_campus, dept_group_vp_area, college_name, campus_name,
        vp_area_name, hierarchical_path, data_quality_score, quality_flags, entity_hash, raw_id, ingestion_run_id)
    SELECT r.dept_id, r.department_name, r.dept_group, r.dept_group_campus, r.dept_group_vp_area, r.college_name, r.campus_name,
           r.vp_area_name, r.hierarchical_path, r.data_quality_score, r.flags,
           r.entity_hash,
           r.raw_id, (SELECT run_id FROM silver_step)
    FROM umapi_departments_rows r
    ON CONFLICT (dept_id) DO UPDATE
    SET department_name = EXCLUDED.department_name, dept_group = EXCLUDED.dept_group,
        dept_group_campus = EXCLUDED.dept_group_campus, dept_group_vp_area = EXCLUDED.dept_group_vp_area,
        college_name = EXCLUDED.college_name, campus_name = EXCLUDED.campus_name, vp_area_name = EXCLUDED.vp_area_name,
        hierarchical_path = EXCLUDED.hierarchical_path, data_quality_score = EXCLUDED.data_quality_score,
        quality_flags = EXCLUDED.quality_flags, entity_hash = EXCLUDED.entity_hash,
        raw_id = EXCLUDED.raw_id, ingestion_run_id = EXCLUDED.ingestion_run_id,
        updated_at = CURRENT_TIMESTAMP
    -- A new bronze version with the same content only moves the lineage, so it is not read again.
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM umapi_departments_changed)                          AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                    AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)                AS updated,
       (SELECT count(*) FROM removed)                                            AS deleted,
       (SELECT count(*) FROM umapi_departments_typed t
        WHERE NOT EXISTS (SELECT 1 FROM umapi_departments_rows r WHERE r.raw_id = t.raw_id)) AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'invalid:' || unnest(t.nulled) AS outcome FROM umapi_departments_typed t
                    UNION ALL
                    SELECT 'missing:dept_id' FROM umapi_departments_typed t WHERE t.dept_id IS NULL AND NOT ('dept_id' = ANY (t.nulled))
                    UNION ALL
                    SELECT 'duplicate_key' FROM umapi_departments_typed t
                    WHERE t.dept_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM umapi_departments_rows r WHERE r.raw_id = t.raw_id)) outcomes
              GROUP BY outcome) counted)                                         AS quality;
