-- silver.tdx_labs: one row per PI (silver.users.is_pi) who owns or financially owns at least one computer known to TDX,
-- with the PI's TDX identity (silver.tdx_users by uniqname) and a department matched from the TDX account name.
-- Recomputed for every PI each run (a few thousand rows); a row is written only when its content changed, and a PI who
-- no longer qualifies loses the row (the original kept it forever).
-- Department match, first that applies (deterministic: ties go to the smaller dept_id):
--   exact_code  a 6-digit number in the account name that is a department id      confidence 1.00
--   fuzzy_match the most similar department name, trigram similarity > 0.65         confidence = similarity
--   pi_inherit  the PI's own department (silver.users.department_id), if known      confidence 0.75

-- TDX computers per owner or financial owner, each computer counted once per person (one set-based pass).
CREATE TEMP TABLE tdx_labs_computers ON COMMIT DROP AS
SELECT person, count(DISTINCT silver_id) AS computer_count
FROM (SELECT c.silver_id, c.owner_uniqname AS person FROM silver.computers c
      WHERE c.owner_uniqname IS NOT NULL AND c.source_system LIKE '%tdx%'
      UNION ALL
      SELECT c.silver_id, c.financial_owner_uniqname FROM silver.computers c
      WHERE c.financial_owner_uniqname IS NOT NULL AND c.source_system LIKE '%tdx%') owned
GROUP BY person;

CREATE TEMP TABLE tdx_labs_pis ON COMMIT DROP AS
SELECT u.uniqname, u.full_name, u.department_id AS user_department_id,
       t.tdx_user_uid, t.primary_email, t.work_phone, t.title, t.default_account_name AS department_name, t.company,
       t.is_active, coalesce(c.computer_count, 0) AS computer_count
FROM silver.users u
LEFT JOIN silver.tdx_users t ON t.uniqname = u.uniqname
LEFT JOIN tdx_labs_computers c ON c.person = u.uniqname
WHERE u.is_pi;

-- The most similar department of each distinct account name of a qualifying PI, computed once per name (PIs share
-- account names) and with `%` at the rule's threshold, so pg_trgm's index on department_name (docs/indexes.md) finds
-- the few candidates instead of comparing every PI with every department.
SET LOCAL pg_trgm.similarity_threshold = 0.65;

CREATE TEMP TABLE tdx_labs_fuzzy ON COMMIT DROP AS
SELECT DISTINCT ON (n.account_name) n.account_name, d.dept_id, similarity(n.account_name, d.department_name) AS score
FROM (SELECT DISTINCT department_name AS account_name FROM tdx_labs_pis
      WHERE department_name IS NOT NULL AND computer_count > 0
        -- a name with an exact_code match never uses its fuzzy match (rule 1 wins)
        AND NOT EXISTS (SELECT 1 FROM regexp_matches(department_name, '(?<![0-9])([0-9]{6})(?![0-9])', 'g') AS code (parts)
                        JOIN silver.departments x ON x.dept_id = code.parts[1])) n
JOIN silver.departments d ON d.department_name % n.account_name
WHERE similarity(n.account_name, d.department_name) > 0.65
ORDER BY n.account_name, similarity(n.account_name, d.department_name) DESC, d.dept_id;

CREATE TEMP TABLE tdx_labs_rows ON COMMIT DROP AS
SELECT p.uniqname AS tdx_lab_id, p.uniqname AS pi_uniqname,
       coalesce(p.full_name, p.uniqname) || ' Lab (TDX)' AS lab_name,
       p.computer_count::integer AS computer_count,
       p.tdx_user_uid, p.primary_email, p.work_phone, p.title, p.department_name, p.company, p.is_active,
       m.department_id, m.method AS department_match_method, m.confidence AS department_match_confidence
FROM tdx_labs_pis p
LEFT JOIN LATERAL (
    SELECT d.dept_id AS department_id, 'exact_code'::text AS method, 1.00::numeric(3,2) AS confidence, 1 AS rule
    FROM regexp_matches(coalesce(p.department_name, ''), '(?<![0-9])([0-9]{6})(?![0-9])', 'g') AS code (parts)
    JOIN silver.departments d ON d.dept_id = code.parts[1]
    UNION ALL
    SELECT f.dept_id, 'fuzzy_match', round(f.score::numeric, 2), 2
    FROM tdx_labs_fuzzy f
    WHERE f.account_name = p.department_name
    UNION ALL
    SELECT d.dept_id, 'pi_inherit', 0.75, 3
    FROM silver.departments d
    WHERE d.dept_id = p.user_department_id
    ORDER BY 4, 1
    LIMIT 1
) m ON true
WHERE p.computer_count > 0;

CREATE TEMP TABLE tdx_labs_hashed ON COMMIT DROP AS
SELECT r.*, encode(sha256(convert_to(ROW(r.*)::text, 'UTF8')), 'hex') AS entity_hash
FROM tdx_labs_rows r;

WITH removed AS (
    DELETE FROM silver.tdx_labs s
    WHERE NOT EXISTS (SELECT 1 FROM tdx_labs_hashed h WHERE h.tdx_lab_id = s.tdx_lab_id)
    RETURNING 1
),
written AS (
    INSERT INTO silver.tdx_labs AS s (
        tdx_lab_id, pi_uniqname, lab_name, computer_count, has_tdx_presence, data_quality_score, quality_flags, source_system,
        tdx_user_uid, primary_email, work_phone, title, department_name, company, is_active,
        department_id, department_match_method, department_match_confidence, entity_hash, ingestion_run_id)
    SELECT h.tdx_lab_id, h.pi_uniqname, left(h.lab_name, 255), h.computer_count, true,
           CASE WHEN h.department_id IS NULL THEN 0.80 ELSE 1.00 END,
           CASE WHEN h.department_id IS NULL THEN '["no_department_match"]'::jsonb ELSE '[]'::jsonb END,
           'tdx', h.tdx_user_uid, left(h.primary_email, 255), left(h.work_phone, 50), left(h.title, 255),
           left(h.department_name, 255), left(h.company, 255), h.is_active,
           h.department_id, h.department_match_method, h.department_match_confidence,
           h.entity_hash, (SELECT run_id FROM silver_step)
    FROM tdx_labs_hashed h
    ON CONFLICT (tdx_lab_id) DO UPDATE
    SET pi_uniqname = EXCLUDED.pi_uniqname, lab_name = EXCLUDED.lab_name, computer_count = EXCLUDED.computer_count,
        data_quality_score = EXCLUDED.data_quality_score, quality_flags = EXCLUDED.quality_flags,
        tdx_user_uid = EXCLUDED.tdx_user_uid, primary_email = EXCLUDED.primary_email, work_phone = EXCLUDED.work_phone,
        title = EXCLUDED.title, department_name = EXCLUDED.department_name, company = EXCLUDED.company,
        is_active = EXCLUDED.is_active, department_id = EXCLUDED.department_id,
        department_match_method = EXCLUDED.department_match_method,
        department_match_confidence = EXCLUDED.department_match_confidence,
        entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id, updated_at = CURRENT_TIMESTAMP
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM tdx_labs_pis)                              AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)           AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)       AS updated,
       (SELECT count(*) FROM removed)                                   AS deleted,
       (SELECT count(*) FROM tdx_labs_pis WHERE computer_count = 0)     AS skipped,
       jsonb_build_object(
           'no_tdx_user', (SELECT count(*) FROM tdx_labs_hashed WHERE tdx_user_uid IS NULL),
           'no_department_match', (SELECT count(*) FROM tdx_labs_hashed WHERE department_id IS NULL)) AS quality;
