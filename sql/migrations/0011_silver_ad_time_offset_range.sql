-- 0011: silver.ad_time returns NULL for a UTC offset beyond ±15:59 (e.g. +99:99) instead of raising "time zone
-- displacement out of range", which failed the whole AD step for one bad value. Same text as sql/production_schema.sql.

-- An AD time: ISO-8601 with an offset (what the ingest writes), GeneralizedTime (YYYYMMDDHHMMSS[.f]Z, the wire form)
-- or a FILETIME integer (100 ns ticks since 1601, the wire form of Large-Integer times). NULL when blank or none of
-- these, or not a real moment (2025-02-30): checked before casting, so a bad value never raises. Plain expressions
-- only, so PostgreSQL inlines it. The first branch is a fast path for the exact shape the ingest writes (ASCII digits,
-- 'T', '+hh:mm', no blanks); anything else, including that shape with an out-of-range field, falls to the regex
-- branches, which decide as before. An offset beyond ±15:59 is out of PostgreSQL's range and is refused, not cast.
CREATE OR REPLACE FUNCTION silver.ad_time(value text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
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
