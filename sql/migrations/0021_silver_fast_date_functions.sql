-- 0021: silver.try_timestamptz_fast and silver.try_date_fast, the plain forms KeyConfigure and the lab awards export write
-- typed inline, every other form through the PL/pgSQL function (issue 11). Same text as sql/production_schema.sql.
-- silver.try_timestamptz with its commonest form typed inline: a plain "YYYY-MM-DDThh:mm:ss" (KeyConfigure's
-- export) is checked and built with string and date functions, about 5 µs a value where the PL/pgSQL function takes
-- about 70 µs; every other text goes to silver.try_timestamptz, so each input gives what that function gives.
-- Inlined into the calling statement (no per-row call) when the argument is a column: the body names it several times,
-- and PostgreSQL inlines such a function only for a cheap argument.
CREATE OR REPLACE FUNCTION silver.try_timestamptz_fast(value text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN octet_length(value) = 19 AND value LIKE '____-__-__T__:__:__' AND translate(value, '0123456789', '') = '--T::'
            THEN CASE WHEN substr(value, 6, 2)::integer BETWEEN 1 AND 12 AND substr(value, 9, 2)::integer >= 1 AND left(value, 4)::integer >= 1
                           AND substr(value, 12, 2)::integer <= 23 AND substr(value, 15, 2)::integer <= 59 AND substr(value, 18, 2)::integer <= 59
                      THEN CASE WHEN substr(value, 9, 2)::integer <= extract(day FROM make_date(left(value, 4)::integer, substr(value, 6, 2)::integer, 1) + interval '1 month' - interval '1 day')
                                THEN make_timestamp(left(value, 4)::integer, substr(value, 6, 2)::integer, substr(value, 9, 2)::integer,
                                                    substr(value, 12, 2)::integer, substr(value, 15, 2)::integer, substr(value, 18, 2)::integer) AT TIME ZONE 'UTC' END END
            ELSE silver.try_timestamptz(value) END;

-- silver.try_date with its commonest form typed inline: "MM/DD/YYYY" (the lab awards export) is checked and built with
-- string and date functions; every other text goes to silver.try_date, so each input gives what that function gives.
-- Inlined, as silver.try_timestamptz_fast, when the argument is a column.
CREATE OR REPLACE FUNCTION silver.try_date_fast(value text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN octet_length(value) = 10 AND value LIKE '__/__/____' AND translate(value, '0123456789', '') = '//'
            THEN CASE WHEN left(value, 2)::integer BETWEEN 1 AND 12 AND substr(value, 4, 2)::integer >= 1 AND right(value, 4)::integer >= 1
                      THEN CASE WHEN substr(value, 4, 2)::integer <= extract(day FROM make_date(right(value, 4)::integer, left(value, 2)::integer, 1) + interval '1 month' - interval '1 day')
                                THEN make_date(right(value, 4)::integer, left(value, 2)::integer, substr(value, 4, 2)::integer) END END
            ELSE silver.try_date(value) END;
