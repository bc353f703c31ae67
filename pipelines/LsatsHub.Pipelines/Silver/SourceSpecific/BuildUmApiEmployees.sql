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

-- One pass over each record: the cleaned source text (s, trimmed, blank = NULL), then the typed values (t), each
-- computed once per row (OFFSET 0 keeps the planner from copying the expressions into every reference), in one
-- statement: the cleaned text was a temp table of its own that was written, read back and joined to the typed one again
-- for the nulled columns (issue 11). The keys are read with ->> from the record decompressed once (d); a record that is
-- not an object reads as empty, as before. A value that does not fit its column becomes NULL; university_job_title is
-- taken as cleaned, so it is never nulled.
CREATE TEMP TABLE umapi_employees_typed ON COMMIT DROP AS
SELECT c.raw_id, c.external_id, t.*,
       -- Nothing nulled, the common case, is told by counting values before and after typing (a typed value is NULL
       -- whenever its source is) without building the array of names per row.
       CASE WHEN num_nonnulls(s.empl_id, s.empl_rcd, s.uniqname, s.first_name, s.last_name, s.full_name, s.department_id,
                              s.dept_description, s.supervisor_id, s.jobcode, s.department_job_title)
               = num_nonnulls(t.empl_id, t.empl_rcd, t.uniqname, t.first_name, t.last_name, t.full_name, t.department_id,
                              t.dept_description, t.supervisor_id, t.jobcode, t.department_job_title)
            THEN '{}'::text[]
            ELSE array_remove(ARRAY[CASE WHEN s.department_id IS NOT NULL AND t.department_id IS NULL THEN 'department_id' END,
                                    CASE WHEN s.department_job_title IS NOT NULL AND t.department_job_title IS NULL THEN 'department_job_title' END,
                                    CASE WHEN s.dept_description IS NOT NULL AND t.dept_description IS NULL THEN 'dept_description' END,
                                    CASE WHEN s.empl_id IS NOT NULL AND t.empl_id IS NULL THEN 'empl_id' END,
                                    CASE WHEN s.empl_rcd IS NOT NULL AND t.empl_rcd IS NULL THEN 'empl_rcd' END,
                                    CASE WHEN s.first_name IS NOT NULL AND t.first_name IS NULL THEN 'first_name' END,
                                    CASE WHEN s.full_name IS NOT NULL AND t.full_name IS NULL THEN 'full_name' END,
                                    CASE WHEN s.jobcode IS NOT NULL AND t.jobcode IS NULL THEN 'jobcode' END,
                                    CASE WHEN s.last_name IS NOT NULL AND t.last_name IS NULL THEN 'last_name' END,
                                    CASE WHEN s.supervisor_id IS NOT NULL AND t.supervisor_id IS NULL THEN 'supervisor_id' END,
                                    CASE WHEN s.uniqname IS NOT NULL AND t.uniqname IS NULL THEN 'uniqname' END], NULL) END AS nulled,
       -- What the score and flags ask of the work location, from its source values (a NULL value is a JSON null in the
       -- object, which ->> read as NULL).
       s.work_phone IS NOT NULL AS has_phone,
       s.work_address1 IS NOT NULL AND s.work_city IS NOT NULL AND s.work_state IS NOT NULL AND s.work_postal IS NOT NULL AS has_address,
       -- The content of the row: the typed values joined by the unit separator, a NULL written as the record separator
       -- (control characters no API value carries); the work location by its nine cleaned texts, which it holds as they
       -- are. Typed values, not their sources, so that after a change to the typing a --full-refresh rewrites the rows
       -- it changes; joining texts costs a fraction of ROW()::text of the typed values and the location's nine values
       -- read back from its JSON (issue 11). The insert adds the uniqname the row keeps; the score and flags follow.
       array_to_string(ARRAY[
           t.empl_id, t.empl_rcd::text, t.uniqname,
           t.first_name, t.last_name, t.full_name,
           t.department_id, t.dept_description,
           t.supervisor_id, t.jobcode, t.department_job_title,
           t.university_job_title, s.work_address1,
           s.work_address2, s.work_address3, s.work_city,
           s.work_state, s.work_postal, s.work_country,
           s.work_phone, s.work_phone_extension], E'\x1f', E'\x1e') AS content
FROM (SELECT c.raw_id, c.external_id,
             c.raw_data #> '{}' AS d -- the record decompressed once: each ->> below would decompress it again
      FROM umapi_employees_changed c
      WHERE NOT c.is_deleted
      OFFSET 0) c
