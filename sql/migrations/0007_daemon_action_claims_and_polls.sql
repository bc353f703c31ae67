-- The ticket-queue daemon claims an action before its TDX write and completes it afterwards (status 'claimed'), counts
-- attempts so a failing action is retried only up to a limit, and records each poll so health can see a daemon that
-- stopped polling (docs/ticket-queue.md). Harmless on a database that already has all of it.

ALTER TABLE meta.daemon_action_log ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 1;
ALTER TABLE meta.daemon_action_log ADD COLUMN IF NOT EXISTS claimed_at timestamptz;

-- The original inline CHECK carries the name PostgreSQL gave it; replace it with one that admits 'claimed'.
ALTER TABLE meta.daemon_action_log DROP CONSTRAINT IF EXISTS daemon_action_log_status_check;
ALTER TABLE meta.daemon_action_log ADD CONSTRAINT daemon_action_log_status_check CHECK (status IN ('claimed', 'completed', 'failed', 'skipped'));

COMMENT ON COLUMN meta.daemon_action_log.attempts IS 'Times the action was claimed; a failed action is retried until this reaches LSATS_QUEUE_MAX_ATTEMPTS';
COMMENT ON COLUMN meta.daemon_action_log.claimed_at IS 'When the daemon claimed the action, before its first TDX write; status claimed = written or not, check TDX';

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
