-- silver.umapi_employees from bronze umich_api/user: one entity per employment record, external_id 'EmplId-EmplRcd'.
-- Key (empl_id, empl_rcd). No active flag: the row of an employment gone from the API (tombstone) is removed, and so
-- is the row of one whose newest version is unusable (counted every run until the source is fixed).
-- (uniqname, empl_rcd) is unique where uniqname is set: a uniqname another employment already holds for the same record
-- number is nulled and flagged (the smallest EmplId keeps it), so dirty source data cannot fail the step.

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

-- Newest versions the table has not taken yet (all on a full refresh), and tombstones of employments still here.
CREATE TEMP TABLE umapi_employees_changed ON COMMIT DROP AS
SELECT l.raw_id, l.external_id, l.is_deleted, l.raw_data, t.empl_id AS taken_empl_id, t.empl_rcd AS taken_empl_rcd
FROM bronze.latest_raw_entities l
LEFT JOIN (SELECT s.empl_id, s.empl_rcd, s.raw_id, b.external_id
           FROM silver.umapi_employees s
           JOIN bronze.raw_entities b ON b.raw_id = s.raw_id) t ON t.external_id = l.external_id
WHERE l.source_system = 'umich_api' AND l.entity_type = 'user'
  AND ((SELECT full_refresh FROM silver_step)
       OR (NOT l.is_deleted AND t.raw_id IS DISTINCT FROM l.raw_id)
       OR (l.is_deleted AND t.raw_id IS NOT NULL));

-- Cleaned source text (trimmed, blank = NULL). jsonb_to_record reads every key in one pass over the record (r), where
-- one ->> per key walked it 21 times. (A record that is not an object reads as empty, as ->> read it, rather than
-- failing the step.)
CREATE TEMP TABLE umapi_employees_clean ON COMMIT DROP AS
SELECT c.raw_id, c.external_id,
       silver.clean_text(r."EmplId")                     AS empl_id,
       silver.clean_text(r."EmplRcd")                    AS empl_rcd,
       lower(silver.clean_text(r."UniqName"))            AS uniqname,
       silver.clean_text(r."FirstName")                  AS first_name,
       silver.clean_text(r."LastName")                   AS last_name,
       silver.clean_text(r."Name")                       AS full_name,
       silver.clean_text(r."DepartmentId")               AS department_id,
       silver.clean_text(r."Dept_Description")           AS dept_description,
       silver.clean_text(r."SupervisorId")               AS supervisor_id,
       silver.clean_text(r."Jobcode")                    AS jobcode,
       silver.clean_text(r."DepartmentJobTitle")         AS department_job_title,
       silver.clean_text(r."UniversityJobTitle")         AS university_job_title,
       silver.clean_text(r."Work_Address1")              AS work_address1,
       silver.clean_text(r."Work_Address2")              AS work_address2,
       silver.clean_text(r."Work_Address3")              AS work_address3,
       silver.clean_text(r."Work_City")                  AS work_city,
       silver.clean_text(r."Work_State")                 AS work_state,
       silver.clean_text(r."Work_Postal")                AS work_postal,
       silver.clean_text(r."Work_Country")               AS work_country,
       silver.clean_text(r."Work_Phone")                 AS work_phone,
       silver.clean_text(r."Work_Phone_Extension")       AS work_phone_extension
FROM umapi_employees_changed c
CROSS JOIN LATERAL jsonb_to_record(CASE WHEN jsonb_typeof(c.raw_data) = 'object' THEN c.raw_data ELSE '{}'::jsonb END) AS r ("EmplId" text, "EmplRcd" text, "UniqName" text, "FirstName" text, "LastName" text, "Name" text, "DepartmentId" text, "Dept_Description" text, "SupervisorId" text, "Jobcode" text, "DepartmentJobTitle" text, "UniversityJobTitle" text, "Work_Address1" text, "Work_Address2" text, "Work_Address3" text, "Work_City" text, "Work_State" text, "Work_Postal" text, "Work_Country" text, "Work_Phone" text, "Work_Phone_Extension" text)
WHERE NOT c.is_deleted;

-- Typed values; a value that does not fit its column becomes NULL (named below). university_job_title is taken as
-- cleaned, so it is never nulled.
CREATE TEMP TABLE umapi_employees_typed ON COMMIT DROP AS
SELECT src.raw_id, src.external_id, t.*, '{}'::text[] AS nulled
FROM umapi_employees_clean src
CROSS JOIN LATERAL (
    SELECT CASE WHEN length(src.empl_id) <= 10 THEN src.empl_id END                                AS empl_id,
           silver.try_integer(src.empl_rcd, 0, 32767)::smallint                                   AS empl_rcd,
           CASE WHEN length(src.uniqname) <= 10 THEN src.uniqname END                              AS uniqname,
           CASE WHEN length(src.first_name) <= 30 THEN src.first_name END                          AS first_name,
           CASE WHEN length(src.last_name) <= 35 THEN src.last_name END                            AS last_name,
           CASE WHEN length(src.full_name) <= 60 THEN src.full_name END                            AS full_name,
           CASE WHEN length(src.department_id) <= 10 THEN src.department_id END                    AS department_id,
           CASE WHEN length(src.dept_description) <= 50 THEN src.dept_description END              AS dept_description,
           CASE WHEN length(src.supervisor_id) <= 10 THEN src.supervisor_id END                    AS supervisor_id,
           CASE WHEN length(src.jobcode) <= 10 THEN src.jobcode END                                AS jobcode,
           CASE WHEN length(src.department_job_title) <= 50 THEN src.department_job_title END      AS department_job_title,
           src.university_job_title                                                               AS university_job_title,
           jsonb_build_object(
               'address1', src.work_address1,
               'address2', src.work_address2,
               'address3', src.work_address3,
               'city', src.work_city,
               'state', src.work_state,
               'postal', src.work_postal,
               'country', src.work_country,
               'phone', src.work_phone,
               'phone_extension', src.work_phone_extension) AS work_location
) t;

