-- silver.lab_members: the people of each active lab (silver.labs), from the lab's groups (silver.groups):
--   (a) groups the PI owns (silver.group_owners, a user owner) and belongs to: a lab's group holds its PI, while a group
--       a professor merely administers (a course, a committee, an alumni list) does not make its members a lab (the
--       original took every owned group);
--   (b) groups under an OU named exactly after the PI (an RDN OU=<pi> in the group's DN);
--   (c) groups whose name or id has the PI as a whole word (between non-letters, case-insensitive);
-- leaving out groups of more than 200 user members (department and mailing lists, not labs). Members = the user
-- members (silver.group_members) of those groups, lowercased (the original kept the case, so a mixed-case id never
-- found its person); source_group_ids lists the groups (sorted). Person fields from silver.users; the department only
-- when silver.departments knows it (the foreign key no longer fails the whole refresh). is_pi = the member is the PI.
-- Awards: source_award_ids = awards (silver.lab_awards) naming both the PI and the member; award_role = the member's role
-- on them (alphabetically first); is_investigator = that role names an investigator.
-- The refresh is a diff in the step's one transaction (rows gone deleted, new inserted, changed updated), so an
-- unchanged member keeps its row and membership_id and a second run writes nothing.
-- Whole-word matching runs as an equality join on the words of each name (a name split at non-letters), not one
-- regular expression per (lab, group) pair; a PI uniqname with non-letters falls back to the expression.

CREATE TEMP TABLE lab_members_labs ON COMMIT DROP AS
SELECT l.lab_id, l.pi_uniqname,
       regexp_replace(l.pi_uniqname, '([.+*?^$(){}\[\]|\\-])', '\\\1', 'g') AS pi_pattern
FROM silver.labs l
WHERE l.is_active;

-- User members per group, and the groups small enough to be a lab's.
CREATE TEMP TABLE lab_members_group_sizes ON COMMIT DROP AS
SELECT gm.group_id, count(DISTINCT lower(gm.member_uniqname)) AS user_members
FROM silver.group_members gm
WHERE gm.member_type = 'user' AND gm.member_uniqname IS NOT NULL
GROUP BY gm.group_id;

CREATE TEMP TABLE lab_members_words ON COMMIT DROP AS
SELECT DISTINCT g.group_id, w.word
FROM silver.groups g
CROSS JOIN LATERAL regexp_split_to_table(lower(coalesce(g.group_name, '') || ' ' || g.group_id), '[^a-z]+') AS w (word)
WHERE w.word <> '';
CREATE INDEX ON lab_members_words (word);

CREATE TEMP TABLE lab_members_ou_names ON COMMIT DROP AS
SELECT DISTINCT g.group_id, lower(m.parts[1]) AS ou_name
FROM silver.groups g
CROSS JOIN LATERAL regexp_matches(coalesce(g.distinguished_name, ''), 'OU=([^,]+),', 'gi') AS m (parts);
CREATE INDEX ON lab_members_ou_names (ou_name);

CREATE TEMP TABLE lab_members_groups ON COMMIT DROP AS
SELECT DISTINCT related.lab_id, related.group_id
FROM (SELECT l.lab_id, o.group_id
      FROM lab_members_labs l
      JOIN silver.group_owners o ON o.owner_type = 'user' AND lower(o.owner_uniqname) = l.pi_uniqname
      WHERE EXISTS (SELECT 1 FROM silver.group_members gm
                    WHERE gm.group_id = o.group_id AND gm.member_type = 'user' AND lower(gm.member_uniqname) = l.pi_uniqname)
      UNION ALL
      SELECT l.lab_id, n.group_id
      FROM lab_members_labs l
      JOIN lab_members_ou_names n ON n.ou_name = l.pi_uniqname
      UNION ALL
      SELECT l.lab_id, w.group_id
      FROM lab_members_labs l
      JOIN lab_members_words w ON w.word = l.pi_uniqname
      WHERE l.pi_uniqname ~ '^[a-z]+$'
      UNION ALL
      SELECT l.lab_id, g.group_id
      FROM lab_members_labs l
      JOIN silver.groups g
        ON g.group_name ~* ('(^|[^a-z])' || l.pi_pattern || '([^a-z]|$)')
        OR g.group_id ~* ('(^|[^a-z])' || l.pi_pattern || '([^a-z]|$)')
      WHERE l.pi_uniqname !~ '^[a-z]+$') related
JOIN lab_members_group_sizes s ON s.group_id = related.group_id
WHERE s.user_members <= 200;

CREATE TEMP TABLE lab_members_found ON COMMIT DROP AS
SELECT lg.lab_id, lower(gm.member_uniqname) AS member_uniqname,
       jsonb_agg(DISTINCT lg.group_id ORDER BY lg.group_id) AS source_group_ids
FROM lab_members_groups lg
JOIN silver.group_members gm ON gm.group_id = lg.group_id AND gm.member_type = 'user' AND gm.member_uniqname IS NOT NULL
GROUP BY lg.lab_id, lower(gm.member_uniqname);

CREATE TEMP TABLE lab_members_rows ON COMMIT DROP AS
SELECT f.lab_id, left(f.member_uniqname, 50) AS member_uniqname,
       u.job_title AS member_role,
       left(u.first_name, 255) AS member_first_name, left(u.last_name, 255) AS member_last_name,
       left(u.full_name, 255) AS member_full_name,
       d.dept_id AS member_department_id,
       left(coalesce(d.department_name, u.department_name), 255) AS member_department_name,
       u.uniqname IS NOT NULL AS silver_user_exists,
       u.job_title AS member_job_title,
       'lab_groups'::varchar(50) AS source_system,
       coalesce(aw.award_ids, '[]'::jsonb) AS source_award_ids,
       f.member_uniqname = l.pi_uniqname AS is_pi,
       coalesce(aw.award_role ILIKE '%investigator%', false) AS is_investigator,
       left(aw.award_role, 100) AS award_role,
       f.source_group_ids
FROM lab_members_found f
JOIN lab_members_labs l ON l.lab_id = f.lab_id
LEFT JOIN silver.users u ON u.uniqname = f.member_uniqname
LEFT JOIN silver.departments d ON d.dept_id = nullif(u.department_id, '')
LEFT JOIN LATERAL (
    SELECT jsonb_agg(DISTINCT m.award_id ORDER BY m.award_id) AS award_ids, min(m.person_role) AS award_role
    FROM silver.lab_awards m
    WHERE m.person_uniqname = f.member_uniqname
      AND EXISTS (SELECT 1 FROM silver.lab_awards p WHERE p.award_id = m.award_id AND p.person_uniqname = l.pi_uniqname)
    HAVING count(*) > 0
) aw ON true
WHERE length(f.member_uniqname) <= 50;

WITH removed AS (
    DELETE FROM silver.lab_members s
    WHERE NOT EXISTS (SELECT 1 FROM lab_members_rows r WHERE r.lab_id = s.lab_id AND r.member_uniqname = s.member_uniqname)
    RETURNING 1
),
written AS (
    INSERT INTO silver.lab_members AS s (
        lab_id, member_uniqname, member_role, member_first_name, member_last_name, member_full_name,
        member_department_id, member_department_name, silver_user_exists, member_job_title, source_system,
        source_award_ids, is_pi, is_investigator, award_role, source_group_ids)
    SELECT r.lab_id, r.member_uniqname, r.member_role, r.member_first_name, r.member_last_name, r.member_full_name,
           r.member_department_id, r.member_department_name, r.silver_user_exists, r.member_job_title, r.source_system,
           r.source_award_ids, r.is_pi, r.is_investigator, r.award_role, r.source_group_ids
    FROM lab_members_rows r
    ON CONFLICT (lab_id, member_uniqname) DO UPDATE
    SET member_role = EXCLUDED.member_role, member_first_name = EXCLUDED.member_first_name,
        member_last_name = EXCLUDED.member_last_name, member_full_name = EXCLUDED.member_full_name,
        member_department_id = EXCLUDED.member_department_id, member_department_name = EXCLUDED.member_department_name,
        silver_user_exists = EXCLUDED.silver_user_exists, member_job_title = EXCLUDED.member_job_title,
        source_system = EXCLUDED.source_system, source_award_ids = EXCLUDED.source_award_ids, is_pi = EXCLUDED.is_pi,
        is_investigator = EXCLUDED.is_investigator, award_role = EXCLUDED.award_role,
        source_group_ids = EXCLUDED.source_group_ids, updated_at = CURRENT_TIMESTAMP
    WHERE (s.member_role, s.member_first_name, s.member_last_name, s.member_full_name, s.member_department_id,
           s.member_department_name, s.silver_user_exists, s.member_job_title, s.source_system, s.source_award_ids,
           s.is_pi, s.is_investigator, s.award_role, s.source_group_ids)
          IS DISTINCT FROM
          (EXCLUDED.member_role, EXCLUDED.member_first_name, EXCLUDED.member_last_name, EXCLUDED.member_full_name,
           EXCLUDED.member_department_id, EXCLUDED.member_department_name, EXCLUDED.silver_user_exists,
           EXCLUDED.member_job_title, EXCLUDED.source_system, EXCLUDED.source_award_ids, EXCLUDED.is_pi,
           EXCLUDED.is_investigator, EXCLUDED.award_role, EXCLUDED.source_group_ids)
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM lab_members_found)                         AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)           AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)       AS updated,
       (SELECT count(*) FROM removed)                                   AS deleted,
       (SELECT count(*) FROM lab_members_found WHERE length(member_uniqname) > 50) AS skipped,
       jsonb_build_object(
           'no_silver_user', (SELECT count(*) FROM lab_members_rows WHERE NOT silver_user_exists),
           'invalid:member_uniqname', (SELECT count(*) FROM lab_members_found WHERE length(member_uniqname) > 50),
           'large_group_skipped', (SELECT count(DISTINCT s.group_id) FROM lab_members_group_sizes s WHERE s.user_members > 200)) AS quality;
