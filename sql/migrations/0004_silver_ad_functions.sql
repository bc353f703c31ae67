-- 0004: the silver AD tables' value functions (silver.ad_*: AD times, integers, Booleans, string-or-array attributes,
-- DN -> OU names) and ad_users' table comment, for a warehouse built before them. Same text as sql/production_schema.sql;
-- every statement is CREATE OR REPLACE or COMMENT, so this file changes nothing on a warehouse that has them.

-- Active Directory values as bronze holds them (LdapConversion.ActiveDirectory: every value a string, a multi-valued
-- attribute a JSON array of strings sorted by the ingest, an empty attribute ""; FILETIME and GeneralizedTime
-- attributes already ISO-8601 UTC). The AD transforms share these so one rule holds for every AD table.

-- An AD time as text, or NULL for AD's "never" sentinels: FILETIME 0 (1601-01-01, e.g. never logged on) and
-- FILETIME max (9999-12-31, e.g. account never expires), in ISO or raw integer form. Not a parse: silver.ad_time is.
CREATE OR REPLACE FUNCTION silver.ad_time_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN left(silver.clean_text(value), 10) IN ('1601-01-01', '9999-12-31')
                 OR silver.clean_text(value) IN ('0', '9223372036854775807') THEN NULL
            ELSE silver.clean_text(value) END;

