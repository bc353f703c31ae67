-- silver.lab_statistics: one row per lab (silver.labs, active or not) with the counts that need the lab's members,
-- computers and managers, which all need the lab first. Counting here, after them, instead of in silver.labs is what
-- lets one run on an empty warehouse fill every lab table (the original counted the previous run's members).
--   member_count         eligible members (silver.v_eligible_lab_members), as the original's labs.member_count
--   total_member_count   every silver.lab_members row of the lab, the PI included
--   pi_count             members who are the PI; investigator_count members an award names as investigator
--   computer_count       distinct computers associated (silver.lab_computers); primary_computer_count those whose
--                        best lab this is; high_confidence_computer_count those with confidence >= 0.65 (the views' cut)
--   manager_count        silver.lab_managers rows
-- Rows are written only when a count changed; a lab that is gone takes its row with it (foreign key, cascade).

CREATE TEMP TABLE lab_statistics_rows ON COMMIT DROP AS
SELECT l.lab_id,
       coalesce(e.n, 0)::integer AS member_count,
       coalesce(m.total, 0)::integer AS total_member_count,
       coalesce(m.pis, 0)::integer AS pi_count,
       coalesce(m.investigators, 0)::integer AS investigator_count,
       coalesce(c.computers, 0)::integer AS computer_count,
       coalesce(c.primaries, 0)::integer AS primary_computer_count,
       coalesce(c.confident, 0)::integer AS high_confidence_computer_count,
       coalesce(g.n, 0)::integer AS manager_count
FROM silver.labs l
LEFT JOIN (SELECT lab_id, count(*) AS n FROM silver.v_eligible_lab_members GROUP BY lab_id) e ON e.lab_id = l.lab_id
LEFT JOIN (SELECT lab_id, count(*) AS total, count(*) FILTER (WHERE is_pi) AS pis, count(*) FILTER (WHERE is_investigator) AS investigators
           FROM silver.lab_members GROUP BY lab_id) m ON m.lab_id = l.lab_id
LEFT JOIN (SELECT lab_id, count(DISTINCT computer_id) AS computers,
                  count(DISTINCT computer_id) FILTER (WHERE is_primary) AS primaries,
                  count(DISTINCT computer_id) FILTER (WHERE confidence_score >= 0.65) AS confident
           FROM silver.lab_computers GROUP BY lab_id) c ON c.lab_id = l.lab_id
LEFT JOIN (SELECT lab_id, count(*) AS n FROM silver.lab_managers GROUP BY lab_id) g ON g.lab_id = l.lab_id;

WITH written AS (
    INSERT INTO silver.lab_statistics AS s (
        lab_id, member_count, total_member_count, pi_count, investigator_count, computer_count, primary_computer_count,
        high_confidence_computer_count, manager_count, ingestion_run_id)
    SELECT r.lab_id, r.member_count, r.total_member_count, r.pi_count, r.investigator_count, r.computer_count,
           r.primary_computer_count, r.high_confidence_computer_count, r.manager_count, (SELECT run_id FROM silver_step)
    FROM lab_statistics_rows r
    ON CONFLICT (lab_id) DO UPDATE
    SET member_count = EXCLUDED.member_count, total_member_count = EXCLUDED.total_member_count,
        pi_count = EXCLUDED.pi_count, investigator_count = EXCLUDED.investigator_count,
        computer_count = EXCLUDED.computer_count, primary_computer_count = EXCLUDED.primary_computer_count,
        high_confidence_computer_count = EXCLUDED.high_confidence_computer_count, manager_count = EXCLUDED.manager_count,
        ingestion_run_id = EXCLUDED.ingestion_run_id, updated_at = CURRENT_TIMESTAMP
    WHERE (s.member_count, s.total_member_count, s.pi_count, s.investigator_count, s.computer_count,
           s.primary_computer_count, s.high_confidence_computer_count, s.manager_count)
          IS DISTINCT FROM
          (EXCLUDED.member_count, EXCLUDED.total_member_count, EXCLUDED.pi_count, EXCLUDED.investigator_count,
           EXCLUDED.computer_count, EXCLUDED.primary_computer_count, EXCLUDED.high_confidence_computer_count,
           EXCLUDED.manager_count)
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM lab_statistics_rows)                       AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)           AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)       AS updated,
       0::bigint                                                        AS deleted,
       (SELECT count(*) FROM lab_statistics_rows) - (SELECT count(*) FROM written) AS skipped,
       jsonb_build_object('labs_without_members', (SELECT count(*) FROM lab_statistics_rows WHERE total_member_count = 0),
                          'labs_without_computers', (SELECT count(*) FROM lab_statistics_rows WHERE computer_count = 0)) AS quality;
