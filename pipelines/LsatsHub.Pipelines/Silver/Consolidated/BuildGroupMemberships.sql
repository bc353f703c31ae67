-- silver.group_members and silver.group_owners from silver.groups: every member and owner DN of every group (members:
-- AD's complete member list and MCommunity's members; owners: MCommunity's owners and AD's managedBy), resolved to a
-- person's uniqname or a group's group_id, set-based (one unnest over the merged groups, so a 20,000-member group costs
-- what 20,000 one-member groups cost). The rows of a merged group are made equal to that set: rows no longer in it are
-- deleted (stale memberships go), new ones inserted, changed ones updated. Row ids are derived from the row's key, so a
-- rebuild gives the same ids.
--
-- Incremental by content (meta.group_membership_inputs, migration 0019, holds what each group was last merged from).
-- The groups merged again are:
-- * a group whose lists changed: the hash of (source_system, members, owners, direct_members, nested_members) differs
--   from the one recorded (computed only for groups whose entity_hash moved; silver.groups already holds every
--   source's list of the group merged, so re-merging it from that row never loses a partner source, spec 7.6), a new
--   group, and a group gone from silver.groups (its rows go);
-- * a group with a value that a change elsewhere may resolve differently: values resolve against the groups' DNs and
--   ids, so when a group appears, goes, moves (DN) or changes the case of its id, every group with a row or a skipped
--   value under that key (the value's RDN, lower case) is merged again.
-- Every group is merged (as the original always did) on a full refresh, on the first run, and when group_members or
-- group_owners were written by anyone else since this step's last run (their meta.table_changes stamp differs from the
-- one the step recorded in meta.step_input_stamps: a truncate, a hand fix, a restore), so the tables are repaired. A
-- full refresh gives the same tables as the incremental runs.
--
-- Resolution of one member value (the original's string rules, spec 4.6, made exact where it guessed):
-- 1. the DN of a group in silver.groups (case-insensitive) -> that group;
-- 2. an RDN uid=<v>, or a DN with an OU component People, Accounts or Privileged -> the person lower(trim(<v>));
--    (the original did not lower-case, so mixed-case ids never met silver.users, spec gotcha 16)
-- 3. a DN with an OU component "User Groups", Groups or MCommADSync -> the group named <v> (its group_id when
--    silver.groups has it, else <v>, counted unresolved:member_group);
-- 4. a value without '=' -> a group when it contains a space or "lsa-", else a person (the original's rule);
-- 5. any other DN: a group when its name contains lsa-, arcts- or turbo (the original's rule), else it is not a person
--    nor a group (computers in AD groups: those are silver.computer_groups) and is skipped, counted unclassified:member.
-- A uniqname longer than 50 or a group id longer than 100 characters is skipped and counted (invalid:...), never a
-- failed refresh. The counts (rows_read, skipped, quality) are those of the groups merged in this run;
-- quality merged:groups is how many groups that was.
-- source_system = the group's source_system. is_direct_member: an AD-only group's members are all direct (AD's member
-- attribute lists direct members; the original stored false for them); a group MCommunity knows takes MCommunity's
-- word (umichDirectMember / umichDirectGroupMember), and all are direct when MCommunity lists neither.

-- Merge every group: asked for, or the outputs changed behind this step's back since its last run (or it never ran).
CREATE TEMP TABLE memberships_run ON COMMIT DROP AS
SELECT (SELECT full_refresh FROM silver_step)
       OR NOT coalesce((SELECT s.stamps -> 'silver.group_members' = to_jsonb(m.change_seq)
                               AND s.stamps -> 'silver.group_owners' = to_jsonb(o.change_seq)
                        FROM meta.step_input_stamps s
                        JOIN meta.table_changes m ON m.table_name = 'silver.group_members'
                        JOIN meta.table_changes o ON o.table_name = 'silver.group_owners'
                        WHERE s.step_name = (SELECT step_name FROM silver_step)), false) AS merge_all;

-- Every group's inputs, hashed. Only a group whose entity_hash (BuildGroups' content hash, which covers every list)
-- moved since it was recorded has its lists read and hashed: turning a 20,000-member list into text costs more than
-- the merge of a small group, and nearly every group is unchanged on a nightly run.
CREATE TEMP TABLE memberships_current ON COMMIT DROP AS
SELECT g.group_id::text AS group_id, g.distinguished_name, g.entity_hash,
       CASE WHEN (SELECT merge_all FROM memberships_run) OR s.entity_hash IS DISTINCT FROM g.entity_hash
            THEN md5(ROW(g.source_system, g.members, g.owners, g.direct_members, g.nested_members)::text)
            ELSE s.inputs_hash END AS inputs_hash
FROM silver.groups g
LEFT JOIN meta.group_membership_inputs s ON s.group_id = g.group_id;
ANALYZE memberships_current;

-- Groups by DN and by name, for hash joins; now and as recorded at the last run.
CREATE TEMP TABLE memberships_group_dns ON COMMIT DROP AS
SELECT DISTINCT ON (lower(c.distinguished_name)) lower(c.distinguished_name) AS dn, c.group_id
FROM memberships_current c
WHERE c.distinguished_name IS NOT NULL
ORDER BY lower(c.distinguished_name), c.group_id;
ANALYZE memberships_group_dns;

CREATE TEMP TABLE memberships_group_names ON COMMIT DROP AS
SELECT DISTINCT ON (lower(c.group_id)) lower(c.group_id) AS name, c.group_id
FROM memberships_current c
ORDER BY lower(c.group_id), c.group_id;
ANALYZE memberships_group_names;

-- The keys (lower-case RDN value, as memberships_typed computes it) whose resolution changed since the last run: a DN
-- or a name that now leads to another group or to none, and the ids of the groups it led to before and leads to now.
CREATE TEMP TABLE memberships_moved_keys ON COMMIT DROP AS
WITH before_dns AS (
    SELECT DISTINCT ON (lower(s.distinguished_name)) lower(s.distinguished_name) AS dn, s.group_id::text AS group_id
    FROM meta.group_membership_inputs s
    WHERE s.distinguished_name IS NOT NULL
    ORDER BY lower(s.distinguished_name), s.group_id::text
),
before_names AS (
    SELECT DISTINCT ON (lower(s.group_id)) lower(s.group_id) AS name, s.group_id::text AS group_id
    FROM meta.group_membership_inputs s
    ORDER BY lower(s.group_id), s.group_id::text
),
moved_dns AS (
    SELECT coalesce(n.dn, b.dn) AS dn, b.group_id AS before_id, n.group_id AS now_id
    FROM before_dns b
    FULL JOIN memberships_group_dns n ON n.dn = b.dn
    WHERE b.group_id IS DISTINCT FROM n.group_id
)
SELECT DISTINCT k.key
FROM (
    -- The same RDN parse as memberships_typed (the DN is lower case already).
    SELECT coalesce(btrim(CASE WHEN NOT (strpos(d.dn, '=') > 0 AND strpos(split_part(d.dn, '=', 1), ',') = 0) THEN d.dn
                               WHEN strpos(d.dn, '\') = 0 THEN split_part(substr(d.dn, strpos(d.dn, '=') + 1), ',', 1)
                               ELSE regexp_replace(substring(d.dn FROM '^\s*[A-Za-z]+\s*=((?:[^,\\]|\\.)*)'), '\\(.)', '\1', 'g') END), '') AS key
    FROM moved_dns d
    UNION ALL SELECT lower(d.before_id) FROM moved_dns d WHERE d.before_id IS NOT NULL
    UNION ALL SELECT lower(d.now_id) FROM moved_dns d WHERE d.now_id IS NOT NULL
    UNION ALL
    SELECT coalesce(n.name, b.name)
    FROM before_names b
    FULL JOIN memberships_group_names n ON n.name = b.name
    WHERE b.group_id IS DISTINCT FROM n.group_id
) k
WHERE NOT (SELECT merge_all FROM memberships_run);
ANALYZE memberships_moved_keys;

-- The groups merged in this run (present = still in silver.groups; a gone group's rows are only deleted).
CREATE TEMP TABLE memberships_affected ON COMMIT DROP AS
SELECT a.group_id, c.group_id IS NOT NULL AS present
FROM (
    SELECT coalesce(c.group_id, s.group_id) AS group_id
    FROM memberships_current c
    FULL JOIN meta.group_membership_inputs s ON s.group_id = c.group_id
    WHERE (SELECT merge_all FROM memberships_run) OR s.inputs_hash IS DISTINCT FROM c.inputs_hash
    UNION
    -- Merging every group: also rows of groups nobody knows (left by someone else), so they are removed.
    SELECT gm.group_id FROM silver.group_members gm WHERE (SELECT merge_all FROM memberships_run)
    UNION
    SELECT go.group_id FROM silver.group_owners go WHERE (SELECT merge_all FROM memberships_run)
    UNION
    SELECT gm.group_id
    FROM silver.group_members gm
    JOIN memberships_moved_keys k ON k.key = gm.member_uniqname
    WHERE gm.member_type = 'user' AND EXISTS (SELECT 1 FROM memberships_moved_keys)
    UNION
    SELECT gm.group_id
    FROM silver.group_members gm
    JOIN memberships_moved_keys k ON k.key = lower(gm.member_group_id)
    WHERE gm.member_type = 'group' AND EXISTS (SELECT 1 FROM memberships_moved_keys)
    UNION
    SELECT go.group_id
    FROM silver.group_owners go
    JOIN memberships_moved_keys k ON k.key = lower(coalesce(go.owner_uniqname, go.owner_group_id))
    WHERE EXISTS (SELECT 1 FROM memberships_moved_keys)
    UNION
    SELECT s.group_id
    FROM meta.group_membership_inputs s
    WHERE s.skipped_keys && ARRAY(SELECT key FROM memberships_moved_keys) AND EXISTS (SELECT 1 FROM memberships_moved_keys)
) a
LEFT JOIN memberships_current c ON c.group_id = a.group_id;
ANALYZE memberships_affected;

-- Every member and owner value of every merged group.
CREATE TEMP TABLE memberships_values ON COMMIT DROP AS
SELECT g.group_id, g.source_system, 'member'::text AS role, e.v AS value,
       g.source_system = 'ad'
         OR (coalesce(jsonb_array_length(g.direct_members), 0) = 0 AND coalesce(jsonb_array_length(g.nested_members), 0) = 0) AS all_direct
FROM memberships_affected a
JOIN silver.groups g ON g.group_id = a.group_id
CROSS JOIN LATERAL jsonb_array_elements_text(CASE jsonb_typeof(g.members) WHEN 'array' THEN g.members ELSE '[]'::jsonb END) e(v)
WHERE a.present
UNION ALL
SELECT g.group_id, g.source_system, 'owner', e.v, true
FROM memberships_affected a
JOIN silver.groups g ON g.group_id = a.group_id
CROSS JOIN LATERAL jsonb_array_elements_text(CASE jsonb_typeof(g.owners) WHEN 'array' THEN g.owners ELSE '[]'::jsonb END) e(v)
WHERE a.present;
ANALYZE memberships_values;

-- What MCommunity says is direct (joined, never searched per member: a jsonb containment test per member of a
-- 20,000-member group would cost 20,000 squared).
CREATE TEMP TABLE memberships_direct ON COMMIT DROP AS
SELECT DISTINCT g.group_id, e.v AS value
FROM memberships_affected a
JOIN silver.groups g ON g.group_id = a.group_id
CROSS JOIN LATERAL jsonb_array_elements_text(
    (CASE jsonb_typeof(g.direct_members) WHEN 'array' THEN g.direct_members ELSE '[]'::jsonb END)
    || (CASE jsonb_typeof(g.nested_members) WHEN 'array' THEN g.nested_members ELSE '[]'::jsonb END)) e(v)
WHERE a.present AND g.source_system <> 'ad';
ANALYZE memberships_direct;

-- Each distinct value parsed and classified once, with string functions (a regular expression only for a value with
-- LDAP escapes): the parse is most of this step's time. squeezed = the lower-cased value without spaces, so
-- "OU=User Groups" is ",ou=usergroups". key = the lower-case RDN value, which memberships_moved_keys compares.
CREATE TEMP TABLE memberships_typed ON COMMIT DROP AS
SELECT c.value, c.member_type, coalesce(lower(c.rdn_value), '') AS key,
       CASE WHEN c.member_type = 'user' THEN lower(c.rdn_value) END AS uniqname,
       CASE WHEN c.member_type = 'group' THEN coalesce(c.known_group, n.group_id, c.rdn_value) END AS member_group_id,
       c.member_type = 'group' AND c.known_group IS NULL AND n.group_id IS NULL AS unresolved_group
FROM (
    SELECT p.value, p.known_group, p.rdn_value,
           CASE WHEN p.known_group IS NOT NULL THEN 'group'
                WHEN NOT p.is_dn THEN CASE WHEN p.value ~ '\s' OR lower(p.value) LIKE '%lsa-%' THEN 'group' ELSE 'user' END
                WHEN p.rdn_type = 'uid'
                  OR p.squeezed LIKE ANY (ARRAY['%,ou=people,%', '%,ou=people', '%,ou=accounts,%', '%,ou=accounts',
                                                '%,ou=privileged,%', '%,ou=privileged']) THEN 'user'
                WHEN p.squeezed LIKE ANY (ARRAY['%,ou=usergroups,%', '%,ou=usergroups', '%,ou=groups,%', '%,ou=groups',
                                                '%,ou=mcommadsync,%', '%,ou=mcommadsync']) THEN 'group'
                WHEN p.rdn_value ~ '(lsa-|arcts-|turbo)' THEN 'group'
           END AS member_type
    FROM (
        SELECT d.value, kg.group_id AS known_group, d.is_dn,
               replace(lower(d.value), ' ', '') AS squeezed,
               CASE WHEN d.is_dn THEN lower(btrim(split_part(d.value, '=', 1))) END AS rdn_type,
               -- (memberships_moved_keys repeats this parse for DNs; change both together)
               btrim(CASE WHEN NOT d.is_dn THEN d.value
                          WHEN strpos(d.value, '\') = 0 THEN split_part(substr(d.value, strpos(d.value, '=') + 1), ',', 1)
                          ELSE regexp_replace(substring(d.value FROM '^\s*[A-Za-z]+\s*=((?:[^,\\]|\\.)*)'), '\\(.)', '\1', 'g') END) AS rdn_value
        FROM (SELECT v.value, strpos(v.value, '=') > 0 AND strpos(split_part(v.value, '=', 1), ',') = 0 AS is_dn
              FROM (SELECT DISTINCT value FROM memberships_values) v) d
        LEFT JOIN memberships_group_dns kg ON kg.dn = lower(d.value)
        -- OFFSET 0: each value is parsed once, not once per reference to its parts.
        OFFSET 0
    ) p
    OFFSET 0
) c
LEFT JOIN memberships_group_names n ON c.member_type = 'group' AND c.known_group IS NULL AND n.name = lower(c.rdn_value);
ANALYZE memberships_typed;

-- The wanted rows of the merged groups: one per group, role and resolved member (a person both sources list is one
-- row). member_key is the uniqname or the member group's id, so every comparison below is one hashable equality.
CREATE TEMP TABLE memberships_wanted ON COMMIT DROP AS
SELECT v.group_id, v.role, t.member_type, coalesce(t.uniqname, t.member_group_id) AS member_key, v.source_system,
       bool_or(v.all_direct OR d.value IS NOT NULL) AS is_direct
FROM memberships_values v
JOIN memberships_typed t ON t.value = v.value
LEFT JOIN memberships_direct d ON d.group_id = v.group_id AND d.value = v.value
WHERE t.member_type IS NOT NULL
  AND length(coalesce(t.uniqname, t.member_group_id)) BETWEEN 1 AND CASE t.member_type WHEN 'user' THEN 50 ELSE 100 END
GROUP BY v.group_id, v.role, t.member_type, coalesce(t.uniqname, t.member_group_id), v.source_system;
ANALYZE memberships_wanted;

-- Rows of the merged groups that are no longer wanted (every row of a gone group).
CREATE TEMP TABLE memberships_deleted ON COMMIT DROP AS
WITH gone AS (
    DELETE FROM silver.group_members gm
    USING memberships_affected a
    WHERE gm.group_id = a.group_id
      AND NOT EXISTS (SELECT 1 FROM memberships_wanted w
                      WHERE w.role = 'member' AND w.group_id = gm.group_id AND w.member_type = gm.member_type
                        AND w.member_key = coalesce(gm.member_uniqname, gm.member_group_id) AND w.source_system = gm.source_system)
    RETURNING 'member'::text AS role
),
gone_owners AS (
    DELETE FROM silver.group_owners go
    USING memberships_affected a
    WHERE go.group_id = a.group_id
      AND NOT EXISTS (SELECT 1 FROM memberships_wanted w
                      WHERE w.role = 'owner' AND w.group_id = go.group_id AND w.member_type = go.owner_type
                        AND w.member_key = coalesce(go.owner_uniqname, go.owner_group_id) AND w.source_system = go.source_system)
    RETURNING 'owner'::text AS role
)
SELECT role FROM gone UNION ALL SELECT role FROM gone_owners;

CREATE TEMP TABLE memberships_updated ON COMMIT DROP AS
WITH changed AS (
    UPDATE silver.group_members gm
    SET is_direct_member = w.is_direct, updated_at = CURRENT_TIMESTAMP
    FROM memberships_wanted w
    WHERE w.role = 'member' AND w.group_id = gm.group_id AND w.member_type = gm.member_type
      AND w.member_key = coalesce(gm.member_uniqname, gm.member_group_id) AND w.source_system = gm.source_system
      AND gm.is_direct_member IS DISTINCT FROM w.is_direct
    RETURNING 1
)
SELECT * FROM changed;

CREATE TEMP TABLE memberships_inserted ON COMMIT DROP AS
WITH added AS (
    INSERT INTO silver.group_members (membership_id, group_id, member_type, member_uniqname, member_group_id, is_direct_member, source_system)
    SELECT md5(concat_ws('|', 'member', w.group_id, w.member_type, w.member_key, w.source_system))::uuid,
           w.group_id, w.member_type,
           CASE WHEN w.member_type = 'user' THEN w.member_key END, CASE WHEN w.member_type = 'group' THEN w.member_key END,
           w.is_direct, w.source_system
    FROM memberships_wanted w
    WHERE w.role = 'member'
      AND NOT EXISTS (SELECT 1 FROM silver.group_members gm
                      WHERE w.group_id = gm.group_id AND w.member_type = gm.member_type
                        AND w.member_key = coalesce(gm.member_uniqname, gm.member_group_id) AND w.source_system = gm.source_system)
    ORDER BY w.group_id, w.member_type, w.member_key
    RETURNING 'member'::text AS role
),
added_owners AS (
    INSERT INTO silver.group_owners (ownership_id, group_id, owner_type, owner_uniqname, owner_group_id, source_system)
    SELECT md5(concat_ws('|', 'owner', w.group_id, w.member_type, w.member_key, w.source_system))::uuid,
           w.group_id, w.member_type,
           CASE WHEN w.member_type = 'user' THEN w.member_key END, CASE WHEN w.member_type = 'group' THEN w.member_key END,
           w.source_system
    FROM memberships_wanted w
    WHERE w.role = 'owner'
      AND NOT EXISTS (SELECT 1 FROM silver.group_owners go
                      WHERE w.group_id = go.group_id AND w.member_type = go.owner_type
                        AND w.member_key = coalesce(go.owner_uniqname, go.owner_group_id) AND w.source_system = go.source_system)
    ORDER BY w.group_id, w.member_type, w.member_key
    RETURNING 'owner'::text AS role
)
SELECT role FROM added UNION ALL SELECT role FROM added_owners;

-- Why a value gave no row (skipped_as) or a group member was not found (noted_as); the few such values first, then
-- their occurrences.
CREATE TEMP TABLE memberships_outcomes ON COMMIT DROP AS
WITH odd AS (
    SELECT t.value, t.key,
           CASE WHEN t.member_type IS NULL THEN 'unclassified:'
                WHEN coalesce(length(coalesce(t.uniqname, t.member_group_id)), 0) = 0 THEN 'missing:'
                WHEN t.member_type = 'user' AND length(t.uniqname) > 50 THEN 'invalid:uniqname:'
                WHEN t.member_type = 'group' AND length(t.member_group_id) > 100 THEN 'invalid:group_id:'
           END AS skipped_as,
           CASE WHEN t.unresolved_group THEN 'unresolved_group:' END AS noted_as
    FROM memberships_typed t
    WHERE t.member_type IS NULL OR t.unresolved_group
       OR coalesce(length(coalesce(t.uniqname, t.member_group_id)), 0) NOT BETWEEN 1 AND CASE t.member_type WHEN 'user' THEN 50 ELSE 100 END
)
SELECT v.group_id, o.key, o.skipped_as || v.role AS skipped_as, o.noted_as || v.role AS noted_as
FROM odd o
JOIN memberships_values v ON v.value = o.value;

-- What the merged groups were merged from; a gone group's record goes. A group not merged whose DN or entity_hash
-- moved (a new description, the same lists) keeps its record with the new ones, so neither is looked at again.
CREATE TEMP TABLE memberships_recorded ON COMMIT DROP AS
WITH forgotten AS (
    DELETE FROM meta.group_membership_inputs s
    USING memberships_affected a
    WHERE s.group_id = a.group_id AND NOT a.present
    RETURNING 1
),
recorded AS (
    INSERT INTO meta.group_membership_inputs AS s (group_id, distinguished_name, entity_hash, inputs_hash, skipped_keys)
    SELECT c.group_id, c.distinguished_name, c.entity_hash, c.inputs_hash, coalesce(k.keys, '{}')
    FROM memberships_affected a
    JOIN memberships_current c ON c.group_id = a.group_id
    LEFT JOIN (SELECT o.group_id, array_agg(DISTINCT o.key ORDER BY o.key) AS keys
               FROM memberships_outcomes o
               WHERE o.skipped_as IS NOT NULL
               GROUP BY o.group_id) k ON k.group_id = c.group_id
    ORDER BY c.group_id
    ON CONFLICT (group_id) DO UPDATE
    SET distinguished_name = EXCLUDED.distinguished_name, entity_hash = EXCLUDED.entity_hash, inputs_hash = EXCLUDED.inputs_hash,
        skipped_keys = EXCLUDED.skipped_keys
    WHERE (s.distinguished_name, s.entity_hash, s.inputs_hash, s.skipped_keys)
          IS DISTINCT FROM (EXCLUDED.distinguished_name, EXCLUDED.entity_hash, EXCLUDED.inputs_hash, EXCLUDED.skipped_keys)
    RETURNING 1
)
SELECT 1 FROM forgotten UNION ALL SELECT 1 FROM recorded;

UPDATE meta.group_membership_inputs s
SET distinguished_name = c.distinguished_name, entity_hash = c.entity_hash
FROM memberships_current c
WHERE c.group_id = s.group_id
  AND (s.distinguished_name IS DISTINCT FROM c.distinguished_name OR s.entity_hash IS DISTINCT FROM c.entity_hash);

SELECT (SELECT count(*) FROM memberships_values)                             AS rows_read,
       (SELECT count(*) FROM memberships_inserted)                           AS inserted,
       (SELECT count(*) FROM memberships_updated)                            AS updated,
       (SELECT count(*) FROM memberships_deleted)                            AS deleted,
       (SELECT count(*) FROM memberships_outcomes WHERE skipped_as IS NOT NULL) AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT coalesce(skipped_as, noted_as) AS outcome FROM memberships_outcomes
                    UNION ALL
                    SELECT 'merged:groups' FROM memberships_affected) outcomes
              GROUP BY outcome) counted)                                     AS quality;
