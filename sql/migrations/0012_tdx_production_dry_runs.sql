-- Sandbox-first policy for every command that writes to TDX (docs/tdx-sync.md): a production base URL is written to
-- only with --production and after the same command completed a --dry-run against production in the last 24 hours.
-- This table remembers those dry runs. Harmless on a database that already has it.

CREATE TABLE IF NOT EXISTS meta.tdx_production_dry_runs (
    command      text PRIMARY KEY,
    base_url     text NOT NULL,
    completed_at timestamptz NOT NULL
);

COMMENT ON TABLE meta.tdx_production_dry_runs IS 'Newest completed --dry-run of each TDX-writing command against a production base URL (no secrets); a live production run needs one younger than 24 h';