-- An AD time: ISO-8601 with an offset (what the ingest writes), GeneralizedTime (YYYYMMDDHHMMSS[.f]Z, the wire form)
-- or a FILETIME integer (100 ns ticks since 1601, the wire form of Large-Integer times). NULL when blank or none of
-- these, or not a real moment (2025-02-30): checked before casting, so a bad value never raises. Plain expressions
-- only, so PostgreSQL inlines it.
CREATE OR REPLACE FUNCTION silver.ad_time(value text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE
    WHEN btrim(value) ~ '^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$'
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

-- An AD integer (userAccountControl, uSNChanged, groupType ...): NULL when not an integer in bigint range.
CREATE OR REPLACE FUNCTION silver.ad_bigint(value text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN btrim(value) ~ '^[+-]?\d{1,18}$' THEN btrim(value)::bigint
            WHEN btrim(value) ~ '^[+-]?\d{19}$' AND btrim(value)::numeric BETWEEN -9223372036854775808 AND 9223372036854775807
                THEN btrim(value)::bigint END;

-- An AD integer for an integer column: NULL when not an integer or outside integer range.
CREATE OR REPLACE FUNCTION silver.ad_int(value text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN silver.ad_bigint(value) BETWEEN -2147483648 AND 2147483647 THEN silver.ad_bigint(value)::integer END;

-- An LDAP Boolean: TRUE/FALSE as the protocol sends them (any case). NULL when blank or anything else.
CREATE OR REPLACE FUNCTION silver.ad_bool(value text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE upper(btrim(value)) WHEN 'TRUE' THEN true WHEN 'FALSE' THEN false END;

-- An attribute's values as a JSON array of strings, whether bronze holds one value (a string) or several (an array,
-- kept in bronze's order: the ingest sorts multi-valued attributes, so the order does not depend on the server);
-- NULL when the attribute is absent or blank. No sub-select, so PostgreSQL inlines it (a call per value would cost
-- more than the rest of a transform).
CREATE OR REPLACE FUNCTION silver.ad_values(value jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE jsonb_typeof(value)
    WHEN 'string' THEN CASE WHEN silver.clean_text(value #>> '{}') IS NOT NULL THEN jsonb_build_array(silver.clean_text(value #>> '{}')) END
    WHEN 'array' THEN CASE WHEN jsonb_array_length(value) > 0 THEN value END
END;

-- Several values as one text: joined by '; ' in bronze's order (blank ones left out).
CREATE OR REPLACE FUNCTION silver.ad_joined(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (SELECT string_agg(v, '; ' ORDER BY n)
        FROM (SELECT silver.clean_text(e) AS v, n FROM jsonb_array_elements_text(value) WITH ORDINALITY AS a (e, n)) vs
        WHERE v IS NOT NULL);

-- An attribute for a single text column: its one value, or its values joined by '; ' when it has several.
-- Inlined for the usual single value; only a list pays for silver.ad_joined.
CREATE OR REPLACE FUNCTION silver.ad_text(value jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE jsonb_typeof(value)
    WHEN 'string' THEN silver.clean_text(value #>> '{}')
    WHEN 'array' THEN silver.ad_joined(value)
END;

-- The RDNs of a DN as written, leaf first ("CN=Smith\, Jo,OU=People,DC=x" -> {"CN=Smith\, Jo","OU=People","DC=x"}):
-- a comma escaped with a backslash does not split (the original's split on ',OU=' did not handle that).
CREATE OR REPLACE FUNCTION silver.ad_dn_rdns(dn text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(SELECT btrim(m[1]) FROM regexp_matches(dn, '((?:[^,\\]|\\.)+)', 'g') WITH ORDINALITY AS r (m, n) ORDER BY n);

-- The value of one RDN with the DN escapes of special characters removed ("CN=Smith\, Jo" -> "Smith, Jo"); hex
-- escapes (\2C) are kept as written.
CREATE OR REPLACE FUNCTION silver.ad_rdn_value(rdn text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN btrim(regexp_replace(substr(rdn, strpos(rdn, '=') + 1), '\\([,+"\\<>;=# ])', '\1', 'g'));

-- The first RDN of a DN as written ("CN=Smith\, Jo"). Plain expressions (inlined); only a DN with escapes pays for
-- silver.ad_dn_rdns.
CREATE OR REPLACE FUNCTION silver.ad_dn_leaf(dn text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN strpos(dn, '\') = 0 THEN btrim(split_part(dn, ',', 1)) ELSE (silver.ad_dn_rdns(dn))[1] END;

-- The DN of the container: everything after the first unescaped comma.
CREATE OR REPLACE FUNCTION silver.ad_dn_parent(dn text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN substring(dn FROM '^(?:[^,\\]|\\.)+,(.*)$');

-- silver.ad_dn_ous for a DN with escapes: RDN by RDN.
CREATE OR REPLACE FUNCTION silver.ad_dn_ous_escaped(dn text, include_leaf boolean) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(SELECT silver.ad_rdn_value(r) FROM unnest(silver.ad_dn_rdns(dn)) WITH ORDINALITY AS u (r, n)
             WHERE (include_leaf OR n > 1) AND upper(btrim(split_part(r, '=', 1))) <> 'DC'
             ORDER BY n);

-- The OU names of a DN, leaf to root, without the DC= components (docs/silver-model.md "AD tables"): for a CN object
-- (user, group, computer) the containers only; for an OU object (include_leaf) the OU itself first. A DN without
-- escapes (nearly all) is split by string functions alone, which PostgreSQL inlines; one with escapes goes RDN by RDN.
CREATE OR REPLACE FUNCTION silver.ad_dn_ous(dn text, include_leaf boolean) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN dn IS NULL THEN NULL
    WHEN strpos(dn, '\') > 0 THEN silver.ad_dn_ous_escaped(dn, include_leaf)
    ELSE coalesce(regexp_split_to_array(
             nullif(regexp_replace(
                 regexp_replace(CASE WHEN include_leaf THEN dn ELSE substring(dn FROM ',(.*)$') END, '(^|,)\s*DC=.*$', '', 'i'),
                 '(^|,)\s*[^=,]+=\s*', '\1', 'g'), ''),
             '\s*,\s*'), '{}')
END;

COMMENT ON TABLE silver.ad_users IS 'Tier 1: Active Directory user accounts (computers excluded), latest bronze version per objectGUID; uniqname = lower-cased RDN value of the DN';
