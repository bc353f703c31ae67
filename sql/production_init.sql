-- LSATS Hub: database initialisation (extensions, schemas, helper functions, meta tables and views).
-- Idempotent: safe to run on an empty database and again on an initialised one.

CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE SCHEMA IF NOT EXISTS bronze;
CREATE SCHEMA IF NOT EXISTS silver;
CREATE SCHEMA IF NOT EXISTS gold;
CREATE SCHEMA IF NOT EXISTS meta;

COMMENT ON SCHEMA bronze IS 'Raw records exactly as received from each source, append-only';
COMMENT ON SCHEMA silver IS 'Clean, typed, cross-source tables';
COMMENT ON SCHEMA gold IS 'Reserved for business-level aggregates; empty for now';
COMMENT ON SCHEMA meta IS 'Run records, ingestion tracking and daemon audit';

-- Helper functions --------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION public.update_updated_at_column() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at = CURRENT_TIMESTAMP;
    RETURN NEW;
END;
$$;

-- Identity hash of one source entity (the same value for every version of it); identical to the generated
-- column bronze.raw_entities.entity_hash. The original cast the text with ::bytea, which parses backslash escapes
-- (an AD DN such as 'CN=Smith\, Jo' fails, '\x41' is read as hex); decode(..., 'escape') with doubled backslashes
-- hashes the exact UTF-8 bytes and gives the original's value for every input the original accepted.
CREATE OR REPLACE FUNCTION public.generate_entity_hash(p_entity_type text, p_source_system text, p_external_id text)
    RETURNS varchar(64) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT encode(sha256(decode(replace(p_entity_type || '|' || p_source_system || '|' || p_external_id, '\', '\\'), 'escape')), 'hex')::varchar(64);
$$;

-- Schema migrations: which files of sql/migrations this database has (lsats-run db migrate) --------------

CREATE TABLE IF NOT EXISTS meta.schema_migrations (
    file_name   varchar(255) PRIMARY KEY,
    checksum    varchar(64)  NOT NULL,
    applied_at  timestamptz  NOT NULL,
    applied_how varchar(20)  NOT NULL CHECK (applied_how IN ('migrate', 'baseline'))
);

COMMENT ON TABLE meta.schema_migrations IS 'Files of sql/migrations applied to this database; a listed file is never run again';
COMMENT ON COLUMN meta.schema_migrations.checksum IS 'SHA-256 (hex) of the file as applied; a different file under the same name is an error';
COMMENT ON COLUMN meta.schema_migrations.applied_how IS 'migrate: run by lsats-run db migrate; baseline: a fresh db init, whose baseline files already contain it';

-- Bronze ingestion runs (one row per source/entity ingest) -----------------------------------------

CREATE TABLE IF NOT EXISTS meta.ingestion_runs (
    run_id            uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    source_system     varchar(50) NOT NULL,
    entity_type       varchar(50) NOT NULL,
    started_at        timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    completed_at      timestamptz,
    status            varchar(20) NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
    records_processed integer DEFAULT 0,
    records_created   integer DEFAULT 0,
    records_updated   integer DEFAULT 0,
    error_message     text,
    metadata          jsonb DEFAULT '{}'::jsonb
);

CREATE INDEX IF NOT EXISTS idx_ingestion_runs_recent ON meta.ingestion_runs (source_system, entity_type, started_at DESC);

CREATE OR REPLACE VIEW meta.current_ingestion_status AS
SELECT DISTINCT ON (source_system, entity_type)
       source_system,
       entity_type,
       started_at AS last_run,
       status,
       records_processed
FROM meta.ingestion_runs
ORDER BY source_system, entity_type, started_at DESC;

-- Pipeline engine run records (meta.pipeline_runs, meta.step_runs) are not created here: the engine owns
-- their DDL (src/LsatsHub.Engine/Records/run_records.sql) and `lsats-run db init` applies it after this file.

-- Ticket-queue daemon audit: one row per (ticket, action identity); the daemon's idempotency contract -------
-- (docs/operations.md, ticket-queue daemon). A completed row makes the daemon skip that action on that ticket; a failed row does not.

CREATE TABLE IF NOT EXISTS meta.daemon_action_log (
    log_id        uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    ticket_id     integer NOT NULL,
    action_type   varchar(100) NOT NULL,
    action_id     varchar(255) NOT NULL,
    action_hash   varchar(64),
    executed_at   timestamptz DEFAULT CURRENT_TIMESTAMP,
    status        varchar(20) NOT NULL DEFAULT 'completed',
    error_message text,
    metadata      jsonb DEFAULT '{}'::jsonb,
    attempts      integer NOT NULL DEFAULT 1,
    claimed_at    timestamptz,
    CONSTRAINT daemon_action_log_ticket_action_key UNIQUE (ticket_id, action_id),
    CONSTRAINT daemon_action_log_status_check CHECK (status IN ('claimed', 'completed', 'failed', 'skipped'))
);

COMMENT ON TABLE meta.daemon_action_log IS 'Ticket-queue daemon actions per ticket; completed/skipped rows block re-execution, failed rows are retried';
COMMENT ON COLUMN meta.daemon_action_log.action_id IS '<action_type>:<first 12 hex of action_hash>:<version>';
COMMENT ON COLUMN meta.daemon_action_log.attempts IS 'Times the action was claimed; a failed action is retried until this reaches LSATS_QUEUE_MAX_ATTEMPTS';
COMMENT ON COLUMN meta.daemon_action_log.claimed_at IS 'When the daemon claimed the action, before its first TDX write; status claimed = written or not, check TDX';

-- One row per ticket-queue poll (not written in dry runs): lsats-run health reports a daemon that stopped polling.
CREATE TABLE IF NOT EXISTS meta.daemon_polls (
    poll_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id       integer NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz NOT NULL,
    tickets_seen    integer NOT NULL,
    actions_run     integer NOT NULL,
    actions_skipped integer NOT NULL,
    actions_failed  integer NOT NULL
);

COMMENT ON TABLE meta.daemon_polls IS 'Ticket-queue daemon polls with their counts; the newest finished_at is the daemon''s heartbeat';
CREATE INDEX IF NOT EXISTS idx_daemon_polls_finished ON meta.daemon_polls (finished_at DESC);

CREATE TABLE IF NOT EXISTS meta.tdx_production_dry_runs (
    command      text PRIMARY KEY,
    base_url     text NOT NULL,
    completed_at timestamptz NOT NULL
);

COMMENT ON TABLE meta.tdx_production_dry_runs IS 'Newest completed --dry-run of each TDX-writing command against a production base URL (no secrets); a live production run needs one younger than 24 h';

-- Change stamps (migration 0017): so a tier-2 silver step whose inputs and outputs are all unchanged since its last
-- run skips its merge (SilverTransform, docs/silver-model.md "Skipping an unchanged step"). The triggers are installed
-- on the tracked tables at the end of production_schema.sql.
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

-- What silver.group_members / group_owners were last merged from, per group (migration 0019): the step re-merges only
-- the groups whose lists changed or whose member values a group added or removed elsewhere resolves differently
-- (BuildGroupMemberships.sql, docs/silver-model.md "Group memberships, incrementally").
CREATE TABLE IF NOT EXISTS meta.group_membership_inputs (
    group_id           varchar(100) PRIMARY KEY,
    distinguished_name text,
    entity_hash        varchar(64) NOT NULL,
    inputs_hash        text NOT NULL,
    skipped_keys       text[] NOT NULL DEFAULT '{}'
);

COMMENT ON TABLE meta.group_membership_inputs IS 'Per group of silver.groups, what silver.group_members and group_owners were last merged from (the group''s entity_hash, a hash of its lists, its DN, keys of values that gave no row); written by BuildGroupMemberships only';

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

-- Compliance outreach (docs/compliance.md): one ticket per sheet/tab/owner, claimed before creation; each run's counts.
CREATE TABLE IF NOT EXISTS meta.compliance_tickets (
    sheet_key     text NOT NULL,
    tab           text NOT NULL,
    owner_email   text NOT NULL,
    title         text NOT NULL,
    requestor_uid text NOT NULL,
    base_url      text NOT NULL,
    claimed_at    timestamptz NOT NULL,
    ticket_id     integer,
    recorded_at   timestamptz,
    how           text,
    rows_written  integer NOT NULL DEFAULT 0,
    completed_at  timestamptz,
    PRIMARY KEY (sheet_key, tab, owner_email, base_url),
    CONSTRAINT compliance_tickets_how CHECK (how IS NULL OR how IN ('created', 'found')),
    CONSTRAINT compliance_tickets_recorded CHECK ((ticket_id IS NULL) = (recorded_at IS NULL))
);

COMMENT ON TABLE meta.compliance_tickets IS 'One compliance ticket per (sheet, tab, owner e-mail, TDX base URL): claimed before the TDX create, ticket_id recorded after; a claim without ticket_id is looked up in TDX (title + requestor) before creating again';
COMMENT ON COLUMN meta.compliance_tickets.sheet_key IS 'google-sheets:<spreadsheet id> or file:<full path> of the export';
COMMENT ON COLUMN meta.compliance_tickets.owner_email IS 'The sheet''s Owner Email, trimmed and lower-cased';
COMMENT ON COLUMN meta.compliance_tickets.how IS 'created: this run created the ticket; found: a later run found it in TDX after a crash';
COMMENT ON COLUMN meta.compliance_tickets.completed_at IS 'When the owner''s assets were attached and Ticket cells written';

CREATE TABLE IF NOT EXISTS meta.compliance_runs (
    run_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    command     text NOT NULL,
    sheet_key   text NOT NULL,
    tab         text NOT NULL,
    environment text NOT NULL,
    base_url    text NOT NULL,
    dry_run     boolean NOT NULL,
    notify      boolean NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    counts      jsonb NOT NULL
);

COMMENT ON TABLE meta.compliance_runs IS 'Each compliance command run (dry runs too) with its final counts; no secrets';
CREATE INDEX IF NOT EXISTS idx_compliance_runs_finished ON meta.compliance_runs (finished_at DESC);

-- Second and third compliance outreach: what was sent, when, to whom (docs/compliance.md).
CREATE TABLE IF NOT EXISTS meta.compliance_outreach (
    outreach_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id    integer NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('second', 'third')),
    base_url     text NOT NULL,
    status       text NOT NULL CHECK (status IN ('claimed', 'sent')),
    claimed_at   timestamptz NOT NULL,
    sent_at      timestamptz,
    notify       text[] NOT NULL DEFAULT '{}',
    contacts     text[] NOT NULL DEFAULT '{}',
    comment_hash text NOT NULL,
    feed_id      integer,
    CONSTRAINT compliance_outreach_sent_has_time CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);

COMMENT ON TABLE meta.compliance_outreach IS 'Second/third compliance outreach comments: claimed before posting, sent after; no re-send within the minimum interval (no secrets)';
COMMENT ON COLUMN meta.compliance_outreach.notify IS 'Email addresses TDX was asked to notify; empty in the sandbox';
COMMENT ON COLUMN meta.compliance_outreach.contacts IS 'UIDs added as ticket contacts (third outreach: chief administrators and financial owners)';
COMMENT ON COLUMN meta.compliance_outreach.comment_hash IS 'SHA-256 of the comment text with tags and whitespace removed; a claimed row is resolved by finding it in the ticket feed';

-- At most one open claim per ticket, kind and tenant: a second concurrent run cannot claim the same comment.
CREATE UNIQUE INDEX IF NOT EXISTS idx_compliance_outreach_open_claim ON meta.compliance_outreach (ticket_id, kind, base_url) WHERE status = 'claimed';
CREATE INDEX IF NOT EXISTS idx_compliance_outreach_sent ON meta.compliance_outreach (ticket_id, kind, base_url, sent_at DESC);

-- The unique constraint already serves lookups by ticket_id (its leading column).
CREATE INDEX IF NOT EXISTS idx_daemon_action_log_type ON meta.daemon_action_log (action_type);
CREATE INDEX IF NOT EXISTS idx_daemon_action_log_executed ON meta.daemon_action_log (executed_at DESC);
CREATE INDEX IF NOT EXISTS idx_daemon_action_log_status ON meta.daemon_action_log (status);
CREATE INDEX IF NOT EXISTS idx_daemon_action_log_ticket_status ON meta.daemon_action_log (ticket_id, status);
CREATE INDEX IF NOT EXISTS idx_daemon_action_log_metadata ON meta.daemon_action_log USING gin (metadata);

CREATE OR REPLACE VIEW meta.daemon_activity_summary AS
SELECT action_type,
       status,
       count(*)         AS action_count,
       max(executed_at) AS last_executed_at,
       min(executed_at) AS first_executed_at
FROM meta.daemon_action_log
GROUP BY action_type, status;

CREATE OR REPLACE VIEW meta.daemon_recent_activity AS
SELECT log_id,
       ticket_id,
       action_type,
       action_id,
       status,
       executed_at,
       error_message
FROM meta.daemon_action_log
WHERE executed_at >= CURRENT_TIMESTAMP - interval '24 hours';
