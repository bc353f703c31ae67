-- silver.ad_labs: the AD OU of each PI's lab (silver.users.is_pi), from silver.ad_organizational_units. Recomputed for
-- every PI each run; written only when changed; a PI whose OU is gone loses the row.
-- The OU, best first (ties: the deepest OU, then the newest, then the DN, so the choice is deterministic):
--   1. its extracted uniqname (the bronze enrichment: <pi>-lab, <dept>-<pi>, <pi>) is the PI;
--   2. its name is the PI;
--   3. the PI is a whole word of its name (between non-letters: "chem-jsmith", "jsmith_lab").
-- The original matched any name containing the uniqname ("ann" matched "joanna-lab") and took the newest created.
-- Department: the department named by the lab OU's parent (the nearest ancestor OU whose name matches a department
-- name with trigram similarity > 0.50, most similar first); the original looked at the parent only.
-- ad_ou_hierarchy is the OU's path, leaf first (the original read a key that does not exist and always wrote []).

CREATE TEMP TABLE ad_labs_pis ON COMMIT DROP AS
SELECT uniqname, full_name FROM silver.users WHERE is_pi;

-- The candidate (PI, OU) pairs of each rule, each an equality join the planner can hash. A pure-letter uniqname is a
-- whole word of the name exactly when it is one of the name's letter runs; any other uniqname (none in our worlds)
-- keeps the regex, for only those PIs.
CREATE TEMP TABLE ad_labs_candidates ON COMMIT DROP AS
SELECT u.uniqname, o.object_guid
FROM ad_labs_pis u JOIN silver.ad_organizational_units o ON o.extracted_uniqname = u.uniqname
UNION
SELECT u.uniqname, o.object_guid
FROM ad_labs_pis u JOIN silver.ad_organizational_units o ON lower(o.name) = u.uniqname
UNION
SELECT u.uniqname, w.object_guid
FROM ad_labs_pis u
JOIN (SELECT DISTINCT o.object_guid, word
      FROM silver.ad_organizational_units o
      CROSS JOIN LATERAL regexp_split_to_table(lower(o.name), '[^a-z]+') AS word) w ON w.word = u.uniqname
WHERE u.uniqname ~ '^[a-z]+$'
UNION
SELECT u.uniqname, o.object_guid
FROM ad_labs_pis u
JOIN silver.ad_organizational_units o
  ON lower(o.name) ~ ('(^|[^a-z])' || regexp_replace(u.uniqname, '([.+*?^$(){}\[\]|\\-])', '\\\1', 'g') || '([^a-z]|$)')
WHERE u.uniqname !~ '^[a-z]+$';

CREATE TEMP TABLE ad_labs_ous ON COMMIT DROP AS
SELECT DISTINCT ON (u.uniqname)
       u.uniqname, u.full_name, o.object_guid, o.distinguished_name, o.ou_full_path, o.parent_ou_dn, o.ou_depth,
       o.when_created, o.when_changed, o.description, o.managed_by
FROM ad_labs_candidates m
JOIN ad_labs_pis u ON u.uniqname = m.uniqname
JOIN silver.ad_organizational_units o ON o.object_guid = m.object_guid
ORDER BY u.uniqname,
         CASE WHEN o.extracted_uniqname = u.uniqname THEN 1 WHEN lower(o.name) = u.uniqname THEN 2 ELSE 3 END,
         o.ou_depth DESC, o.when_created DESC, o.distinguished_name;

-- The department: the nearest ancestor OU name (path position 2 = the parent) most similar to a department name.
-- Each distinct ancestor name is compared once (a few dozen names, not one per lab and level), and `%` with the
-- threshold at 0.5 lets pg_trgm discard most department names before similarity() is computed.
SET LOCAL pg_trgm.similarity_threshold = 0.5;

CREATE TEMP TABLE ad_labs_name_matches ON COMMIT DROP AS
SELECT n.name, d.dept_id, d.department_name, similarity(n.name, d.department_name) AS score
FROM (SELECT DISTINCT p.name
      FROM ad_labs_ous a
      CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(a.ou_full_path) = 'array' THEN a.ou_full_path ELSE '[]'::jsonb END)
           WITH ORDINALITY AS p (name, position)
      WHERE p.position > 1) n
JOIN silver.departments d ON d.department_name % n.name
WHERE similarity(n.name, d.department_name) > 0.50;

CREATE TEMP TABLE ad_labs_departments ON COMMIT DROP AS
SELECT DISTINCT ON (a.uniqname)
       a.uniqname, p.name AS department_name, m.dept_id, round(m.score::numeric, 2) AS confidence