-- The values typing nulled: silver.nulled_by_typing compares the columns the two tables share.
UPDATE umapi_employees_typed t
SET nulled = n.nulled
FROM silver.nulled_by_typing('umapi_employees_clean', 'umapi_employees_typed') n
WHERE t.raw_id = n.key;

-- One row per key (the smallest external id wins should two entities clean to one key): usable rows only.
CREATE TEMP TABLE umapi_employees_keyed ON COMMIT DROP AS
SELECT DISTINCT ON (t.empl_id, t.empl_rcd) t.*,
       -- The employment that keeps a uniqname shared for one record number: the smallest EmplId.
       min(t.empl_id) OVER (PARTITION BY t.uniqname, t.empl_rcd) AS uniqname_holder
FROM umapi_employees_typed t
WHERE t.empl_id IS NOT NULL AND t.empl_rcd IS NOT NULL AND t.first_name IS NOT NULL AND t.department_id IS NOT NULL
ORDER BY t.empl_id, t.empl_rcd, t.external_id;

-- Rows that go away: taken from an entity processed now whose key is no longer produced (gone, unusable, re-keyed),
-- and on a full refresh every row not produced. Removed first, so their uniqnames are free for the rows written next.
CREATE TEMP TABLE umapi_employees_removed (n bigint) ON COMMIT DROP;
WITH removed AS (
    DELETE FROM silver.umapi_employees s
    WHERE ((SELECT full_refresh FROM silver_step)
           OR (s.empl_id, s.empl_rcd) IN (SELECT taken_empl_id, taken_empl_rcd FROM umapi_employees_changed))
      AND NOT EXISTS (SELECT 1 FROM umapi_employees_keyed k WHERE (k.empl_id, k.empl_rcd) = (s.empl_id, s.empl_rcd))
    RETURNING 1
)
INSERT INTO umapi_employees_removed SELECT count(*) FROM removed;

-- Uniqnames held by rows this run does not rewrite.
CREATE TEMP TABLE umapi_employees_held ON COMMIT DROP AS
SELECT s.uniqname, s.empl_rcd
FROM silver.umapi_employees s
WHERE s.uniqname IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM umapi_employees_keyed k WHERE k.empl_id = s.empl_id AND k.empl_rcd = s.empl_rcd);

-- The rows as written: uniqname kept unless another employment holds it for the same record number, work location
-- as one object, and the original's additive completeness score.
CREATE TEMP TABLE umapi_employees_rows ON COMMIT DROP AS
SELECT k.raw_id, k.empl_id, k.empl_rcd, u.uniqname, k.first_name, k.last_name, k.full_name, k.department_id, k.dept_description,
       k.supervisor_id, k.jobcode, k.department_job_title, k.university_job_title, k.work_location,
       (u.uniqname IS NULL AND k.uniqname IS NOT NULL) AS uniqname_taken,
       round(  CASE WHEN u.uniqname IS NOT NULL THEN 0.30 ELSE 0 END
             + CASE WHEN k.supervisor_id IS NOT NULL THEN 0.15 ELSE 0 END
             + CASE WHEN q.has_phone THEN 0.15 ELSE 0 END
             + CASE WHEN q.has_address THEN 0.20 ELSE 0 END
             + CASE WHEN k.jobcode IS NOT NULL THEN 0.10 ELSE 0 END
             + CASE WHEN k.university_job_title IS NOT NULL THEN 0.10 ELSE 0 END, 2)::numeric(3,2) AS data_quality_score,
       to_jsonb(array_remove(ARRAY[
           CASE WHEN u.uniqname IS NULL THEN 'missing_uniqname' END,
           CASE WHEN u.uniqname IS NULL AND k.uniqname IS NOT NULL THEN 'duplicate_uniqname' END,
           CASE WHEN k.supervisor_id IS NULL THEN 'missing_supervisor' END,
           CASE WHEN NOT q.has_phone THEN 'missing_work_phone' END,
           CASE WHEN NOT q.has_address THEN 'incomplete_work_location' END,
           CASE WHEN k.jobcode IS NULL THEN 'missing_jobcode' END,
           CASE WHEN k.university_job_title IS NULL THEN 'missing_university_job_title' END], NULL)) AS quality_flags