CROSS JOIN LATERAL (
    SELECT silver.clean_text(c.d ->> 'EmplId')                     AS empl_id,
           silver.clean_text(c.d ->> 'EmplRcd')                    AS empl_rcd,
           lower(silver.clean_text(c.d ->> 'UniqName'))            AS uniqname,
           silver.clean_text(c.d ->> 'FirstName')                  AS first_name,
           silver.clean_text(c.d ->> 'LastName')                   AS last_name,
           silver.clean_text(c.d ->> 'Name')                       AS full_name,
           silver.clean_text(c.d ->> 'DepartmentId')               AS department_id,
           silver.clean_text(c.d ->> 'Dept_Description')           AS dept_description,
           silver.clean_text(c.d ->> 'SupervisorId')               AS supervisor_id,
           silver.clean_text(c.d ->> 'Jobcode')                    AS jobcode,
           silver.clean_text(c.d ->> 'DepartmentJobTitle')         AS department_job_title,
           silver.clean_text(c.d ->> 'UniversityJobTitle')         AS university_job_title,
           silver.clean_text(c.d ->> 'Work_Address1')              AS work_address1,
           silver.clean_text(c.d ->> 'Work_Address2')              AS work_address2,
           silver.clean_text(c.d ->> 'Work_Address3')              AS work_address3,
           silver.clean_text(c.d ->> 'Work_City')                  AS work_city,
           silver.clean_text(c.d ->> 'Work_State')                 AS work_state,
           silver.clean_text(c.d ->> 'Work_Postal')                AS work_postal,
           silver.clean_text(c.d ->> 'Work_Country')               AS work_country,
           silver.clean_text(c.d ->> 'Work_Phone')                 AS work_phone,
           silver.clean_text(c.d ->> 'Work_Phone_Extension')       AS work_phone_extension
    OFFSET 0
) s
CROSS JOIN LATERAL (
    SELECT CASE WHEN length(s.empl_id) <= 10 THEN s.empl_id END                                AS empl_id,
           -- Plain digits (every record number the API sends) are cast directly; anything else (a sign, '.0', '$') goes
           -- through silver.try_integer as before, whose regular expressions cost about 3 µs a value (issue 11).
           CASE WHEN octet_length(s.empl_rcd) <= 4 AND s.empl_rcd !~ '[^0-9]' THEN s.empl_rcd::smallint
                ELSE silver.try_integer(s.empl_rcd, 0, 32767)::smallint END                        AS empl_rcd,
           CASE WHEN length(s.uniqname) <= 10 THEN s.uniqname END                              AS uniqname,
           CASE WHEN length(s.first_name) <= 30 THEN s.first_name END                          AS first_name,
           CASE WHEN length(s.last_name) <= 35 THEN s.last_name END                            AS last_name,
           CASE WHEN length(s.full_name) <= 60 THEN s.full_name END                            AS full_name,
           CASE WHEN length(s.department_id) <= 10 THEN s.department_id END                    AS department_id,
           CASE WHEN length(s.dept_description) <= 50 THEN s.dept_description END              AS dept_description,
           CASE WHEN length(s.supervisor_id) <= 10 THEN s.supervisor_id END                    AS supervisor_id,
           CASE WHEN length(s.jobcode) <= 10 THEN s.jobcode END                                AS jobcode,
           CASE WHEN length(s.department_job_title) <= 50 THEN s.department_job_title END      AS department_job_title,
           s.university_job_title                                                             AS university_job_title,
           -- The same object as jsonb_build_object of the nine pairs (a NULL value is a JSON null), built from two text
           -- arrays without looking up each value's type and output function again: half the cost.
           jsonb_object('{address1,address2,address3,city,state,postal,country,phone,phone_extension}'::text[],
                        ARRAY[s.work_address1, s.work_address2, s.work_address3, s.work_city, s.work_state, s.work_postal,
                              s.work_country, s.work_phone, s.work_phone_extension]) AS work_location
    OFFSET 0
) t;

