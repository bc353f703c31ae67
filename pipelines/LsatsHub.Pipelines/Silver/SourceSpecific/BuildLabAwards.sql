-- silver.lab_awards from bronze lab_awards/lab_award (the lab-awards CSV; every value arrives as text as written).
-- Key (award_id, person_uniqname, person_role). A bronze entity is (award, uniqname, appointment department), so two
-- entities may claim one key (a person on an award in one role from two departments): the smallest external id wins.
-- No active flag: the row of an entity gone from the export (tombstone) is removed, and so is the row of an entity
-- whose newest version is unusable (skipped and counted on every run until the source is fixed).

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

-- The source columns as cleaned text, once for every statement below.
CREATE OR REPLACE TEMP VIEW lab_awards_source AS
SELECT l.raw_id,
       l.external_id,
       l.is_deleted,
       silver.clean_text(l.raw_data ->> 'Award Id')                                     AS award_id,
       lower(silver.clean_text(l.raw_data ->> 'Person Uniqname'))                       AS person_uniqname,
       silver.clean_text(l.raw_data ->> 'Person Role')                                  AS person_role,
       silver.clean_text(l.raw_data ->> 'Project/Grant')                                AS project_grant_id,
       silver.clean_text(l.raw_data ->> 'Award Title')                                  AS award_title,
       silver.clean_text(l.raw_data ->> 'Award Class')                                  AS award_class,
       silver.clean_text(l.raw_data ->> 'Award Total Dollars')                          AS award_total_dollars,
       silver.clean_text(l.raw_data ->> 'Award Direct Dollars')                         AS award_direct_dollars,
       silver.clean_text(l.raw_data ->> 'Award Indirect Dollars')                       AS award_indirect_dollars,
       silver.clean_text(l.raw_data ->> 'Facilities & Admin Rate (%)')                  AS facilities_admin_rate,
       silver.clean_text(l.raw_data ->> 'Award Project Start Date')                     AS award_start_date,
       silver.clean_text(l.raw_data ->> 'Award Project End Date')                       AS award_end_date,
       silver.clean_text(l.raw_data ->> 'Pre NCE Project End Date')                     AS pre_nce_end_date,
       silver.clean_text(l.raw_data ->> 'Award Publish Date')                           AS award_publish_date,
       silver.clean_text(l.raw_data ->> 'Direct Sponsor Name')                          AS direct_sponsor_name,
       silver.clean_text(l.raw_data ->> 'Direct Sponsor Category')                      AS direct_sponsor_category,
       silver.clean_text(l.raw_data ->> 'Direct Sponsor Subcategory')                   AS direct_sponsor_subcategory,
       silver.clean_text(l.raw_data ->> E'Direct Sponsor Award Reference Number\n(Current Budget Period)') AS direct_sponsor_reference,
       silver.clean_text(l.raw_data ->> 'Prime Sponsor Name')                           AS prime_sponsor_name,
       silver.clean_text(l.raw_data ->> 'Prime Sponsor Category')                       AS prime_sponsor_category,
       silver.clean_text(l.raw_data ->> 'Prime Sponsor Subcategory')                    AS prime_sponsor_subcategory,
       silver.clean_text(l.raw_data ->> 'Prime Sponsor Award Reference Number')         AS prime_sponsor_reference,
       silver.clean_text(l.raw_data ->> 'Award Admin Department')                       AS award_admin_department,
       silver.clean_text(l.raw_data ->> 'Award Admin School/College')                   AS award_admin_school_college,
       silver.clean_text(l.raw_data ->> 'Person First Name')                            AS person_first_name,
       silver.clean_text(l.raw_data ->> 'Person Last Name')                             AS person_last_name,
       silver.clean_text(l.raw_data ->> 'Person Appt Department')                       AS person_appt_department,
       -- Spreadsheet round trips turn 175000 into 175000.0.
       regexp_replace(silver.clean_text(l.raw_data ->> 'Person Appt Department Id'), '^(\d+)\.0+$', '\1') AS person_appt_department_id,
       silver.clean_text(l.raw_data ->> 'Person Appt School/College')                   AS person_appt_school_college
FROM bronze.latest_raw_entities l
WHERE l.source_system = 'lab_awards' AND l.entity_type = 'lab_award';

