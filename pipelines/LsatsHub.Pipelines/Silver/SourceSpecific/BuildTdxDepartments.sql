-- silver.tdx_departments from bronze tdx/department: the newest version of each TDX account (key ID). The enriched
-- version (GET accounts/{id}: address and Attributes) is newer than the list row it enriches, and the newest wins as a
-- whole. Active flag: an account gone from the active-accounts list (tombstone) keeps the row of its last live version
-- with is_active = false (the tombstone is the row's raw_id, so it is read once).
-- dept_id = trimmed Code, or TDX_<ID> when blank. is_enriched = the version is the full account (it has Attributes).
-- Quality score (the original transform's): 1.00, -0.20 fallback dept code, -0.30 no name, -0.10 no IsActive, -0.10 not enriched,
-- -0.05 modified before created; no_location_data is a flag without penalty. Blank text is NULL, the null GUID is NULL;
-- a value too long or unparsable is NULL and counted (invalid:<column>); a version without a usable ID is skipped.

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

CREATE TEMP TABLE tdx_departments_taken ON COMMIT DROP AS
SELECT s.tdx_id, s.raw_id, b.external_id
FROM silver.tdx_departments s
JOIN bronze.raw_entities b ON b.raw_id = s.raw_id;

-- Entities whose newest bronze version (tombstones included) is not the one their row was built from (full refresh:
-- every entity).
CREATE TEMP TABLE tdx_departments_changed ON COMMIT DROP AS
SELECT l.raw_id, l.external_id, l.is_deleted, l.raw_data
FROM bronze.latest_raw_entities l
LEFT JOIN tdx_departments_taken t ON t.external_id = l.external_id
WHERE l.source_system = 'tdx' AND l.entity_type = 'department'
  AND ((SELECT full_refresh FROM silver_step) OR t.raw_id IS DISTINCT FROM l.raw_id);

-- A tombstone carries no content: such an account is built from its newest live version.
UPDATE tdx_departments_changed c
SET raw_data = live.raw_data
FROM (SELECT DISTINCT ON (b.external_id) b.external_id, b.raw_data
      FROM bronze.raw_entities b
      WHERE b.entity_type = 'department' AND b.source_system = 'tdx'
        AND b.external_id IN (SELECT external_id FROM tdx_departments_changed WHERE is_deleted)
        AND NOT b.raw_data @> '{"_deleted": true}'::jsonb
      ORDER BY b.external_id, b.ingested_at DESC) live
WHERE c.is_deleted AND live.external_id = c.external_id;

CREATE TEMP TABLE tdx_departments_typed ON COMMIT DROP AS
SELECT c.raw_id, c.external_id AS entity_id, c.is_deleted,
       s.tdx_id IS NULL AS no_key,
       c.raw_data ? 'Attributes' AS is_enriched,
       t.*,
       array_remove(ARRAY[CASE WHEN s.tdx_id IS NOT NULL AND t.tdx_id IS NULL THEN 'tdx_id' END,
                               CASE WHEN s.code IS NOT NULL AND t.code IS NULL THEN 'code' END,
                               CASE WHEN s.department_name IS NOT NULL AND t.department_name IS NULL THEN 'department_name' END,
                               CASE WHEN s.dept_notes IS NOT NULL AND t.dept_notes IS NULL THEN 'dept_notes' END,
                               CASE WHEN s.source_is_active IS NOT NULL AND t.source_is_active IS NULL THEN 'source_is_active' END,
                               CASE WHEN s.parent_id IS NOT NULL AND t.parent_id IS NULL THEN 'parent_id' END,
                               CASE WHEN s.manager_uid IS NOT NULL AND t.manager_uid IS NULL THEN 'manager_uid' END,
                               CASE WHEN s.tdx_created_date IS NOT NULL AND t.tdx_created_date IS NULL THEN 'tdx_created_date' END,
                               CASE WHEN s.tdx_modified_date IS NOT NULL AND t.tdx_modified_date IS NULL THEN 'tdx_modified_date' END,
                               CASE WHEN s.attributes IS NOT NULL AND t.attributes IS NULL THEN 'attributes' END], NULL) AS nulled
FROM tdx_departments_changed c
CROSS JOIN LATERAL (
    SELECT silver.clean_text(c.raw_data ->> 'ID') AS tdx_id,
           silver.clean_text(c.raw_data ->> 'Code') AS code,
           silver.clean_text(c.raw_data ->> 'Name') AS department_name,
           silver.clean_text(c.raw_data ->> 'Notes') AS dept_notes,
           lower(silver.clean_text(c.raw_data ->> 'IsActive')) AS source_is_active,
           silver.clean_text(c.raw_data ->> 'ParentID') AS parent_id,
           nullif(silver.clean_text(c.raw_data ->> 'ManagerUID'), '00000000-0000-0000-0000-000000000000') AS manager_uid,
           CASE WHEN silver.clean_text(c.raw_data ->> 'CreatedDate') NOT LIKE '0001-01-01%' THEN silver.clean_text(c.raw_data ->> 'CreatedDate') END AS tdx_created_date,
           CASE WHEN silver.clean_text(c.raw_data ->> 'ModifiedDate') NOT LIKE '0001-01-01%' THEN silver.clean_text(c.raw_data ->> 'ModifiedDate') END AS tdx_modified_date,
           nullif(c.raw_data -> 'Attributes', 'null'::jsonb) AS attributes,
           jsonb_strip_nulls(jsonb_build_object('address1', silver.clean_text(c.raw_data ->> 'Address1'), 'address2', silver.clean_text(c.raw_data ->> 'Address2'), 'address3', silver.clean_text(c.raw_data ->> 'Address3'), 'address4', silver.clean_text(c.raw_data ->> 'Address4'), 'city', silver.clean_text(c.raw_data ->> 'City'), 'state_abbr', silver.clean_text(c.raw_data ->> 'StateAbbr'), 'state_name', silver.clean_text(c.raw_data ->> 'StateName'), 'postal_code', silver.clean_text(c.raw_data ->> 'PostalCode'), 'country', silver.clean_text(c.raw_data ->> 'Country'), 'phone', silver.clean_text(c.raw_data ->> 'Phone'), 'fax', silver.clean_text(c.raw_data ->> 'Fax'), 'url', silver.clean_text(c.raw_data ->> 'Url'))) AS location_info
    -- OFFSET 0 keeps s (and t below) a subquery: flattened, every s.x in t and in the nulled list was the whole cleaning
    -- expression again, and silver.try_iso_timestamptz (which names its argument five times) given that expression is
    -- not inlined but called as an SQL function per value (issue 11; the same as in BuildTdxAssets.sql).
    OFFSET 0
) s
-- GUIDs and integers through silver.tdx_guid and silver.tdx_int, which test the common shape without a regex (issue 11).
CROSS JOIN LATERAL (
    SELECT silver.tdx_int(s.tdx_id) AS tdx_id,
           s.code AS code,
           CASE WHEN length(s.department_name) <= 255 THEN s.department_name END AS department_name,
           s.dept_notes AS dept_notes,
           CASE s.source_is_active WHEN 'true' THEN true WHEN 'false' THEN false END AS source_is_active,
           silver.tdx_int(s.parent_id) AS parent_id,
           silver.tdx_guid(s.manager_uid) AS manager_uid,
           silver.try_iso_timestamptz(s.tdx_created_date) AS tdx_created_date,
           silver.try_iso_timestamptz(s.tdx_modified_date) AS tdx_modified_date,
           CASE WHEN s.attributes IS NULL THEN '[]'::jsonb WHEN jsonb_typeof(s.attributes) = 'array' THEN s.attributes END AS attributes,
           s.location_info AS location_info
    OFFSET 0
) t;

-- One row per ID (two entities claiming one ID: the smaller external id), scored.
CREATE TEMP TABLE tdx_departments_rows ON COMMIT DROP AS
SELECT r.*,
       greatest(0, 1.00
           - CASE WHEN r.fallback_code THEN 0.20 ELSE 0 END
           - CASE WHEN r.department_name IS NULL THEN 0.30 ELSE 0 END
           - CASE WHEN r.source_is_active IS NULL THEN 0.10 ELSE 0 END
           - CASE WHEN NOT r.is_enriched THEN 0.10 ELSE 0 END
           - CASE WHEN r.tdx_modified_date < r.tdx_created_date THEN 0.05 ELSE 0 END)::numeric(3,2) AS data_quality_score,
       to_jsonb(array_remove(ARRAY[
           CASE WHEN r.fallback_code THEN 'fallback_dept_code' END,
           CASE WHEN r.department_name IS NULL THEN 'missing_dept_name' END,
           CASE WHEN r.source_is_active IS NULL THEN 'missing_active_status' END,
           CASE WHEN NOT r.is_enriched THEN 'not_enriched' END,
           CASE WHEN r.tdx_modified_date < r.tdx_created_date THEN 'modified_before_created' END,
           CASE WHEN r.location_info = '{}'::jsonb THEN 'no_location_data' END], NULL)) AS quality_flags
FROM (SELECT DISTINCT ON (t.tdx_id)
             t.*,
             t.code IS NULL AS fallback_code,
             CASE WHEN length(t.code) <= 50 THEN t.code ELSE 'TDX_' || t.tdx_id END AS dept_id,
             coalesce(t.source_is_active, true) AND NOT t.is_deleted AS is_active
      FROM tdx_departments_typed t
      WHERE t.tdx_id IS NOT NULL
      ORDER BY t.tdx_id, t.entity_id) r;

WITH written AS (
    INSERT INTO silver.tdx_departments AS s (
        tdx_id, dept_id, department_name, dept_notes, is_active, parent_id, manager_uid, tdx_created_date, tdx_modified_date,
        location_info, attributes, data_quality_score, quality_flags, is_enriched, raw_id, entity_hash, ingestion_run_id)
    SELECT r.tdx_id, r.dept_id, r.department_name, r.dept_notes, r.is_active, r.parent_id, r.manager_uid, r.tdx_created_date, r.tdx_modified_date,
           r.location_info, r.attributes, r.data_quality_score, r.quality_flags, r.is_enriched, r.raw_id,
           encode(sha256(convert_to(ROW(r.tdx_id, r.dept_id, r.department_name, r.dept_notes, r.is_active, r.parent_id, r.manager_uid,
                                        r.tdx_created_date, r.tdx_modified_date, r.location_info, r.attributes, r.is_enriched)::text, 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM tdx_departments_rows r
    ON CONFLICT (tdx_id) DO UPDATE
    SET dept_id = EXCLUDED.dept_id, department_name = EXCLUDED.department_name, dept_notes = EXCLUDED.dept_notes,
        is_active = EXCLUDED.is_active, parent_id = EXCLUDED.parent_id, manager_uid = EXCLUDED.manager_uid,
        tdx_created_date = EXCLUDED.tdx_created_date, tdx_modified_date = EXCLUDED.tdx_modified_date,
        location_info = EXCLUDED.location_info, attributes = EXCLUDED.attributes,
        data_quality_score = EXCLUDED.data_quality_score, quality_flags = EXCLUDED.quality_flags,
        is_enriched = EXCLUDED.is_enriched, raw_id = EXCLUDED.raw_id,
        entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id, updated_at = CURRENT_TIMESTAMP
    -- A new bronze version with the same content only moves the lineage, so it is not read again.
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
    RETURNING (xmax = 0) AS inserted, NOT s.is_active AS retired
)
SELECT (SELECT count(*) FROM tdx_departments_changed)                                   AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                           AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted AND NOT retired) FROM written)       AS updated,
       (SELECT count(*) FILTER (WHERE NOT inserted AND retired) FROM written)           AS deleted,
       (SELECT count(*) FROM tdx_departments_typed t
        WHERE NOT EXISTS (SELECT 1 FROM tdx_departments_rows r WHERE r.raw_id = t.raw_id)) AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'invalid:' || unnest(t.nulled) AS outcome FROM tdx_departments_typed t
                    UNION ALL
                    SELECT CASE WHEN t.no_key THEN 'missing:tdx_id' ELSE 'duplicate_key' END
                    FROM tdx_departments_typed t
                    WHERE NOT EXISTS (SELECT 1 FROM tdx_departments_rows r WHERE r.raw_id = t.raw_id)
                      AND (t.no_key OR t.tdx_id IS NOT NULL)
                    UNION ALL
                    SELECT 'invalid:dept_id' FROM tdx_departments_rows r WHERE length(r.code) > 50) outcomes
              GROUP BY outcome) counted)                                                AS quality;
