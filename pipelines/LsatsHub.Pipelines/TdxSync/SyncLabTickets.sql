-- Every lab whose CI the sync owns (silver.labs.tdx_ci_id, written only by tdx.lab_cis) with the TDX users among its
-- members (silver.v_lab_members_all_tdx_reference) and the CIs of its computers (silver.v_lab_computers_tdx_reference,
-- associations with confidence >= 0.65).
SELECT l.lab_id,
       l.tdx_ci_id AS lab_ci_id,
       coalesce((SELECT array_agg(DISTINCT m.tdx_user_uid::text ORDER BY m.tdx_user_uid::text)
                 FROM silver.v_lab_members_all_tdx_reference m
                 WHERE m.lab_id = l.lab_id AND m.tdx_user_uid IS NOT NULL), ARRAY[]::text[]) AS member_uids,
       coalesce((SELECT array_agg(DISTINCT r.tdx_configuration_item_id ORDER BY r.tdx_configuration_item_id)
                 FROM silver.v_lab_computers_tdx_reference r
                 WHERE r.lab_id = l.lab_id AND r.tdx_configuration_item_id IS NOT NULL), ARRAY[]::integer[]) AS computer_ci_ids
FROM silver.labs l
WHERE l.tdx_ci_id IS NOT NULL
ORDER BY l.lab_id;
