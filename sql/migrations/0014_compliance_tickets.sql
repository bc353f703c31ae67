-- Compliance outreach (docs/compliance.md). compliance_tickets: one row per owner of a compliance sheet's tab, claimed
-- BEFORE the ticket is created and given the ticket id right after, so a run never creates a second ticket for an
-- owner: a claim without a ticket id (a crash between creating and recording) is resolved by searching TDX for the
-- ticket before anything is created again. compliance_runs: each run's counts. Harmless on a database that has them.

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
