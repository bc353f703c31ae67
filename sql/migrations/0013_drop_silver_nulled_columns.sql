-- 0013: silver.nulled_columns(jsonb, jsonb) is dropped. It named the values typing nulled from two per-row jsonb
-- objects; silver.nulled_by_typing (0010) replaced it in every step, and no step, view or function calls it any more.
-- Also gone from sql/production_schema.sql. Harmless on a database that does not have it.

DROP FUNCTION IF EXISTS silver.nulled_columns(jsonb, jsonb);
