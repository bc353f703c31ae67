-- 0022: the commonest shapes of AD times and integers checked first inside silver.ad_time, silver.ad_int and
-- silver.ad_bigint, and TDX integers and GUIDs typed by the new silver.tdx_int and silver.tdx_guid, instead of inline
-- in the steps (round 3 of issue 11 had written them into silver.ad_users 18 times and the TDX steps 35 times). Plain expressions, so PostgreSQL still
-- inlines each function for a column argument. Same text as sql/production_schema.sql.
CREATE OR REPLACE FUNCTION silver.ad_time(value text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN value LIKE '____-__-__T__:__:__+__:__' AND value !~ '[^-0-9:T+]' AND value NOT LIKE '%-%-%-%' AND value NOT LIKE '%:%:%:%:%'
         AND value NOT LIKE '%T%T%' AND value NOT LIKE '%+%+%' AND substr(value, 6, 2) BETWEEN '01' AND '12' AND substr(value, 9, 2) BETWEEN '01' AND '28'
         AND substr(value, 12, 2) <= '23' AND substr(value, 15, 2) <= '59' AND substr(value, 18, 2) <= '59' AND substr(value, 21, 2) <= '15' AND substr(value, 24, 2) <= '59'
        THEN value::timestamptz
    WHEN translate(value, '123456789', '000000000') IN ('0000-00-00T00:00:00+00:00', '0000-00-00T00:00:00.000000+00:00')
         AND substr(value, 6, 2) BETWEEN '01' AND '12' AND substr(value, 9, 2) BETWEEN '01' AND '31'
         AND substr(value, 12, 2) <= '23' AND substr(value, 15, 2) <= '59' AND substr(value, 18, 2) <= '59'
         AND substr(value, length(value) - 4, 2) <= '15' AND right(value, 2) <= '59'
         AND (substr(value, 9, 2) <= '28' OR substr(value, 9, 2)::integer <= extract(day FROM make_date(left(value, 4)::integer, substr(value, 6, 2)::integer, 1)
                                                                   + interval '1 month' - interval '1 day'))
        THEN value::timestamptz
    WHEN btrim(value) ~ '^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-](0\d|1[0-5])(:?[0-5]\d)?)$'
         AND (substr(btrim(value), 9, 2) <= '28' OR substr(btrim(value), 9, 2)::integer <= extract(day FROM make_date(left(btrim(value), 4)::integer, substr(btrim(value), 6, 2)::integer, 1)
                                                                   + interval '1 month' - interval '1 day'))
        THEN btrim(value)::timestamptz
    WHEN btrim(value) ~ '^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d(\.\d{1,6})?Z$'
         AND (substr(btrim(value), 7, 2) <= '28' OR substr(btrim(value), 7, 2)::integer <= extract(day FROM make_date(left(btrim(value), 4)::integer, substr(btrim(value), 5, 2)::integer, 1)
                                                                   + interval '1 month' - interval '1 day'))
        THEN (substr(btrim(value), 1, 4) || '-' || substr(btrim(value), 5, 2) || '-' || substr(btrim(value), 7, 2) || 'T'
              || substr(btrim(value), 9, 2) || ':' || substr(btrim(value), 11, 2) || ':' || substr(btrim(value), 13)::text)::timestamptz
    WHEN btrim(value) ~ '^\d{1,18}$'
        THEN timestamptz '1601-01-01 00:00:00+00' + (btrim(value)::bigint / 10) * interval '1 microsecond'
END;

CREATE OR REPLACE FUNCTION silver.ad_bigint(value text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN octet_length(value) BETWEEN 1 AND 18 AND value !~ '[^0-9]' THEN value::bigint
            WHEN btrim(value) ~ '^[+-]?\d{1,18}$' THEN btrim(value)::bigint
            WHEN btrim(value) ~ '^[+-]?\d{19}$' AND btrim(value)::numeric BETWEEN -9223372036854775808 AND 9223372036854775807
                THEN btrim(value)::bigint END;

CREATE OR REPLACE FUNCTION silver.ad_int(value text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN octet_length(value) BETWEEN 1 AND 9 AND value !~ '[^0-9]' THEN value::integer
            WHEN btrim(value) ~ '^[+-]?\d{1,18}$' AND btrim(value)::bigint BETWEEN -2147483648 AND 2147483647
                THEN btrim(value)::integer END;

CREATE OR REPLACE FUNCTION silver.tdx_int(value text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN octet_length(value) BETWEEN 1 AND 9 AND value !~ '[^0-9]' THEN value::integer
            WHEN value ~ '^-?\d{1,9}(\.0+)?$' THEN split_part(value, '.', 1)::integer END;

CREATE OR REPLACE FUNCTION silver.tdx_guid(value text) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN value LIKE '________-____-____-____-____________' AND value !~ '[^-0-9a-fA-F]' AND octet_length(replace(value, '-', '')) = 32
            THEN value::uuid END;
