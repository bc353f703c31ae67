-- Writes the CI ids back in one statement; a lab whose id is already right is not touched.
UPDATE silver.labs l
SET tdx_ci_id = v.ci_id
FROM unnest($1::text[], $2::integer[]) AS v(lab_id, ci_id)
WHERE l.lab_id = v.lab_id
  AND l.tdx_ci_id IS DISTINCT FROM v.ci_id;
