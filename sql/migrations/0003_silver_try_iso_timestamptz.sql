-- silver.try_iso_timestamptz: ISO-8601 source times (TDX dates, MCommunity umichExpiryTimestamp) parsed by the tier-1
-- transforms without a per-row function call or an error on a bad value. Same definition as production_schema.sql.
CREATE OR REPLACE FUNCTION silver.try_iso_timestamptz(value text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN btrim(value) ~ '^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?)?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)?$'
                 AND left(btrim(value), 4) <> '0000'
            THEN CASE WHEN substr(btrim(value), 9, 2)::integer
                           <= extract(day FROM date_trunc('month', (left(btrim(value), 7) || '-01')::date) + interval '1 month' - interval '1 day')
                      THEN btrim(value)::timestamptz END END;
