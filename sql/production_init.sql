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

CREATE OR REPLACE FUNCTION public.generate_entity_hash(p_entity_type text, p_source_system text, p_external_id text)
    RETURNS varchar(64) LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN encode(sha256((p_entity_type || '|' || p_source_system || '|' || p_external_id)::bytea), 'hex');
END;
$$;

-- Bronze ingestion runs (one row per source/entity ingest) -----------------------------------------

CREATE TABLE IF NOT EXISTS meta.ingestion_runs (
    run_id            uuid PRIMARY KEY DEFAULT public.uuid_generate_v4(),
    source_system     varchar(50) NOT NULL,
    entity_type       varchar(50) NOT NULL,
    started_at        timestamptz DEFAULT CURRENT_TIMESTAMP,
    completed_at      timestamptz,
    status            varchar(20) DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
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

-- Pipeline engine run records (one row per lsats-run invocation and per step) ---------------------

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
