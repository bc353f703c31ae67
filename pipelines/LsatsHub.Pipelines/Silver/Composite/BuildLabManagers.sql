-- silver.lab_managers: up to three likely managers of each legitimate lab (silver.v_legitimate_labs: active, with
-- computers, primary department known to TDX), chosen among its eligible members (silver.v_eligible_lab_members: a
-- role, not a PI, not a professor or chief administrator, not in silver.lab_excluded_departments).
-- A candidate's score is the first rule below that matches its role or one of its job codes (silver.users.job_codes,
-- elements {job_code, ...}); tier 1 = scores 1-4, tier 2 = 5-14. A lab with any tier-1 candidate keeps only those;
-- otherwise its tier-2 ones. The best three (score, then role, then uniqname) get manager_rank 1..3.
-- Fixed against the original (docs/silver-model.md, Lab managers): job-code rules compare the job_code of each element
-- (the original compared whole objects, so they never fired); "%Tech%Sr%" is a LIKE pattern (the original searched
-- the text "TechSr"); "Research Fellow%" is a prefix, as written; scores go to 14 and the table's CHECK is 1..14; the
-- refresh is a diff in the step's one transaction (the original committed a TRUNCATE first, so a failure left the
-- table empty). is_verified and verification_notes are people's: an update never touches them, and a verified manager
-- the rules no longer pick keeps its row.

CREATE TEMP TABLE lab_managers_rules ON COMMIT DROP AS
SELECT * FROM (VALUES
    (1,  1,  1, 'like',  '%Lab Manager%',                      '102945', 'Explicit Lab Manager (role or job code 102945)'),
    (2,  1,  1, 'like',  '%Lab Coordinator%',                  '102946', 'Lab Coordinator (role or job code 102946)'),
    (3,  1,  1, 'like',  '%Laboratory Manager%',               '102929', 'Laboratory Manager (role or job code 102929)'),
    (4,  2,  1, 'exact', 'Admin Coord/Project Coord',          NULL,     'Administrative/Project Coordinator'),
    (5,  2,  1, 'like',  '%Project Coordinator%',              NULL,     'Project Coordinator (variant)'),
    (6,  2,  1, 'like',  '%Administrative Coordinator%',       NULL,     'Administrative Coordinator'),
    (7,  3,  1, 'exact', 'Research Lab Specialist Lead',       '102909', 'Research Lab Specialist Lead (role or job code 102909)'),
    (8,  4,  1, 'like',  '%Research Lab Specialist Lead%',     NULL,     'Research Lab Specialist Lead (variant)'),
    (9,  5,  2, 'like',  '%Research Lab Specialist Senior%',   NULL,     'Research Lab Specialist Senior'),
    (10, 6,  2, 'like',  '%Research Lab Specialist Inter%',    NULL,     'Research Lab Specialist Intermediate'),
    (11, 7,  2, 'like',  '%Research Lab Specialist Assoc%',    NULL,     'Research Lab Specialist Associate'),
    (12, 8,  2, 'like',  '%Research Lab Specialist%',          '102908', 'Research Lab Specialist (general or job code 102908)'),
    (13, 9,  2, 'like',  'Research Fellow%',                   NULL,     'Research Fellow'),
    (14, 10, 2, 'like',  '%Tech%Sr%',                          '102944', 'Senior Technician (Tech Sr or job code 102944)'),
    (15, 11, 2, 'like',  '%Lead%',                             NULL,     'Leadership role (contains "Lead")'),
    (16, 12, 2, 'like',  '%Research Scientist%',               NULL,     'Research Scientist'),
    (17, 13, 2, 'exact', 'Graduate Student Instructor and Graduate Student Research Assistant', NULL, 'Graduate Student (dual GSI/GSRA)'),
    (18, 13, 2, 'exact', 'Graduate Student Research Assistant and Graduate Student Instructor', NULL, 'Graduate Student (dual GSRA/GSI)'),
    (19, 14, 2, 'like',  '%Graduate Student Instructor%',      NULL,     'Graduate Student (GSI)'),
    (20, 14, 2, 'like',  '%Graduate Student Research Assistant%', NULL,  'Graduate Student (GSRA)')
) r (rule_order, score, tier, kind, pattern, job_code, reason);

CREATE TEMP TABLE lab_managers_candidates ON COMMIT DROP AS
SELECT DISTINCT ON (e.lab_id, e.member_uniqname)
       e.lab_id, e.member_uniqname, e.member_role, e.job_codes, e.tdx_user_uid, r.score, r.tier, r.reason
