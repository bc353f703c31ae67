-- The engine's own run records: one row per pipeline run and one per step of it.
-- Owned by the engine (LsatsHub.Engine.Records.RunRecordsSchema); idempotent, so it may run on every install.

CREATE SCHEMA IF NOT EXISTS meta;

CREATE TABLE IF NOT EXISTS meta.pipeline_runs (
    run_id       uuid PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    status       varchar(20) NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    selection    text NOT NULL,
    trigger      varchar(50) NOT NULL,
    host         varchar(255) NOT NULL,
    version      varchar(50) NOT NULL,
    step_names   text[] NOT NULL DEFAULT '{}',
    error        text  -- why the run as a whole failed, e.g. 'abandoned: process ended without finishing'
);

CREATE INDEX IF NOT EXISTS idx_pipeline_runs_started ON meta.pipeline_runs (started_at DESC);
CREATE INDEX IF NOT EXISTS idx_pipeline_runs_running ON meta.pipeline_runs (started_at DESC) WHERE status = 'running';

CREATE TABLE IF NOT EXISTS meta.step_runs (
    run_id        uuid NOT NULL REFERENCES meta.pipeline_runs (run_id) ON DELETE CASCADE,
    step_name     varchar(200) NOT NULL,
    status        varchar(20) NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled')),
    started_at    timestamptz,
    finished_at   timestamptz,
    attempts      integer NOT NULL DEFAULT 0,
    rows_read     bigint NOT NULL DEFAULT 0,
    rows_written  bigint NOT NULL DEFAULT 0,
    error         text,
    summary       text,
    PRIMARY KEY (run_id, step_name)
);

CREATE INDEX IF NOT EXISTS idx_step_runs_step ON meta.step_runs (step_name, started_at DESC);
