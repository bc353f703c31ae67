-- Each monitored lab that has a CI, with the CIs of its computers (associations with confidence >= 0.65, through
-- silver.v_lab_computers_tdx_reference).
SELECT l.lab_id,
       l.tdx_ci_id AS lab_ci_id,
       array_agg(DISTINCT r.tdx_configuration_item_id ORDER BY r.tdx_configuration_item_id) AS computer_ci_ids
FROM silver.v_labs_monitored l
JOIN silver.v_lab_computers_tdx_reference r ON r.lab_id = l.lab_id
WHERE l.tdx_ci_id IS NOT NULL
  AND r.tdx_configuration_item_id IS NOT NULL
GROUP BY l.lab_id, l.tdx_ci_id
ORDER BY l.lab_id;