FROM silver.v_eligible_lab_members e
JOIN silver.v_legitimate_labs l ON l.lab_id = e.lab_id
JOIN lab_managers_rules r
  ON (r.kind = 'like' AND e.member_role ILIKE r.pattern)
  OR (r.kind = 'exact' AND e.member_role = r.pattern)
  OR (r.job_code IS NOT NULL AND jsonb_typeof(e.job_codes) = 'array'
      AND EXISTS (SELECT 1 FROM jsonb_array_elements(e.job_codes) j (element)
                  WHERE CASE jsonb_typeof(j.element) WHEN 'object' THEN j.element ->> 'job_code' ELSE j.element #>> '{}' END = r.job_code))
ORDER BY e.lab_id, e.member_uniqname, r.rule_order;

CREATE TEMP TABLE lab_managers_rows ON COMMIT DROP AS
SELECT ranked.*, l.primary_department_id AS lab_department_id, ld.department_name AS lab_department_name,
       m.member_department_id AS manager_department_id, m.member_department_name AS manager_department_name
FROM (
    SELECT c.*, row_number() OVER (PARTITION BY c.lab_id ORDER BY c.score, c.member_role, c.member_uniqname) AS manager_rank
    FROM lab_managers_candidates c
    WHERE c.tier = (SELECT min(o.tier) FROM lab_managers_candidates o WHERE o.lab_id = c.lab_id)
) ranked
JOIN silver.labs l ON l.lab_id = ranked.lab_id
LEFT JOIN silver.departments ld ON ld.dept_id = l.primary_department_id
LEFT JOIN silver.lab_members m ON m.lab_id = ranked.lab_id AND m.member_uniqname = ranked.member_uniqname
WHERE ranked.manager_rank <= 3;

WITH removed AS (
    DELETE FROM silver.lab_managers s
    WHERE NOT coalesce(s.is_verified, false)
      AND NOT EXISTS (SELECT 1 FROM lab_managers_rows r WHERE r.lab_id = s.lab_id AND r.member_uniqname = s.manager_uniqname)
    RETURNING 1
),
written AS (
    INSERT INTO silver.lab_managers AS s (
        lab_id, manager_uniqname, manager_tdx_uid, manager_role, manager_job_codes, manager_confidence_score, manager_rank,
        detection_reason, lab_department_id, lab_department_name, manager_department_id, manager_department_name)
    SELECT r.lab_id, r.member_uniqname, r.tdx_user_uid, r.member_role, r.job_codes, r.score, r.manager_rank, r.reason,
           r.lab_department_id, left(r.lab_department_name, 255), r.manager_department_id, left(r.manager_department_name, 255)
    FROM lab_managers_rows r
    ON CONFLICT (lab_id, manager_uniqname) DO UPDATE
    SET manager_tdx_uid = EXCLUDED.manager_tdx_uid, manager_role = EXCLUDED.manager_role,
        manager_job_codes = EXCLUDED.manager_job_codes, manager_confidence_score = EXCLUDED.manager_confidence_score,
        manager_rank = EXCLUDED.manager_rank, detection_reason = EXCLUDED.detection_reason,
        lab_department_id = EXCLUDED.lab_department_id, lab_department_name = EXCLUDED.lab_department_name,
        manager_department_id = EXCLUDED.manager_department_id, manager_department_name = EXCLUDED.manager_department_name
    WHERE (s.manager_tdx_uid, s.manager_role, s.manager_job_codes, s.manager_confidence_score, s.manager_rank,
           s.detection_reason, s.lab_department_id, s.lab_department_name, s.manager_department_id, s.manager_department_name)
          IS DISTINCT FROM
          (EXCLUDED.manager_tdx_uid, EXCLUDED.manager_role, EXCLUDED.manager_job_codes, EXCLUDED.manager_confidence_score,
           EXCLUDED.manager_rank, EXCLUDED.detection_reason, EXCLUDED.lab_department_id, EXCLUDED.lab_department_name,
           EXCLUDED.manager_department_id, EXCLUDED.manager_department_name)
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM silver.v_legitimate_labs)                  AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)           AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)       AS updated,
       (SELECT count(*) FROM removed)                                   AS deleted,
       (SELECT count(*) FROM silver.v_legitimate_labs l
        WHERE NOT EXISTS (SELECT 1 FROM lab_managers_rows r WHERE r.lab_id = l.lab_id)) AS skipped,
       jsonb_build_object(
           'tier1_managers', (SELECT count(*) FROM lab_managers_rows WHERE tier = 1),
           'tier2_managers', (SELECT count(*) FROM lab_managers_rows WHERE tier = 2),
           'verified_kept', (SELECT count(*) FROM silver.lab_managers s WHERE s.is_verified
                             AND NOT EXISTS (SELECT 1 FROM lab_managers_rows r WHERE r.lab_id = s.lab_id AND r.member_uniqname = s.manager_uniqname))) AS quality;
