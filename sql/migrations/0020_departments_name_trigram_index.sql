-- 0020: a trigram index on silver.departments.department_name for the tier-3 lab steps' fuzzy department match.
-- silver.ad_labs (each lab OU's ancestor names) and silver.tdx_labs (each PI's TDX account name) look up the
-- departments whose name is similar to a name with pg_trgm's `%` operator; without the index every name was compared
-- with every department (quadratic in the world's size: 59 s and 16.5 s of a no-change run at scale 1.0). The plans
-- are in docs/indexes.md. Same text as sql/production_schema.sql; harmless on a database that already has it.
CREATE INDEX IF NOT EXISTS idx_departments_name_trgm ON silver.departments USING gin (department_name public.gin_trgm_ops);
