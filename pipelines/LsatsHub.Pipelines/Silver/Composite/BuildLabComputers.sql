-- silver.lab_computers: which active computer (silver.computers.is_active) belongs to which active lab (silver.labs),
-- found by six methods (docs/silver-model.md, Lab computers):
--   tier 1  ad_ou_nested      0.80  the computer's AD object sits in the lab's OU (or below it)
--           owner_is_pi       0.85  its owner is the PI
--           fin_owner_is_pi   0.80  its financial owner is the PI
--           name_pattern_pi   0.70  its name contains the PI's uniqname
--   tier 2  owner_member      0.35  its owner is a lab member other than the PI
--           last_user_member  0.30  its last user is a lab member
-- (group_membership, 0.45, is declared by the table and not implemented, as in the original.)
-- One row per (computer, lab): the method with the highest base (ties: the order above). Confidence = base + bonuses
-- - penalties, clamped to [0.70, 1.00] for tier 1 and [0.20, 0.50] for tier 2. Bonuses: financial owner is the PI
-- +0.15, owner is the PI +0.12, in the lab OU +0.10, name contains the PI +0.08 (each unless it is the method itself),
-- TDX function Research +0.05, Classroom +0.03. Penalties: owner neither PI nor member -0.10, financial owner neither
-- -0.08, function Admin/Staff -0.12, Dev/Testing -0.12, any other function -0.05.
-- is_primary: the computer's best association (highest confidence, then tier-1 method order, then lab id).
-- silver.computer_primary_labs (the same step's second table): that best lab per computer and how many labs it has.
-- Both tables are refreshed as a diff in the step's one transaction: unchanged rows stay as they are, rows gone are
-- deleted, even when nothing is associated any more (the original kept stale rows then).

CREATE TEMP TABLE lab_computers_labs ON COMMIT DROP AS
SELECT l.lab_id, l.pi_uniqname, CASE WHEN l.has_ad_ou THEN lower(l.ad_ou_dn) END AS ou_dn
FROM silver.labs l
WHERE l.is_active;
CREATE INDEX ON lab_computers_labs (pi_uniqname);

CREATE TEMP TABLE lab_computers_members ON COMMIT DROP AS
SELECT DISTINCT m.lab_id, m.member_uniqname
FROM silver.lab_members m
JOIN lab_computers_labs l ON l.lab_id = m.lab_id;
CREATE INDEX ON lab_computers_members (member_uniqname);

CREATE TEMP TABLE lab_computers_machines ON COMMIT DROP AS
SELECT c.computer_id, lower(c.computer_name) AS name, lower(c.owner_uniqname) AS owner,
       lower(c.financial_owner_uniqname) AS fin_owner, lower(c.last_user) AS last_user,
       lower(c.ad_distinguished_name) AS dn,
       CASE WHEN c.tdx_attributes -> 'function' ->> 'id' ~ '^\s*[0-9]+(\.0+)?\s*$'
            THEN (btrim(c.tdx_attributes -> 'function' ->> 'id'))::numeric::bigint::text END AS function_id
FROM silver.computers c
WHERE c.is_active;

-- Every OU a computer sits in (each ancestor DN of its AD object), for an equality join with the labs' OUs.
CREATE TEMP TABLE lab_computers_ancestors ON COMMIT DROP AS
SELECT m.computer_id, array_to_string(p.parts[i:], ',') AS ancestor_dn
FROM lab_computers_machines m
CROSS JOIN LATERAL (SELECT string_to_array(m.dn, ',') AS parts) p
CROSS JOIN LATERAL generate_series(2, cardinality(p.parts)) AS i
WHERE m.dn IS NOT NULL;
CREATE INDEX ON lab_computers_ancestors (ancestor_dn);

CREATE TEMP TABLE lab_computers_found ON COMMIT DROP AS
SELECT a.computer_id, l.lab_id, 'ad_ou_nested'::text AS method, 1 AS method_order
FROM lab_computers_ancestors a JOIN lab_computers_labs l ON l.ou_dn = a.ancestor_dn
UNION ALL
SELECT m.computer_id, l.lab_id, 'owner_is_pi', 2 FROM lab_computers_machines m JOIN lab_computers_labs l ON l.pi_uniqname = m.owner
UNION ALL
SELECT m.computer_id, l.lab_id, 'fin_owner_is_pi', 3 FROM lab_computers_machines m JOIN lab_computers_labs l ON l.pi_uniqname = m.fin_owner
UNION ALL
SELECT m.computer_id, l.lab_id, 'name_pattern_pi', 4 FROM lab_computers_machines m JOIN lab_computers_labs l ON strpos(m.name, l.pi_uniqname) > 0
UNION ALL
SELECT m.computer_id, l.lab_id, 'owner_member', 5
FROM lab_computers_machines m
JOIN lab_computers_members lm ON lm.member_uniqname = m.owner
JOIN lab_computers_labs l ON l.lab_id = lm.lab_id AND l.pi_uniqname <> m.owner
UNION ALL
SELECT m.computer_id, lm.lab_id, 'last_user_member', 6
FROM lab_computers_machines m
JOIN lab_computers_members lm ON lm.member_uniqname = m.last_user;

-- Base per method; the kept method per (computer, lab) is the highest base, ties in method order.
CREATE TEMP TABLE lab_computers_best ON COMMIT DROP AS
SELECT DISTINCT ON (f.computer_id, f.lab_id) f.computer_id, f.lab_id, f.method, f.method_order, b.base, b.tier
FROM lab_computers_found f
JOIN (VALUES ('ad_ou_nested', 0.80, 1), ('owner_is_pi', 0.85, 1), ('fin_owner_is_pi', 0.80, 1), ('name_pattern_pi', 0.70, 1),
             ('owner_member', 0.35, 2), ('last_user_member', 0.30, 2)) b (method, base, tier) ON b.method = f.method
ORDER BY f.computer_id, f.lab_id, b.base DESC, f.method_order;

CREATE TEMP TABLE lab_computers_scored ON COMMIT DROP AS
SELECT s.*,
       CASE WHEN s.tier = 1 THEN least(1.00, greatest(0.70, s.raw_score)) ELSE least(0.50, greatest(0.20, s.raw_score)) END::numeric(3,2) AS confidence_score
FROM (
    SELECT c.*,
           c.base
             + CASE WHEN c.fin_owner_is_pi AND c.method <> 'fin_owner_is_pi' THEN 0.15 ELSE 0 END
             + CASE WHEN c.owner_is_pi AND c.method <> 'owner_is_pi' THEN 0.12 ELSE 0 END
             + CASE WHEN c.in_ou AND c.method <> 'ad_ou_nested' THEN 0.10 ELSE 0 END
             + CASE WHEN c.name_has_pi AND c.method <> 'name_pattern_pi' THEN 0.08 ELSE 0 END
             + CASE c.function_id WHEN '27316' THEN 0.05 WHEN '27312' THEN 0.03 WHEN '27311' THEN -0.12 WHEN '27313' THEN -0.12
                                  ELSE CASE WHEN c.function_id IS NOT NULL THEN -0.05 ELSE 0 END END
             - CASE WHEN c.owner IS NOT NULL AND NOT c.owner_is_pi AND NOT c.owner_is_member THEN 0.10 ELSE 0 END
             - CASE WHEN c.fin_owner IS NOT NULL AND NOT c.fin_owner_is_pi AND NOT c.fin_owner_is_member THEN 0.08 ELSE 0 END
             AS raw_score
    FROM (
        SELECT b.computer_id, b.lab_id, b.method, b.method_order, b.base, b.tier, m.owner, m.fin_owner, m.last_user,
               m.function_id, l.ou_dn,
               coalesce(m.owner = l.pi_uniqname, false) AS owner_is_pi,
               coalesce(m.fin_owner = l.pi_uniqname, false) AS fin_owner_is_pi,
               coalesce(m.owner <> l.pi_uniqname AND EXISTS (SELECT 1 FROM lab_computers_members x WHERE x.lab_id = b.lab_id AND x.member_uniqname = m.owner), false) AS owner_is_member,
               coalesce(m.fin_owner <> l.pi_uniqname AND EXISTS (SELECT 1 FROM lab_computers_members x WHERE x.lab_id = b.lab_id AND x.member_uniqname = m.fin_owner), false) AS fin_owner_is_member,
               EXISTS (SELECT 1 FROM lab_computers_ancestors a WHERE a.computer_id = b.computer_id AND a.ancestor_dn = l.ou_dn) AS in_ou,
               strpos(m.name, l.pi_uniqname) > 0 AS name_has_pi
        FROM lab_computers_best b
        JOIN lab_computers_machines m ON m.computer_id = b.computer_id
        JOIN lab_computers_labs l ON l.lab_id = b.lab_id
    ) c
) s;

CREATE TEMP TABLE lab_computers_rows ON COMMIT DROP AS
SELECT s.computer_id, s.lab_id, s.method AS association_method, s.confidence_score,
       CASE WHEN s.method = 'ad_ou_nested' THEN s.ou_dn END AS matched_ou,
       NULL::varchar(50) AS matched_group_id,
       left(CASE s.method WHEN 'owner_is_pi' THEN s.owner WHEN 'owner_member' THEN s.owner
                          WHEN 'fin_owner_is_pi' THEN s.fin_owner WHEN 'last_user_member' THEN s.last_user END, 50) AS matched_user,
       (row_number() OVER (PARTITION BY s.computer_id ORDER BY s.confidence_score DESC, s.method_order, s.lab_id)) = 1 AS is_primary,
       s.owner_is_pi, s.fin_owner_is_pi, s.owner_is_member, s.fin_owner_is_member,
       coalesce(s.function_id = '27316', false) AS function_is_research,
       coalesce(s.function_id = '27312', false) AS function_is_classroom,
       to_jsonb(array_remove(ARRAY[
           CASE WHEN s.confidence_score < 0.40 THEN 'low_confidence' END,
           CASE WHEN s.confidence_score >= 0.90 THEN 'high_confidence' END,
           CASE WHEN s.owner_is_pi AND s.fin_owner_is_pi THEN 'fully_pi_owned' END,
           CASE WHEN s.owner IS NOT NULL AND NOT s.owner_is_pi AND NOT s.owner_is_member THEN 'owner_not_affiliated' END,
           CASE WHEN s.fin_owner IS NOT NULL AND NOT s.fin_owner_is_pi AND NOT s.fin_owner_is_member THEN 'fin_owner_not_affiliated' END,
           CASE WHEN s.function_id = '27311' THEN 'admin_function' WHEN s.function_id = '27313' THEN 'dev_function'
                WHEN s.function_id IS NULL THEN 'no_function' END], NULL)) AS quality_flags
FROM lab_computers_scored s;

CREATE TEMP TABLE lab_computers_primary ON COMMIT DROP AS
SELECT r.computer_id, r.lab_id AS primary_lab_id, r.association_method AS primary_lab_method, r.confidence_score,
       (SELECT count(*) FROM lab_computers_rows x WHERE x.computer_id = r.computer_id)::integer AS lab_association_count
FROM lab_computers_rows r
WHERE r.is_primary;

WITH removed AS (
    DELETE FROM silver.lab_computers s
    WHERE NOT EXISTS (SELECT 1 FROM lab_computers_rows r
                      WHERE (r.computer_id, r.lab_id, r.association_method) = (s.computer_id, s.lab_id, s.association_method))
    RETURNING 1
),
written AS (
    INSERT INTO silver.lab_computers AS s (
        computer_id, lab_id, association_method, confidence_score, matched_ou, matched_group_id, matched_user, is_primary,
        owner_is_pi, fin_owner_is_pi, owner_is_member, fin_owner_is_member, function_is_research, function_is_classroom,
        quality_flags)
    SELECT r.computer_id, r.lab_id, r.association_method, r.confidence_score, r.matched_ou, r.matched_group_id,
           r.matched_user, r.is_primary, r.owner_is_pi, r.fin_owner_is_pi, r.owner_is_member, r.fin_owner_is_member,
           r.function_is_research, r.function_is_classroom, r.quality_flags
    FROM lab_computers_rows r
    ON CONFLICT (computer_id, lab_id, association_method) DO UPDATE
    SET confidence_score = EXCLUDED.confidence_score, matched_ou = EXCLUDED.matched_ou,
        matched_group_id = EXCLUDED.matched_group_id, matched_user = EXCLUDED.matched_user,
        is_primary = EXCLUDED.is_primary, owner_is_pi = EXCLUDED.owner_is_pi, fin_owner_is_pi = EXCLUDED.fin_owner_is_pi,
        owner_is_member = EXCLUDED.owner_is_member, fin_owner_is_member = EXCLUDED.fin_owner_is_member,
        function_is_research = EXCLUDED.function_is_research, function_is_classroom = EXCLUDED.function_is_classroom,
        quality_flags = EXCLUDED.quality_flags, updated_at = CURRENT_TIMESTAMP
    WHERE (s.confidence_score, s.matched_ou, s.matched_group_id, s.matched_user, s.is_primary, s.owner_is_pi,
           s.fin_owner_is_pi, s.owner_is_member, s.fin_owner_is_member, s.function_is_research, s.function_is_classroom,
           s.quality_flags)
          IS DISTINCT FROM
          (EXCLUDED.confidence_score, EXCLUDED.matched_ou, EXCLUDED.matched_group_id, EXCLUDED.matched_user,
           EXCLUDED.is_primary, EXCLUDED.owner_is_pi, EXCLUDED.fin_owner_is_pi, EXCLUDED.owner_is_member,
           EXCLUDED.fin_owner_is_member, EXCLUDED.function_is_research, EXCLUDED.function_is_classroom,
           EXCLUDED.quality_flags)
    RETURNING (xmax = 0) AS inserted
),
primary_removed AS (
    DELETE FROM silver.computer_primary_labs s
    WHERE NOT EXISTS (SELECT 1 FROM lab_computers_primary p WHERE p.computer_id = s.computer_id)
    RETURNING 1
),
primary_written AS (
    INSERT INTO silver.computer_primary_labs AS s (computer_id, primary_lab_id, primary_lab_method, confidence_score, lab_association_count)
    SELECT p.computer_id, p.primary_lab_id, p.primary_lab_method, p.confidence_score, p.lab_association_count
    FROM lab_computers_primary p
    ON CONFLICT (computer_id) DO UPDATE
    SET primary_lab_id = EXCLUDED.primary_lab_id, primary_lab_method = EXCLUDED.primary_lab_method,
        confidence_score = EXCLUDED.confidence_score, lab_association_count = EXCLUDED.lab_association_count,
        updated_at = CURRENT_TIMESTAMP
    WHERE (s.primary_lab_id, s.primary_lab_method, s.confidence_score, s.lab_association_count)
          IS DISTINCT FROM (EXCLUDED.primary_lab_id, EXCLUDED.primary_lab_method, EXCLUDED.confidence_score, EXCLUDED.lab_association_count)
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM lab_computers_machines)                                    AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                           AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)                       AS updated,
       (SELECT count(*) FROM removed)                                                   AS deleted,
       (SELECT count(*) FROM lab_computers_machines m
        WHERE NOT EXISTS (SELECT 1 FROM lab_computers_primary p WHERE p.computer_id = m.computer_id)) AS skipped,
       jsonb_build_object(
           'primary_lab:inserted', (SELECT count(*) FILTER (WHERE inserted) FROM primary_written),
           'primary_lab:updated', (SELECT count(*) FILTER (WHERE NOT inserted) FROM primary_written),
           'primary_lab:deleted', (SELECT count(*) FROM primary_removed),
           'low_confidence', (SELECT count(*) FROM lab_computers_rows WHERE confidence_score < 0.40)) AS quality;