-- The bronze entity each silver row was built from.
CREATE TEMP TABLE lab_awards_taken ON COMMIT DROP AS
SELECT s.award_id, s.person_uniqname, s.person_role, s.raw_id, b.external_id
FROM silver.lab_awards s
JOIN bronze.raw_entities b ON b.raw_id = s.raw_id;

-- Entities to process: newest versions not taken yet, and tombstones of entities that still have a row
-- (on a full refresh: every entity).
CREATE TEMP TABLE lab_awards_changed ON COMMIT DROP AS
SELECT src.*
FROM lab_awards_source src
LEFT JOIN lab_awards_taken t ON t.external_id = src.external_id
WHERE (SELECT full_refresh FROM silver_step)
   OR (NOT src.is_deleted AND t.raw_id IS DISTINCT FROM src.raw_id)
   OR (src.is_deleted AND t.raw_id IS NOT NULL);

-- Keys to recompute: those the changed entities claim now and those their rows held.
CREATE TEMP TABLE lab_awards_keys ON COMMIT DROP AS
SELECT award_id, person_uniqname, person_role FROM lab_awards_changed WHERE NOT is_deleted
UNION
SELECT t.award_id, t.person_uniqname, t.person_role
FROM lab_awards_taken t JOIN lab_awards_changed c ON c.external_id = t.external_id;

-- Every current entity claiming such a key competes for it, changed or not.
CREATE TEMP TABLE lab_awards_input ON COMMIT DROP AS
SELECT src.*
FROM lab_awards_source src
JOIN lab_awards_keys k USING (award_id, person_uniqname, person_role)
WHERE NOT src.is_deleted
UNION
SELECT * FROM lab_awards_changed WHERE NOT is_deleted;

-- Typed values: too long, unparsable or out of range becomes NULL (silver.nulled_by_typing names them, below).
-- A date as the export writes it (MM/DD/YYYY) is typed inline by silver.try_date_fast (migration 0021): the same checks
-- as silver.try_date (a real day, year 0001 or later) and the same date, without a PL/pgSQL call and two regex matches
-- per value (about 12 µs a value against 2.4 µs inline, 40,000 values, identical results; issue 11). Every other form
-- still goes to silver.try_date.
CREATE TEMP TABLE lab_awards_typed ON COMMIT DROP AS
SELECT i.raw_id, i.external_id, t.*,
       '{}'::text[] AS nulled
