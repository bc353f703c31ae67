-- The monitored labs (an AD OU, a department, at least one computer: silver.v_labs_monitored) with what their TDX
-- configuration item carries: the PI as owner, the lab's primary department, up to three managers by rank, and up to
-- three places of its computers (silver.v_lab_locations_tdx_reference, associations with confidence >= 0.65), the one
-- with most computers first; ties go to the lower location, then room, so the order is the same on every run.
SELECT l.lab_id,
       l.tdx_ci_id,
       u.tdx_user_uid::text AS owner_uid,
       d.tdx_id             AS department_tdx_id,
       coalesce((SELECT array_agg(m.manager_tdx_uid::text ORDER BY m.manager_rank, m.manager_uniqname)
                 FROM silver.lab_managers m
                 WHERE m.lab_id = l.lab_id AND m.manager_tdx_uid IS NOT NULL), ARRAY[]::text[]) AS manager_uids,
       coalesce(p.location_ids, ARRAY[]::integer[]) AS location_ids,
       coalesce(p.room_ids, ARRAY[]::integer[])     AS room_ids
FROM silver.v_labs_monitored l
LEFT JOIN silver.users u ON u.uniqname = l.pi_uniqname
LEFT JOIN silver.departments d ON d.dept_id = l.primary_department_id
LEFT JOIN LATERAL (
    SELECT array_agg(t.location_id ORDER BY t.ord) AS location_ids,
           array_agg(t.room_id ORDER BY t.ord)     AS room_ids
    FROM (SELECT r.location_id, r.room_id,
                 row_number() OVER (ORDER BY r.computers DESC, r.location_id, r.room_id) AS ord
          FROM (SELECT coalesce(CASE WHEN v.location_id ~ '^\d{1,9}$' THEN v.location_id::integer END, 0) AS location_id,
                       coalesce(CASE WHEN v.room_id ~ '^\d{1,9}$' THEN v.room_id::integer END, 0)         AS room_id,
                       sum(v.computers_with_location_description)                                           AS computers
                FROM silver.v_lab_locations_tdx_reference v
                WHERE v.lab_id = l.lab_id
                GROUP BY 1, 2) r
          WHERE r.location_id > 0) t
    WHERE t.ord <= 3) p ON true
ORDER BY l.lab_id;
