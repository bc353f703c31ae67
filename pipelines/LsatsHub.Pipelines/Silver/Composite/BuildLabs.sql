-- silver.labs: one lab for every principal investigator (silver.users.is_pi), lab_id = pi_uniqname, composed from the
-- three helpers (LEFT joined by PI): tdx_labs (the PI owns TDX computers), award_labs (awards name the PI), ad_labs (an
-- OU is the PI's lab OU). A PI with none of them still gets a lab (data_source '', quality 0.00).
-- Field rules (docs/silver-model.md, Labs): name AD > TDX > awards > "<full name> Lab"; primary department awards >
-- TDX > AD > the PI's own, the first that silver.departments knows; award figures from award_labs; OU fields from
-- ad_labs; computer_count from tdx_labs. Counts of members, PIs, investigators and associated computers are NOT here:
-- they are silver.lab_statistics, written after lab_members and lab_computers (which need the labs first).
-- Fixed against the original: every computed column is in the hash (a changed department or OU alone is written);
-- department_names holds the names of department_ids; ou_depth_category, has_computer_children and has_child_ous come
-- from the lab's OU; a lab whose PI is no longer a PI is kept (tdx_ci_id, managers' verification hang off it) with
-- is_active = false, counted as deleted. tdx_ci_id is written by the TDX lab-CI sync and never touched here.

CREATE TEMP TABLE labs_rows ON COMMIT DROP AS
SELECT u.uniqname AS lab_id,
       u.uniqname AS pi_uniqname,
       coalesce(a.lab_name, t.lab_name, w.lab_name, coalesce(u.full_name, u.uniqname) || ' Lab') AS lab_name,
       (SELECT d.dept_id
        FROM (VALUES (1, w.primary_department_id), (2, t.department_id), (3, a.department_id), (4, u.department_id)) c (priority, dept_id)
        JOIN silver.departments d ON d.dept_id = c.dept_id
        ORDER BY c.priority
        LIMIT 1) AS primary_department_id,
       coalesce(w.department_ids, '[]'::jsonb) AS department_ids,
       coalesce(w.total_award_dollars, 0) AS total_award_dollars,
       coalesce(w.total_direct_dollars, 0) AS total_direct_dollars,
       coalesce(w.total_indirect_dollars, 0) AS total_indirect_dollars,
       coalesce(w.award_count, 0) AS award_count,
       coalesce(w.active_award_count, 0) AS active_award_count,
       w.earliest_award_start, w.latest_award_end,
       a.ad_lab_id IS NOT NULL AS has_ad_ou,
       a.ad_ou_dn, coalesce(a.ad_ou_hierarchy, '[]'::jsonb) AS ad_ou_hierarchy, a.ad_parent_ou, a.ad_ou_depth,
       a.ad_ou_created, a.ad_ou_modified,
       o.has_computer_children, o.has_child_ous, o.depth_category AS ou_depth_category,
       coalesce(t.computer_count, 0) AS computer_count,
       coalesce(w.active_award_count, 0) > 0 AS has_active_awards,
       w.award_lab_id IS NOT NULL AS has_award_data,
       a.ad_lab_id IS NOT NULL AS has_ou_data,
       t.tdx_lab_id IS NOT NULL AS has_tdx_data,
       coalesce(t.has_tdx_presence, false) AS has_tdx_presence,
       concat_ws('+', CASE WHEN a.ad_lab_id IS NOT NULL THEN 'active_directory' END,
                      CASE WHEN w.award_lab_id IS NOT NULL THEN 'lab_award' END,
                      CASE WHEN t.tdx_lab_id IS NOT NULL THEN 'tdx' END) AS data_source,
       ((a.ad_lab_id IS NOT NULL)::int + (w.award_lab_id IS NOT NULL)::int + (t.tdx_lab_id IS NOT NULL)::int) AS helper_count
FROM silver.users u
LEFT JOIN silver.tdx_labs t ON t.pi_uniqname = u.uniqname
LEFT JOIN silver.award_labs w ON w.pi_uniqname = u.uniqname
LEFT JOIN silver.ad_labs a ON a.pi_uniqname = u.uniqname
LEFT JOIN silver.ad_organizational_units o ON o.distinguished_name = a.ad_ou_dn
WHERE u.is_pi;

CREATE TEMP TABLE labs_hashed ON COMMIT DROP AS
SELECT n.*,
       CASE n.helper_count WHEN 3 THEN 1.00 WHEN 2 THEN 0.80 WHEN 1 THEN 0.60 ELSE 0.00 END AS data_quality_score,
       encode(sha256(convert_to(ROW(n.*)::text, 'UTF8')), 'hex') AS entity_hash
FROM (SELECT r.*,
             (SELECT coalesce(jsonb_agg(d.department_name ORDER BY i.position), '[]'::jsonb)
              FROM jsonb_array_elements_text(r.department_ids) WITH ORDINALITY AS i (dept_id, position)
              JOIN silver.departments d ON d.dept_id = i.dept_id) AS department_names
      FROM labs_rows r) n;