FROM lab_awards_input i
CROSS JOIN LATERAL (
    SELECT CASE WHEN length(i.award_id) <= 15 THEN i.award_id END                                    AS award_id,
           CASE WHEN length(i.person_uniqname) <= 50 THEN i.person_uniqname END                      AS person_uniqname,
           CASE WHEN length(i.person_role) <= 60 THEN i.person_role END                              AS person_role,
           CASE WHEN length(i.project_grant_id) <= 15 THEN i.project_grant_id END                    AS project_grant_id,
           CASE WHEN length(i.award_title) <= 250 THEN i.award_title END                             AS award_title,
           CASE WHEN length(i.award_class) <= 30 THEN i.award_class END                              AS award_class,
           n.total::numeric(15,2)                                                                   AS award_total_dollars,
           n.direct::numeric(15,2)                                                                  AS award_direct_dollars,
           n.indirect::numeric(15,2)                                                                AS award_indirect_dollars,
           n.rate::numeric(5,2)                                                                     AS facilities_admin_rate,
           silver.try_date_fast(i.award_start_date)                                                      AS award_start_date,
           silver.try_date_fast(i.award_end_date)                                                        AS award_end_date,
           silver.try_date_fast(i.pre_nce_end_date)                                                      AS pre_nce_end_date,
           silver.try_date_fast(i.award_publish_date)                                                    AS award_publish_date,
           CASE WHEN length(i.direct_sponsor_name) <= 120 THEN i.direct_sponsor_name END             AS direct_sponsor_name,
           CASE WHEN length(i.direct_sponsor_category) <= 100 THEN i.direct_sponsor_category END     AS direct_sponsor_category,
           CASE WHEN length(i.direct_sponsor_subcategory) <= 100 THEN i.direct_sponsor_subcategory END AS direct_sponsor_subcategory,
           CASE WHEN length(i.direct_sponsor_reference) <= 100 THEN i.direct_sponsor_reference END   AS direct_sponsor_reference,
           CASE WHEN length(i.prime_sponsor_name) <= 120 THEN i.prime_sponsor_name END               AS prime_sponsor_name,
           CASE WHEN length(i.prime_sponsor_category) <= 100 THEN i.prime_sponsor_category END       AS prime_sponsor_category,
           CASE WHEN length(i.prime_sponsor_subcategory) <= 100 THEN i.prime_sponsor_subcategory END AS prime_sponsor_subcategory,
           CASE WHEN length(i.prime_sponsor_reference) <= 100 THEN i.prime_sponsor_reference END     AS prime_sponsor_reference,
           CASE WHEN length(i.award_admin_department) <= 100 THEN i.award_admin_department END       AS award_admin_department,
           CASE WHEN length(i.award_admin_school_college) <= 100 THEN i.award_admin_school_college END AS award_admin_school_college,
           CASE WHEN length(i.person_first_name) <= 100 THEN i.person_first_name END                 AS person_first_name,
           CASE WHEN length(i.person_last_name) <= 100 THEN i.person_last_name END                   AS person_last_name,
           CASE WHEN length(i.person_appt_department) <= 100 THEN i.person_appt_department END       AS person_appt_department,
           CASE WHEN length(i.person_appt_department_id) <= 50 THEN i.person_appt_department_id END  AS person_appt_department_id,
           CASE WHEN length(i.person_appt_school_college) <= 100 THEN i.person_appt_school_college END AS person_appt_school_college
    FROM (SELECT CASE WHEN abs(v.total) < 1e13 THEN v.total END AS total,
                 CASE WHEN abs(v.direct) < 1e13 THEN v.direct END AS direct,
                 CASE WHEN abs(v.indirect) < 1e13 THEN v.indirect END AS indirect,
                 CASE WHEN abs(v.rate) < 1e3 THEN v.rate END AS rate
          -- Each amount parsed once (OFFSET 0 keeps v a subquery): "$1,053,245" fails the plain-number pattern and pays
          -- two regexp_replace calls in silver.try_numeric, which the range check and the value would each run again.
          FROM (SELECT silver.try_numeric(i.award_total_dollars) AS total, silver.try_numeric(i.award_direct_dollars) AS direct,
                       silver.try_numeric(i.award_indirect_dollars) AS indirect, silver.try_numeric(i.facilities_admin_rate) AS rate
                OFFSET 0) v) n
) t;

UPDATE lab_awards_typed t
SET nulled = n.nulled
FROM silver.nulled_by_typing('lab_awards_input', 'lab_awards_typed') n
WHERE t.raw_id = n.key;

-- One row per key: usable rows only (key and title present), the smallest external id first.
CREATE TEMP TABLE lab_awards_rows ON COMMIT DROP AS
SELECT DISTINCT ON (award_id, person_uniqname, person_role) *
FROM lab_awards_typed
WHERE award_id IS NOT NULL AND person_uniqname IS NOT NULL AND person_role IS NOT NULL AND award_title IS NOT NULL
ORDER BY award_id, person_uniqname, person_role, external_id;

