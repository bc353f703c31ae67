-- What silver.group_members / group_owners were last merged from, per group, so the step re-merges only the groups
-- whose inputs changed (BuildGroupMemberships.sql, docs/silver-model.md "Group memberships, incrementally"): the
-- group's entity_hash (only a group whose entity_hash moved has its lists read and hashed), a hash of its member and
-- owner lists (members, owners, direct_members, nested_members, source_system), its DN (the groups' DNs and ids are
-- what member values resolve against), and the keys of its values that gave no row (skipped), so a group added or
-- removed elsewhere finds the groups whose values it may resolve differently. Written only by that step, in its own
-- transaction. Harmless on a database that already has it.

CREATE TABLE IF NOT EXISTS meta.group_membership_inputs (
    group_id           varchar(100) PRIMARY KEY,
    distinguished_name text,
    entity_hash        varchar(64) NOT NULL,
    inputs_hash        text NOT NULL,
    skipped_keys       text[] NOT NULL DEFAULT '{}'
);

COMMENT ON TABLE meta.group_membership_inputs IS 'Per group of silver.groups, what silver.group_members and group_owners were last merged from (the group''s entity_hash, a hash of its lists, its DN, keys of values that gave no row); written by BuildGroupMemberships only';