-- One row per key (the smallest external id wins should two entities clean to one key): usable rows only, as their
-- keys (an anti-join on the small keys instead of DISTINCT ON, so the wide typed rows are never sorted or copied again;
-- the insert reads them once more by raw_id). The employment that keeps a uniqname shared for one record number is
-- the smallest EmplId among the usable versions (taken before one key's losers are dropped, as before).
CREATE TEMP TABLE umapi_employees_keyed ON COMMIT DROP AS
SELECT u.raw_id, u.empl_id, u.empl_rcd, u.uniqname, u.uniqname_holder
FROM (SELECT t.raw_id, t.external_id, t.empl_id, t.empl_rcd, t.uniqname,
             min(t.empl_id) OVER (PARTITION BY t.uniqname, t.empl_rcd) AS uniqname_holder
      FROM umapi_employees_typed t
      WHERE t.empl_id IS NOT NULL AND t.empl_rcd IS NOT NULL AND t.first_name IS NOT NULL AND t.department_id IS NOT NULL) u
WHERE NOT EXISTS (SELECT 1 FROM umapi_employees_typed o
                  WHERE o.empl_id = u.empl_id AND o.empl_rcd = u.empl_rcd AND o.first_name IS NOT NULL
                    AND o.department_id IS NOT NULL AND o.external_id < u.external_id);
ANALYZE umapi_employees_keyed;

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
-- Statistics for the insert's join (a temp table has none until ANALYZE): without them the planner took this table,
-- empty on a first build, for a large one and hashed the wide typed rows instead, spilling to disk.
ANALYZE umapi_employees_held;

-- The rows as written, straight from the keys and the typed rows (one more temp table of the wide rows cost a write and a
-- read of each): uniqname kept unless another employment holds it for the same record number, work location as one
-- object, and the original's additive completeness score.
WITH written AS (
    INSERT INTO silver.umapi_employees AS s (
        empl_id, empl_rcd, uniqname, first_name, last_name, full_name, department_id, dept_description, supervisor_id, jobcode,
        department_job_title, university_job_title, work_location, data_quality_score, quality_flags, raw_id, entity_hash,
        ingestion_run_id)
    SELECT r.empl_id, r.empl_rcd, u.uniqname, r.first_name, r.last_name, r.full_name, r.department_id, r.dept_description,
           r.supervisor_id, r.jobcode, r.department_job_title, r.university_job_title, r.work_location,
           round(  CASE WHEN u.uniqname IS NOT NULL THEN 0.30 ELSE 0 END
                 + CASE WHEN r.supervisor_id IS NOT NULL THEN 0.15 ELSE 0 END
                 + CASE WHEN r.has_phone THEN 0.15 ELSE 0 END
                 + CASE WHEN r.has_address THEN 0.20 ELSE 0 END
                 + CASE WHEN r.jobcode IS NOT NULL THEN 0.10 ELSE 0 END
                 + CASE WHEN r.university_job_title IS NOT NULL THEN 0.10 ELSE 0 END, 2)::numeric(3,2),
           to_jsonb(array_remove(ARRAY[
               CASE WHEN u.uniqname IS NULL THEN 'missing_uniqname' END,
               CASE WHEN u.uniqname IS NULL AND k.uniqname IS NOT NULL THEN 'duplicate_uniqname' END,
               CASE WHEN r.supervisor_id IS NULL THEN 'missing_supervisor' END,
               CASE WHEN NOT r.has_phone THEN 'missing_work_phone' END,
               CASE WHEN NOT r.has_address THEN 'incomplete_work_location' END,
               CASE WHEN r.jobcode IS NULL THEN 'missing_jobcode' END,
               CASE WHEN r.university_job_title IS NULL THEN 'missing_university_job_title' END], NULL)),
           r.raw_id,
           -- Content hash: SHA-256 of the cleaned source texts (typing's content) and the uniqname the row keeps; the
           -- score and flags follow from these. Only ever compared with itself.
           encode(sha256(convert_to(r.content || E'\x1f' || coalesce(u.uniqname, E'\x1e'), 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM umapi_employees_keyed k
    JOIN umapi_employees_typed r ON r.raw_id = k.raw_id
    LEFT JOIN umapi_employees_held h ON h.uniqname = k.uniqname AND h.empl_rcd = k.empl_rcd
    CROSS JOIN LATERAL (
        SELECT CASE WHEN k.uniqname_holder = k.empl_id AND h.uniqname IS NULL THEN k.uniqname END AS uniqname
    ) u
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
                      'duplicate_uniqname', (SELECT count(*) FROM umapi_employees_keyed k
                                             LEFT JOIN umapi_employees_held h ON h.uniqname = k.uniqname AND h.empl_rcd = k.empl_rcd
                                             WHERE k.uniqname IS NOT NULL
                                               AND (k.uniqname_holder <> k.empl_id OR h.uniqname IS NOT NULL)))
           FROM umapi_employees_typed t)                                     AS quality;
