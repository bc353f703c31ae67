-- silver.award_labs: for every PI (silver.users.is_pi) with at least one silver.lab_awards row naming them, in any role
-- (a co-investigator's awards count, as in the original): dollar sums, award counts, dates, sponsors, titles and the
-- departments of their appointment. Recomputed for every PI each run; written only when changed; a PI without awards
-- any more loses the row.
-- Fixed against the original (docs/silver-model.md): the primary department is the smallest appointment department
-- id that silver.departments knows (the foreign key no longer makes the PI's row fail), and its name is that
-- department's name, not whichever appointment name was seen first; lists are sorted, so the hash is stable.
-- "Active" is an award whose end date is today or later (the database's date).

CREATE TEMP TABLE award_labs_rows ON COMMIT DROP AS
SELECT u.uniqname AS award_lab_id, u.uniqname AS pi_uniqname,
       coalesce(u.full_name, u.uniqname) || ' Lab (Awards)' AS lab_name,
       coalesce(sum(a.award_total_dollars), 0)::numeric(15,2) AS total_award_dollars,
       coalesce(sum(a.award_direct_dollars), 0)::numeric(15,2) AS total_direct_dollars,
       coalesce(sum(a.award_indirect_dollars), 0)::numeric(15,2) AS total_indirect_dollars,
       count(*)::integer AS award_count,
       (count(*) FILTER (WHERE a.award_end_date >= CURRENT_DATE))::integer AS active_award_count,
       min(a.award_start_date) AS earliest_award_start,
       max(a.award_end_date) AS latest_award_end,
       coalesce(jsonb_agg(DISTINCT a.person_appt_department_id) FILTER (WHERE a.person_appt_department_id IS NOT NULL), '[]'::jsonb) AS department_ids,
       (SELECT min(d.dept_id)
        FROM silver.lab_awards a2
        JOIN silver.departments d ON d.dept_id = a2.person_appt_department_id
        WHERE a2.person_uniqname = u.uniqname) AS primary_department_id,
       (SELECT coalesce(jsonb_agg(DISTINCT sponsor), '[]'::jsonb)
        FROM silver.lab_awards a3
        CROSS JOIN LATERAL (VALUES (a3.direct_sponsor_name), (a3.prime_sponsor_name)) s (sponsor)
        WHERE a3.person_uniqname = u.uniqname AND s.sponsor IS NOT NULL) AS sponsors,
       coalesce(jsonb_agg(DISTINCT a.award_title) FILTER (WHERE a.award_title IS NOT NULL), '[]'::jsonb) AS award_titles,
       min(a.person_appt_department) AS first_appointment_name
FROM silver.users u
JOIN silver.lab_awards a ON a.person_uniqname = u.uniqname
WHERE u.is_pi
GROUP BY u.uniqname, u.full_name;

CREATE TEMP TABLE award_labs_hashed ON COMMIT DROP AS
SELECT r.award_lab_id, r.pi_uniqname, r.lab_name, r.total_award_dollars, r.total_direct_dollars, r.total_indirect_dollars,
       r.award_count, r.active_award_count, r.earliest_award_start, r.latest_award_end, r.department_ids,
       r.primary_department_id, r.sponsors, r.award_titles,
       coalesce(d.department_name, r.first_appointment_name) AS primary_department_name,
       encode(sha256(convert_to(ROW(r.*, d.department_name)::text, 'UTF8')), 'hex') AS entity_hash
FROM award_labs_rows r
LEFT JOIN silver.departments d ON d.dept_id = r.primary_department_id;

WITH removed AS (
    DELETE FROM silver.award_labs s
    WHERE NOT EXISTS (SELECT 1 FROM award_labs_hashed h WHERE h.award_lab_id = s.award_lab_id)
    RETURNING 1
),
written AS (
    INSERT INTO silver.award_labs AS s (
        award_lab_id, pi_uniqname, lab_name, total_award_dollars, total_direct_dollars, total_indirect_dollars,
        award_count, active_award_count, earliest_award_start, latest_award_end, primary_department_id, department_ids,
        data_quality_score, quality_flags, source_system, sponsors, award_titles, primary_department_name,
        entity_hash, ingestion_run_id)
    SELECT h.award_lab_id, h.pi_uniqname, left(h.lab_name, 255), h.total_award_dollars, h.total_direct_dollars,
           h.total_indirect_dollars, h.award_count, h.active_award_count, h.earliest_award_start, h.latest_award_end,
           h.primary_department_id, h.department_ids,
           CASE WHEN h.primary_department_id IS NULL THEN 0.80 ELSE 1.00 END,
           CASE WHEN h.primary_department_id IS NULL THEN '["no_known_department"]'::jsonb ELSE '[]'::jsonb END,
           'lab_award', h.sponsors, h.award_titles, left(h.primary_department_name, 255),
           h.entity_hash, (SELECT run_id FROM silver_step)
    FROM award_labs_hashed h
    ON CONFLICT (award_lab_id) DO UPDATE
    SET pi_uniqname = EXCLUDED.pi_uniqname, lab_name = EXCLUDED.lab_name,
        total_award_dollars = EXCLUDED.total_award_dollars, total_direct_dollars = EXCLUDED.total_direct_dollars,
        total_indirect_dollars = EXCLUDED.total_indirect_dollars, award_count = EXCLUDED.award_count,
        active_award_count = EXCLUDED.active_award_count, earliest_award_start = EXCLUDED.earliest_award_start,
        latest_award_end = EXCLUDED.latest_award_end, primary_department_id = EXCLUDED.primary_department_id,
        department_ids = EXCLUDED.department_ids, data_quality_score = EXCLUDED.data_quality_score,
        quality_flags = EXCLUDED.quality_flags, sponsors = EXCLUDED.sponsors, award_titles = EXCLUDED.award_titles,
        primary_department_name = EXCLUDED.primary_department_name,
        entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id, updated_at = CURRENT_TIMESTAMP
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM silver.users WHERE is_pi)                  AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)           AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)       AS updated,
       (SELECT count(*) FROM removed)                                   AS deleted,
       (SELECT count(*) FROM silver.users WHERE is_pi) - (SELECT count(*) FROM award_labs_hashed) AS skipped,
       jsonb_build_object('no_known_department', (SELECT count(*) FROM award_labs_hashed WHERE primary_department_id IS NULL)) AS quality;