FROM ad_labs_ous a
CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(a.ou_full_path) = 'array' THEN a.ou_full_path ELSE '[]'::jsonb END)
     WITH ORDINALITY AS p (name, position)
JOIN ad_labs_name_matches m ON m.name = p.name
WHERE p.position > 1
ORDER BY a.uniqname, p.position, m.score DESC, m.dept_id;
CREATE TEMP TABLE ad_labs_rows ON COMMIT DROP AS
SELECT a.uniqname AS ad_lab_id, a.uniqname AS pi_uniqname,
       coalesce(a.full_name, a.uniqname) || ' Lab (AD)' AS lab_name,
       a.distinguished_name AS ad_ou_dn,
       CASE WHEN jsonb_typeof(a.ou_full_path) = 'array' THEN a.ou_full_path ELSE '[]'::jsonb END AS ad_ou_hierarchy,
       a.parent_ou_dn AS ad_parent_ou, a.ou_depth AS ad_ou_depth, a.when_created AS ad_ou_created,
       a.when_changed AS ad_ou_modified, a.description, a.managed_by,
       coalesce(d.department_name, silver.ad_rdn_value((silver.ad_dn_rdns(a.distinguished_name))[2])) AS department_name,
       d.dept_id AS department_id,
       CASE WHEN d.dept_id IS NOT NULL THEN 'fuzzy_match' END AS department_match_method,
       d.confidence AS department_match_confidence
FROM ad_labs_ous a
LEFT JOIN ad_labs_departments d ON d.uniqname = a.uniqname;

CREATE TEMP TABLE ad_labs_hashed ON COMMIT DROP AS
SELECT r.*, encode(sha256(convert_to(ROW(r.*)::text, 'UTF8')), 'hex') AS entity_hash
FROM ad_labs_rows r;

WITH removed AS (
    DELETE FROM silver.ad_labs s
    WHERE NOT EXISTS (SELECT 1 FROM ad_labs_hashed h WHERE h.ad_lab_id = s.ad_lab_id)
    RETURNING 1
),
written AS (
    INSERT INTO silver.ad_labs AS s (
        ad_lab_id, pi_uniqname, lab_name, has_ad_ou, ad_ou_dn, ad_ou_hierarchy, ad_parent_ou, ad_ou_depth, ad_ou_created,
        ad_ou_modified, data_quality_score, quality_flags, source_system, description, managed_by, department_name,
        department_id, department_match_method, department_match_confidence, entity_hash, ingestion_run_id)
    SELECT h.ad_lab_id, h.pi_uniqname, left(h.lab_name, 255), true, h.ad_ou_dn, h.ad_ou_hierarchy, h.ad_parent_ou,
           h.ad_ou_depth, h.ad_ou_created, h.ad_ou_modified,
           CASE WHEN h.department_id IS NULL THEN 0.80 ELSE 1.00 END,
           CASE WHEN h.department_id IS NULL THEN '["no_department_match"]'::jsonb ELSE '[]'::jsonb END,
           'active_directory', left(h.description, 1024), left(h.managed_by, 255), left(h.department_name, 255),
           h.department_id, h.department_match_method, h.department_match_confidence,
           h.entity_hash, (SELECT run_id FROM silver_step)
    FROM ad_labs_hashed h
    ON CONFLICT (ad_lab_id) DO UPDATE
    SET pi_uniqname = EXCLUDED.pi_uniqname, lab_name = EXCLUDED.lab_name, ad_ou_dn = EXCLUDED.ad_ou_dn,
        ad_ou_hierarchy = EXCLUDED.ad_ou_hierarchy, ad_parent_ou = EXCLUDED.ad_parent_ou, ad_ou_depth = EXCLUDED.ad_ou_depth,
        ad_ou_created = EXCLUDED.ad_ou_created, ad_ou_modified = EXCLUDED.ad_ou_modified,
        data_quality_score = EXCLUDED.data_quality_score, quality_flags = EXCLUDED.quality_flags,
        description = EXCLUDED.description, managed_by = EXCLUDED.managed_by, department_name = EXCLUDED.department_name,
        department_id = EXCLUDED.department_id, department_match_method = EXCLUDED.department_match_method,
        department_match_confidence = EXCLUDED.department_match_confidence,
        entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id, updated_at = CURRENT_TIMESTAMP
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM ad_labs_pis)                               AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)           AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)       AS updated,
       (SELECT count(*) FROM removed)                                   AS deleted,
       (SELECT count(*) FROM ad_labs_pis) - (SELECT count(*) FROM ad_labs_hashed) AS skipped,
       jsonb_build_object('no_department_match', (SELECT count(*) FROM ad_labs_hashed WHERE department_id IS NULL)) AS quality;
