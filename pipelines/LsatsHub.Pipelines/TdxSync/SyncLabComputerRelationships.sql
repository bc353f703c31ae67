-- Every lab whose CI the sync owns (silver.labs.tdx_ci_id is written only by tdx.lab_cis) with the CIs of its computers
-- now (associations with confidence >= 0.65, through silver.v_lab_computers_tdx_reference); a lab none of whose
-- computers is left has an empty list, so the relationships to the computers that left are still removed.
SELECT l.lab_id,
       l.tdx_ci_id AS lab_ci_id,
       coalesce(array_agg(DISTINCT r.tdx_configuration_item_id ORDER BY r.tdx_configuration_item_id)
                    FILTER (WHERE r.tdx_configuration_item_id IS NOT NULL), ARRAY[]::integer[]) AS computer_ci_ids
FROM silver.labs l
LEFT JOIN silver.v_lab_computers_tdx_reference r ON r.lab_id = l.lab_id
WHERE l.tdx_ci_id IS NOT NULL
GROUP BY l.lab_id, l.tdx_ci_id
ORDER BY l.lab_id;