WITH removed AS (
    DELETE FROM silver.lab_awards s
    WHERE ((SELECT full_refresh FROM silver_step)
           OR (s.award_id, s.person_uniqname, s.person_role) IN (SELECT award_id, person_uniqname, person_role FROM lab_awards_keys))
      AND NOT EXISTS (SELECT 1 FROM lab_awards_rows r
                      WHERE (r.award_id, r.person_uniqname, r.person_role) = (s.award_id, s.person_uniqname, s.person_role))
    RETURNING 1
),
written AS (
    INSERT INTO silver.lab_awards AS s (
        award_id, person_uniqname, person_role, project_grant_id, award_title, award_class,
        award_total_dollars, award_direct_dollars, award_indirect_dollars, facilities_admin_rate,
        award_start_date, award_end_date, pre_nce_end_date, award_publish_date,
        direct_sponsor_name, direct_sponsor_category, direct_sponsor_subcategory, direct_sponsor_reference,
        prime_sponsor_name, prime_sponsor_category, prime_sponsor_subcategory, prime_sponsor_reference,
        award_admin_department, award_admin_school_college, person_first_name, person_last_name,
        person_appt_department, person_appt_department_id, person_appt_school_college,
        raw_id, entity_hash, ingestion_run_id)
    SELECT r.award_id, r.person_uniqname, r.person_role, r.project_grant_id, r.award_title, r.award_class,
           r.award_total_dollars, r.award_direct_dollars, r.award_indirect_dollars, r.facilities_admin_rate,
           r.award_start_date, r.award_end_date, r.pre_nce_end_date, r.award_publish_date,
           r.direct_sponsor_name, r.direct_sponsor_category, r.direct_sponsor_subcategory, r.direct_sponsor_reference,
           r.prime_sponsor_name, r.prime_sponsor_category, r.prime_sponsor_subcategory, r.prime_sponsor_reference,
           r.award_admin_department, r.award_admin_school_college, r.person_first_name, r.person_last_name,
           r.person_appt_department, r.person_appt_department_id, r.person_appt_school_college,
           r.raw_id,
           encode(sha256(convert_to((to_jsonb(r) - 'raw_id' - 'external_id' - 'nulled')::text, 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM lab_awards_rows r
    ON CONFLICT (award_id, person_uniqname, person_role) DO UPDATE
    SET project_grant_id = EXCLUDED.project_grant_id, award_title = EXCLUDED.award_title, award_class = EXCLUDED.award_class,
        award_total_dollars = EXCLUDED.award_total_dollars, award_direct_dollars = EXCLUDED.award_direct_dollars,
        award_indirect_dollars = EXCLUDED.award_indirect_dollars, facilities_admin_rate = EXCLUDED.facilities_admin_rate,
        award_start_date = EXCLUDED.award_start_date, award_end_date = EXCLUDED.award_end_date,
        pre_nce_end_date = EXCLUDED.pre_nce_end_date, award_publish_date = EXCLUDED.award_publish_date,
        direct_sponsor_name = EXCLUDED.direct_sponsor_name, direct_sponsor_category = EXCLUDED.direct_sponsor_category,
        direct_sponsor_subcategory = EXCLUDED.direct_sponsor_subcategory, direct_sponsor_reference = EXCLUDED.direct_sponsor_reference,
        prime_sponsor_name = EXCLUDED.prime_sponsor_name, prime_sponsor_category = EXCLUDED.prime_sponsor_category,
        prime_sponsor_subcategory = EXCLUDED.prime_sponsor_subcategory, prime_sponsor_reference = EXCLUDED.prime_sponsor_reference,
        award_admin_department = EXCLUDED.award_admin_department, award_admin_school_college = EXCLUDED.award_admin_school_college,
        person_first_name = EXCLUDED.person_first_name, person_last_name = EXCLUDED.person_last_name,
        person_appt_department = EXCLUDED.person_appt_department, person_appt_department_id = EXCLUDED.person_appt_department_id,
        person_appt_school_college = EXCLUDED.person_appt_school_college,
        raw_id = EXCLUDED.raw_id, entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id,
        updated_at = CURRENT_TIMESTAMP
    -- A new bronze version with the same content only moves the lineage (raw_id), so it is not read again.
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM lab_awards_changed)                                   AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                      AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)                  AS updated,
       (SELECT count(*) FROM removed)                                              AS deleted,
       (SELECT count(*) FROM lab_awards_typed t
        WHERE NOT EXISTS (SELECT 1 FROM lab_awards_rows r WHERE r.raw_id = t.raw_id)) AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'invalid:' || unnest(t.nulled) AS outcome FROM lab_awards_typed t
                    UNION ALL
                    SELECT 'missing:' || m.column_name
                    FROM lab_awards_typed t
                    JOIN lab_awards_input i ON i.raw_id = t.raw_id
                    CROSS JOIN LATERAL (VALUES ('award_id', i.award_id), ('person_uniqname', i.person_uniqname),
                                               ('person_role', i.person_role), ('award_title', i.award_title)) m (column_name, value)
                    WHERE m.value IS NULL
                    UNION ALL
                    SELECT 'duplicate_key' FROM lab_awards_typed t
                    WHERE t.award_id IS NOT NULL AND t.person_uniqname IS NOT NULL AND t.person_role IS NOT NULL AND t.award_title IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM lab_awards_rows r WHERE r.raw_id = t.raw_id)) outcomes
              GROUP BY outcome) counted)                                           AS quality;