WITH retired AS (
    UPDATE silver.labs s
    SET is_active = false, has_active_awards = false, updated_at = CURRENT_TIMESTAMP,
        entity_hash = encode(sha256(convert_to('retired:' || s.entity_hash, 'UTF8')), 'hex')
    WHERE s.is_active AND NOT EXISTS (SELECT 1 FROM labs_hashed h WHERE h.lab_id = s.lab_id)
    RETURNING 1
),
written AS (
    INSERT INTO silver.labs AS s (
        lab_id, pi_uniqname, lab_name, lab_display_name, primary_department_id, department_ids, department_names,
        total_award_dollars, total_direct_dollars, total_indirect_dollars, award_count, active_award_count,
        earliest_award_start, latest_award_end, has_ad_ou, ad_ou_dn, ad_ou_hierarchy, ad_parent_ou, ad_ou_depth,
        computer_count, has_computer_children, has_child_ous, ad_ou_created, ad_ou_modified, is_active,
        has_active_awards, has_active_ou, has_award_data, has_ou_data, data_source, data_quality_score, quality_flags,
        source_system, entity_hash, ingestion_run_id, ou_depth_category, has_tdx_data, has_tdx_presence)
    SELECT h.lab_id, h.pi_uniqname, left(h.lab_name, 255), left(h.lab_name, 255), h.primary_department_id, h.department_ids,
           h.department_names, h.total_award_dollars, h.total_direct_dollars, h.total_indirect_dollars, h.award_count,
           h.active_award_count, h.earliest_award_start, h.latest_award_end, h.has_ad_ou, h.ad_ou_dn, h.ad_ou_hierarchy,
           h.ad_parent_ou, h.ad_ou_depth, h.computer_count, h.has_computer_children, h.has_child_ous, h.ad_ou_created,
           h.ad_ou_modified, true, h.has_active_awards, h.has_ad_ou, h.has_award_data, h.has_ou_data, h.data_source,
           h.data_quality_score,
           CASE WHEN h.helper_count = 0 THEN '["no_source_data"]'::jsonb ELSE '[]'::jsonb END
             || CASE WHEN h.primary_department_id IS NULL THEN '["no_known_department"]'::jsonb ELSE '[]'::jsonb END,
           'composite', h.entity_hash, (SELECT run_id FROM silver_step), left(h.ou_depth_category, 50), h.has_tdx_data,
           h.has_tdx_presence
    FROM labs_hashed h
    ON CONFLICT (lab_id) DO UPDATE
    SET pi_uniqname = EXCLUDED.pi_uniqname, lab_name = EXCLUDED.lab_name, lab_display_name = EXCLUDED.lab_display_name,
        primary_department_id = EXCLUDED.primary_department_id, department_ids = EXCLUDED.department_ids,
        department_names = EXCLUDED.department_names, total_award_dollars = EXCLUDED.total_award_dollars,
        total_direct_dollars = EXCLUDED.total_direct_dollars, total_indirect_dollars = EXCLUDED.total_indirect_dollars,
        award_count = EXCLUDED.award_count, active_award_count = EXCLUDED.active_award_count,
        earliest_award_start = EXCLUDED.earliest_award_start, latest_award_end = EXCLUDED.latest_award_end,
        has_ad_ou = EXCLUDED.has_ad_ou, ad_ou_dn = EXCLUDED.ad_ou_dn, ad_ou_hierarchy = EXCLUDED.ad_ou_hierarchy,
        ad_parent_ou = EXCLUDED.ad_parent_ou, ad_ou_depth = EXCLUDED.ad_ou_depth, computer_count = EXCLUDED.computer_count,
        has_computer_children = EXCLUDED.has_computer_children, has_child_ous = EXCLUDED.has_child_ous,
        ad_ou_created = EXCLUDED.ad_ou_created, ad_ou_modified = EXCLUDED.ad_ou_modified, is_active = true,
        has_active_awards = EXCLUDED.has_active_awards, has_active_ou = EXCLUDED.has_active_ou,
        has_award_data = EXCLUDED.has_award_data, has_ou_data = EXCLUDED.has_ou_data, data_source = EXCLUDED.data_source,
        data_quality_score = EXCLUDED.data_quality_score, quality_flags = EXCLUDED.quality_flags,
        source_system = EXCLUDED.source_system, entity_hash = EXCLUDED.entity_hash,
        ingestion_run_id = EXCLUDED.ingestion_run_id, ou_depth_category = EXCLUDED.ou_depth_category,
        has_tdx_data = EXCLUDED.has_tdx_data, has_tdx_presence = EXCLUDED.has_tdx_presence, updated_at = CURRENT_TIMESTAMP
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR NOT s.is_active
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM labs_hashed)                               AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)           AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)       AS updated,
       (SELECT count(*) FROM retired)                                   AS deleted,
       0::bigint                                                        AS skipped,
       jsonb_build_object(
           'no_source_data', (SELECT count(*) FROM labs_hashed WHERE helper_count = 0),
           'no_known_department', (SELECT count(*) FROM labs_hashed WHERE primary_department_id IS NULL)) AS quality;
