-- Change stamps for the tables the tier-2 silver steps read and write, so a step whose inputs and outputs are all
-- unchanged since its last run can skip its merge (SilverTransform, docs/silver-model.md "Skipping an unchanged
-- step"). meta.table_changes holds one number per tracked table, taken from one sequence and bumped by
-- statement-level triggers whenever a statement inserted, updated or deleted at least one row, or truncated the table;
-- meta.step_input_stamps holds, per step, the stamps it read at its last successful run. Harmless on a database that
-- already has it.

CREATE SEQUENCE IF NOT EXISTS meta.table_change_seq;

CREATE TABLE IF NOT EXISTS meta.table_changes (
    table_name text PRIMARY KEY,
    change_seq bigint NOT NULL,
    changed_at timestamptz NOT NULL
);

COMMENT ON TABLE meta.table_changes IS 'Per tracked table, a number from meta.table_change_seq taken by the last statement that changed at least one row (or truncated it); a step compares them to skip work when nothing it reads changed';

CREATE TABLE IF NOT EXISTS meta.step_input_stamps (
    step_name   text PRIMARY KEY,
    stamps      jsonb NOT NULL,
    recorded_at timestamptz NOT NULL
);

COMMENT ON TABLE meta.step_input_stamps IS 'Per silver step, the change stamps of its inputs and outputs (and a hash of its SQL) at its last successful run';

-- A statement-level trigger: once per statement, not per row. The transition table tells whether the statement
-- changed a row at all (a merge that finds nothing to update still runs its UPDATE, which must not count as a change).
CREATE OR REPLACE FUNCTION meta.note_table_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    -- Nested, not one condition: a TRUNCATE trigger has no transition table, and an expression naming it would fail
    -- to parse there.
    IF TG_OP <> 'TRUNCATE' THEN
        IF NOT EXISTS (SELECT 1 FROM changed_rows) THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO meta.table_changes AS c (table_name, change_seq, changed_at)
    VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, nextval('meta.table_change_seq'), clock_timestamp())
    ON CONFLICT (table_name) DO UPDATE SET change_seq = excluded.change_seq, changed_at = excluded.changed_at;
    RETURN NULL;
END;
$$;

-- Installs the four triggers on one table and gives it a first stamp (a table without a row in meta.table_changes is
-- untracked, and a step reading it never skips).
CREATE OR REPLACE FUNCTION meta.track_table_changes(target regclass) RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    name text := (SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = target);
BEGIN
    EXECUTE format('CREATE OR REPLACE TRIGGER note_change_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION meta.note_table_change()', target);
    EXECUTE format('CREATE OR REPLACE TRIGGER note_change_update AFTER UPDATE ON %s REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION meta.note_table_change()', target);
    EXECUTE format('CREATE OR REPLACE TRIGGER note_change_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION meta.note_table_change()', target);
    EXECUTE format('CREATE OR REPLACE TRIGGER note_change_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION meta.note_table_change()', target);
    INSERT INTO meta.table_changes (table_name, change_seq, changed_at)
    VALUES (name, nextval('meta.table_change_seq'), clock_timestamp())
    ON CONFLICT (table_name) DO NOTHING;
END;
$$;

-- The tier-2 steps' inputs and outputs (silver tier 1 and tier 2).
SELECT meta.track_table_changes(t::regclass)
FROM unnest(ARRAY[
    'silver.tdx_users', 'silver.ad_users', 'silver.umapi_employees', 'silver.mcommunity_users', 'silver.lab_awards',
    'silver.ad_organizational_units', 'silver.tdx_departments', 'silver.umapi_departments', 'silver.ad_groups',
    'silver.mcommunity_groups', 'silver.tdx_assets', 'silver.keyconfigure_computers', 'silver.ad_computers',
    'silver.departments', 'silver.groups', 'silver.group_members', 'silver.group_owners', 'silver.users',
    'silver.computers', 'silver.computer_groups', 'silver.computer_attributes']) t;
