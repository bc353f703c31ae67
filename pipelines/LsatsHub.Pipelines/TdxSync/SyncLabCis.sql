-- The monitored labs (an AD OU, a department, at least one computer: silver.v_labs_monitored) with what their TDX
-- configuration item carries: the PI as owner, the lab's primary department, up to three managers by rank.
SELECT l.lab_id,
       l.tdx_ci_id,
       u.tdx_user_uid::text AS owner_uid,
       d.tdx_id             AS department_tdx_id,
       coalesce((SELECT array_agg(m.manager_tdx_uid::text ORDER BY m.manager_rank, m.manager_uniqname)
                 FROM silver.lab_managers m
                 WHERE m.lab_id = l.lab_id AND m.manager_tdx_uid IS NOT NULL), ARRAY[]::text[]) AS manager_uids
FROM silver.v_labs_monitored l
LEFT JOIN silver.users u ON u.uniqname = l.pi_uniqname
LEFT JOIN silver.departments d ON d.dept_id = l.primary_department_id
ORDER BY l.lab_id;
