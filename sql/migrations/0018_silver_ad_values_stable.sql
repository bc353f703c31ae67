-- 0018: silver.ad_values is STABLE, as the jsonb_build_array in its body is. PostgreSQL does not inline an IMMUTABLE
-- SQL function whose body calls a STABLE one, so every AD step ran it as an SQL function call, planned and started for
-- each value (six a row in silver.ad_users: about a quarter of its source statement's CPU; issue 11). Its result
-- still depends on its argument only; no index or generated column uses it. Same text as sql/production_schema.sql.
CREATE OR REPLACE FUNCTION silver.ad_values(value jsonb) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE jsonb_typeof(value)
    WHEN 'string' THEN CASE WHEN silver.clean_text(value #>> '{}') IS NOT NULL THEN jsonb_build_array(silver.clean_text(value #>> '{}')) END
    WHEN 'array' THEN CASE WHEN jsonb_array_length(value) > 0 THEN value END
END;