FROM umapi_employees_keyed k
LEFT JOIN umapi_employees_held h ON h.uniqname = k.uniqname AND h.empl_rcd = k.empl_rcd
CROSS JOIN LATERAL (
    SELECT CASE WHEN k.uniqname_holder = k.empl_id AND h.uniqname IS NULL THEN k.uniqname END AS uniqname
) u
CROSS JOIN LATERAL (
    SELECT k.work_location ->> 'phone' IS NOT NULL AS has_phone,
           k.work_location ->> 'address1' IS NOT NULL AND k.work_location ->> 'city' IS NOT NULL
           AND k.work_location ->> 'state' IS NOT NULL AND k.work_location ->> 'postal' IS NOT NULL AS has_address
) q;

WITH written AS (
    INSERT INTO silver.umapi_employees AS s (
        empl_id, empl_rcd, uniqname, first_name, last_name, full_name, department_id, dept_description, supervisor_id, jobcode,
        department_job_title, university_job_title, work_location, data_quality_score, quality_flags, raw_id, entity_hash,
        ingestion_run_id)
    SELECT r.empl_id, r.empl_rcd, r.uniqname, r.first_name, r.last_name, r.full_name, r.department_id, r.dept_description,
           r.supervisor_id, r.jobcode, r.department_job_title, r.university_job_title, r.work_location, r.data_quality_score,
           r.quality_flags, r.raw_id,
           -- Content hash of the mapped values as one row's text (NULL and '' differ there), as silver.tdx_users does:
           -- building a jsonb of the row only to hash it cost a third of this statement (issue 11). The two jsonb
           -- columns enter as what determines them (the location's values; the flags follow from the hashed columns
           -- and uniqname_taken): printing them as JSON cost a quarter of this statement.
           encode(sha256(convert_to(ROW(r.empl_id, r.empl_rcd, r.uniqname, r.first_name, r.last_name, r.full_name, r.department_id,
                                        r.dept_description, r.supervisor_id, r.jobcode, r.department_job_title, r.university_job_title,
                                        r.work_location ->> 'address1', r.work_location ->> 'address2', r.work_location ->> 'address3',
                                        r.work_location ->> 'city', r.work_location ->> 'state', r.work_location ->> 'postal',
                                        r.work_location ->> 'country', r.work_location ->> 'phone', r.work_location ->> 'phone_extension',
                                        r.data_quality_score, r.uniqname_taken)::text, 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM umapi_employees_rows r
    ON CONFLICT (empl_id, empl_rcd) DO UPDATE
    SET uniqname = EXCLUDED.uniqname, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
        full_name = EXCLUDED.full_name, department_id = EXCLUDED.department_id, dept_description = EXCLUDED.dept_description,
        supervisor_id = EXCLUDED.supervisor_id, jobcode = EXCLUDED.jobcode, department_job_title = EXCLUDED.department_job_title,
        university_job_title = EXCLUDED.university_job_title, work_location = EXCLUDED.work_location,
        data_quality_score = EXCLUDED.data_quality_score, quality_flags = EXCLUDED.quality_flags, raw_id = EXCLUDED.raw_id,
        entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id, updated_at = CURRENT_TIMESTAMP
    -- A new bronze version with the same content only moves the lineage, so it is not read again.
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM umapi_employees_changed)                        AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)            AS updated,
       (SELECT n FROM umapi_employees_removed)                               AS deleted,
       (SELECT count(*) FROM umapi_employees_typed) - (SELECT count(*) FROM umapi_employees_keyed) AS skipped,
       -- Counted from flags and row counts, not by joining the tables again (a zero count is not reported): every usable
       -- version that is not keyed lost its key to a smaller external id.
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT 'invalid:' || column_name AS outcome, count(*) AS n
              FROM umapi_employees_typed t, unnest(t.nulled) AS column_name
              WHERE t.nulled <> '{}'
              GROUP BY column_name) counted)
       || (SELECT jsonb_build_object(
                      'missing:empl_id', count(*) FILTER (WHERE t.empl_id IS NULL AND NOT 'empl_id' = ANY (t.nulled)),
                      'missing:empl_rcd', count(*) FILTER (WHERE t.empl_rcd IS NULL AND NOT 'empl_rcd' = ANY (t.nulled)),
                      'missing:first_name', count(*) FILTER (WHERE t.first_name IS NULL AND NOT 'first_name' = ANY (t.nulled)),
                      'missing:department_id', count(*) FILTER (WHERE t.department_id IS NULL AND NOT 'department_id' = ANY (t.nulled)),
                      'duplicate_key', count(*) FILTER (WHERE t.empl_id IS NOT NULL AND t.empl_rcd IS NOT NULL AND t.first_name IS NOT NULL
                                                          AND t.department_id IS NOT NULL)
                                       - (SELECT count(*) FROM umapi_employees_keyed),
                      'duplicate_uniqname', (SELECT count(*) FROM umapi_employees_rows r WHERE r.uniqname_taken))
           FROM umapi_employees_typed t)                                     AS quality;
