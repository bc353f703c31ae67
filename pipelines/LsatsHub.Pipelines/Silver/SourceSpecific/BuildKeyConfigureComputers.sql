-- silver.keyconfigure_computers from bronze key_client/computer: one bronze entity per network interface (external_id =
-- the MAC), one silver row per computer. computer_id = UPPER(name)-UPPER(serial), or UPPER(name) when the serial is
-- missing or junk (N/A, NONE, UNKNOWN). The interface with the latest Last Session is the primary: it gives raw_id and
-- the hardware, OS and user columns; MACs and addresses are collected over all current interfaces, session and audit
-- times are the newest (base_audit the oldest), nic_count counts the current interfaces (not historical versions).
-- consolidated_raw_ids lists the versions the row was built from. No active flag: a computer whose interfaces are all
-- gone (tombstones) or unusable is removed. Uniqnames (Last User, Owner) are lower-cased and trimmed.

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

-- The source columns as cleaned text and the computer each interface belongs to.
CREATE OR REPLACE TEMP VIEW keyconfigure_source AS
SELECT s.*,
       CASE WHEN s.computer_name IS NOT NULL
            THEN upper(s.computer_name)
                 || CASE WHEN s.oem_serial_number IS NULL OR upper(s.oem_serial_number) IN ('N/A', 'NONE', 'UNKNOWN') THEN ''
                         ELSE '-' || upper(s.oem_serial_number) END
       END AS computer_id
FROM (
    SELECT l.raw_id,
           l.external_id,
           l.is_deleted,
           silver.clean_text(l.raw_data ->> 'Name')                              AS computer_name,
           silver.clean_text(l.raw_data ->> 'OEM SN')                            AS oem_serial_number,
           -- Upper case without separators, and only when it is 12 hex digits.
           substring(upper(regexp_replace(l.raw_data ->> 'MAC', '[:\-. ]', '', 'g')) FROM '^[0-9A-F]{12}$') AS mac_address,
           silver.clean_text(l.raw_data ->> 'Last Addr')                         AS ip_address,
           silver.clean_text(l.raw_data ->> 'CPU')                               AS cpu,
           silver.clean_text(l.raw_data ->> '# of cores')                        AS cpu_cores,
           silver.clean_text(l.raw_data ->> 'Sockets')                           AS cpu_sockets,
           silver.clean_text(l.raw_data ->> 'Clock Speed (Mhz)')                 AS clock_speed_mhz,
           silver.clean_text(l.raw_data ->> 'RAM')                               AS ram_mb,
           silver.clean_text(l.raw_data ->> 'Disk')                              AS disk_gb,
           silver.clean_text(l.raw_data ->> 'Free')                              AS disk_free_gb,
           silver.clean_text(l.raw_data ->> 'OS')                                AS os,
           silver.clean_text(l.raw_data ->> 'OS Family')                         AS os_family,
           silver.clean_text(l.raw_data ->> 'OS vers')                           AS os_version,
           silver.clean_text(l.raw_data ->> 'OS SN')                             AS os_serial_number,
           silver.clean_text(l.raw_data ->> 'OS Install Date')                   AS os_install_date,
           lower(silver.clean_text(l.raw_data ->> 'Last User'))                  AS last_user,
           lower(silver.clean_text(l.raw_data ->> 'Owner'))                      AS owner,
           silver.clean_text(l.raw_data ->> 'Login')                             AS login_type,
           silver.clean_text(l.raw_data ->> 'Last Session')                      AS last_session,
           silver.clean_text(l.raw_data ->> 'Last Startup')                      AS last_startup,
           silver.clean_text(l.raw_data ->> 'Last Audit')                        AS last_audit,
           silver.clean_text(l.raw_data ->> 'Base Audit')                        AS base_audit,
           silver.clean_text(l.raw_data ->> 'Client')                            AS keyconfigure_client_version
    FROM bronze.latest_raw_entities l
    WHERE l.source_system = 'key_client' AND l.entity_type = 'computer'
) s;

-- The interface versions each silver row was built from.
CREATE TEMP TABLE keyconfigure_taken ON COMMIT DROP AS
SELECT s.computer_id, b.raw_id, b.external_id
FROM silver.keyconfigure_computers s
CROSS JOIN LATERAL jsonb_array_elements_text(s.consolidated_raw_ids) taken (raw_id)
JOIN bronze.raw_entities b ON b.raw_id = taken.raw_id::uuid;

-- Interfaces to process: newest versions not taken yet, and tombstones of taken interfaces (on a full refresh: all).
CREATE TEMP TABLE keyconfigure_changed ON COMMIT DROP AS
SELECT src.*, t.computer_id AS taken_computer_id
FROM keyconfigure_source src
LEFT JOIN keyconfigure_taken t ON t.external_id = src.external_id
WHERE (SELECT full_refresh FROM silver_step)
   OR (NOT src.is_deleted AND t.raw_id IS DISTINCT FROM src.raw_id)
   OR (src.is_deleted AND t.raw_id IS NOT NULL);

-- Computers to rebuild: those the changed interfaces belong to now and those they belonged to.
CREATE TEMP TABLE keyconfigure_keys ON COMMIT DROP AS
SELECT computer_id FROM keyconfigure_changed WHERE NOT is_deleted AND computer_id IS NOT NULL
UNION
SELECT taken_computer_id FROM keyconfigure_changed WHERE taken_computer_id IS NOT NULL;

-- Every current interface of those computers (changed or not), plus the changed ones that have no computer. A changed
-- interface is its own newest version, so only the unchanged ones are read from the source again: UNION ALL of the two
-- gives the rows the UNION of both reads gave, without cleaning every record twice and sorting the whole rows to drop
-- the duplicates (on a full refresh the second read was all of them; issue 11).
CREATE TEMP TABLE keyconfigure_input ON COMMIT DROP AS
SELECT raw_id, external_id, is_deleted, computer_name, oem_serial_number, mac_address, ip_address, cpu, cpu_cores, cpu_sockets,
       clock_speed_mhz, ram_mb, disk_gb, disk_free_gb, os, os_family, os_version, os_serial_number, os_install_date, last_user,
       owner, login_type, last_session, last_startup, last_audit, base_audit, keyconfigure_client_version, computer_id
FROM keyconfigure_changed WHERE NOT is_deleted
UNION ALL
SELECT src.* FROM keyconfigure_source src JOIN keyconfigure_keys k USING (computer_id)
WHERE NOT src.is_deleted AND src.external_id NOT IN (SELECT external_id FROM keyconfigure_changed);

-- Typed values; a value that does not fit becomes NULL (named below).
-- A time as KeyConfigure writes it (YYYY-MM-DDThh:mm:ss, no offset: UTC) is typed inline by silver.try_timestamptz_fast
-- (migration 0021): the same checks as silver.try_timestamptz (a real day, hour <= 23, minute and second <= 59) and the
-- same moment, but silver.try_timestamptz is PL/pgSQL with two regex matches and a call of silver.try_date per value,
-- about 60 µs a value, the inline form about 8 µs (40,000 values, identical results; issue 11). Every other form still
-- goes to silver.try_timestamptz.
-- Likewise a count that is plain digits (up to 9) is typed inline, the same range check and value as silver.try_integer,
-- which parses it as numeric four times (its regex each time); signs, decimals, "$1,024" still go to the function.
CREATE TEMP TABLE keyconfigure_nics ON COMMIT DROP AS
SELECT i.raw_id, i.external_id, i.computer_id, t.*, '{}'::text[] AS nulled
FROM keyconfigure_input i
CROSS JOIN LATERAL (
    SELECT CASE WHEN length(i.computer_name) <= 50 THEN i.computer_name END                       AS computer_name,
           CASE WHEN length(i.oem_serial_number) <= 30 THEN i.oem_serial_number END               AS oem_serial_number,
           i.mac_address                                                                         AS mac_address,
           i.ip_address                                                                          AS ip_address,
           CASE WHEN length(i.cpu) <= 30 THEN i.cpu END                                           AS cpu,
           CASE WHEN octet_length(i.cpu_cores) BETWEEN 1 AND 9 AND i.cpu_cores !~ '[^0-9]' THEN CASE WHEN i.cpu_cores::integer BETWEEN 0 AND 32767 THEN i.cpu_cores::integer END ELSE silver.try_integer(i.cpu_cores, 0, 32767) END::smallint                                   AS cpu_cores,
           CASE WHEN octet_length(i.cpu_sockets) BETWEEN 1 AND 9 AND i.cpu_sockets !~ '[^0-9]' THEN CASE WHEN i.cpu_sockets::integer BETWEEN 0 AND 32767 THEN i.cpu_sockets::integer END ELSE silver.try_integer(i.cpu_sockets, 0, 32767) END::smallint                                 AS cpu_sockets,
           CASE WHEN octet_length(i.clock_speed_mhz) BETWEEN 1 AND 9 AND i.clock_speed_mhz !~ '[^0-9]' THEN CASE WHEN i.clock_speed_mhz::integer BETWEEN 0 AND 2147483647 THEN i.clock_speed_mhz::integer END ELSE silver.try_integer(i.clock_speed_mhz, 0, 2147483647) END::integer                         AS clock_speed_mhz,
           CASE WHEN octet_length(i.ram_mb) BETWEEN 1 AND 9 AND i.ram_mb !~ '[^0-9]' THEN CASE WHEN i.ram_mb::integer BETWEEN 0 AND 2147483647 THEN i.ram_mb::integer END ELSE silver.try_integer(i.ram_mb, 0, 2147483647) END::integer                                  AS ram_mb,
           CASE WHEN abs(silver.try_numeric(i.disk_gb)) < 1e8 THEN silver.try_numeric(i.disk_gb)::numeric(10,2) END AS disk_gb,
           CASE WHEN abs(silver.try_numeric(i.disk_free_gb)) < 1e8 THEN silver.try_numeric(i.disk_free_gb)::numeric(10,2) END AS disk_free_gb,
           CASE WHEN length(i.os) <= 30 THEN i.os END                                             AS os,
           CASE WHEN length(i.os_family) <= 30 THEN i.os_family END                               AS os_family,
           CASE WHEN length(i.os_version) <= 40 THEN i.os_version END                             AS os_version,
           CASE WHEN length(i.os_serial_number) <= 30 THEN i.os_serial_number END                 AS os_serial_number,
           silver.try_timestamptz_fast(i.os_install_date)                                             AS os_install_date,
           CASE WHEN length(i.last_user) <= 40 THEN i.last_user END                               AS last_user,
           CASE WHEN length(i.owner) <= 100 THEN i.owner END                                      AS owner,
           CASE WHEN length(i.login_type) <= 15 THEN i.login_type END                             AS login_type,
           silver.try_timestamptz_fast(i.last_session)                                                AS last_session,
           silver.try_timestamptz_fast(i.last_startup)                                                AS last_startup,
           silver.try_timestamptz_fast(i.last_audit)                                                  AS last_audit,
           silver.try_timestamptz_fast(i.base_audit)                                                  AS base_audit,
           CASE WHEN length(i.keyconfigure_client_version) <= 15 THEN i.keyconfigure_client_version END AS keyconfigure_client_version
) t;

-- The values typing nulled: silver.nulled_by_typing compares the columns the two tables share.
UPDATE keyconfigure_nics t
SET nulled = n.nulled
FROM silver.nulled_by_typing('keyconfigure_input', 'keyconfigure_nics') n
WHERE t.raw_id = n.key;

-- Interfaces that can be part of a computer row: a name that fits and an id that fits.
CREATE TEMP TABLE keyconfigure_usable ON COMMIT DROP AS
SELECT * FROM keyconfigure_nics WHERE computer_name IS NOT NULL AND length(computer_id) <= 100;

-- One row per computer: the primary interface's columns and what all its interfaces say together.
CREATE TEMP TABLE keyconfigure_rows ON COMMIT DROP AS
SELECT p.computer_id, p.computer_name, p.oem_serial_number, p.mac_address AS primary_mac_address,
       a.mac_addresses, a.ip_addresses, a.nic_count, p.cpu, p.cpu_cores, p.cpu_sockets, p.clock_speed_mhz, p.ram_mb, p.disk_gb,
       p.disk_free_gb, p.os, p.os_family, p.os_version, p.os_serial_number, p.os_install_date, p.last_user, p.owner, p.login_type,
       a.last_session, a.last_startup, a.last_audit, a.base_audit, p.keyconfigure_client_version, a.consolidated_raw_ids, p.raw_id
FROM (SELECT DISTINCT ON (computer_id) *
      FROM keyconfigure_usable
      ORDER BY computer_id, last_session DESC NULLS LAST, external_id) p
JOIN (SELECT n.computer_id,
             count(*)::smallint AS nic_count,
             max(n.last_session) AS last_session,
             max(n.last_startup) AS last_startup,
             max(n.last_audit) AS last_audit,
             min(n.base_audit) AS base_audit,
             jsonb_agg(n.raw_id ORDER BY n.raw_id) AS consolidated_raw_ids,
             to_jsonb(array_agg(DISTINCT n.ip_address ORDER BY n.ip_address) FILTER (WHERE n.ip_address IS NOT NULL)) AS ip_addresses,
             to_jsonb(array_agg(DISTINCT n.mac_address ORDER BY n.mac_address) FILTER (WHERE n.mac_address IS NOT NULL)) AS mac_addresses
      FROM keyconfigure_usable n
      GROUP BY n.computer_id) a USING (computer_id);

-- The primary MAC first, then the others in order.
UPDATE keyconfigure_rows r
SET mac_addresses = jsonb_build_array(r.primary_mac_address) || (r.mac_addresses - r.primary_mac_address)
WHERE r.primary_mac_address IS NOT NULL;

WITH removed AS (
    DELETE FROM silver.keyconfigure_computers s
    WHERE ((SELECT full_refresh FROM silver_step) OR s.computer_id IN (SELECT computer_id FROM keyconfigure_keys))
      AND NOT EXISTS (SELECT 1 FROM keyconfigure_rows r WHERE r.computer_id = s.computer_id)
    RETURNING 1
),
written AS (
    INSERT INTO silver.keyconfigure_computers AS s (
        computer_id, computer_name, oem_serial_number, primary_mac_address, mac_addresses, ip_addresses, nic_count, cpu, cpu_cores,
        cpu_sockets, clock_speed_mhz, ram_mb, disk_gb, disk_free_gb, os, os_family, os_version, os_serial_number, os_install_date,
        last_user, owner, login_type, last_session, last_startup, last_audit, base_audit, keyconfigure_client_version,
        consolidated_raw_ids, raw_id, entity_hash, ingestion_run_id)
    SELECT r.computer_id, r.computer_name, r.oem_serial_number, r.primary_mac_address, r.mac_addresses, r.ip_addresses, r.nic_count,
           r.cpu, r.cpu_cores, r.cpu_sockets, r.clock_speed_mhz, r.ram_mb, r.disk_gb, r.disk_free_gb, r.os, r.os_family, r.os_version,
           r.os_serial_number, r.os_install_date, r.last_user, r.owner, r.login_type, r.last_session, r.last_startup, r.last_audit,
           r.base_audit, r.keyconfigure_client_version, r.consolidated_raw_ids, r.raw_id,
           encode(sha256(convert_to((to_jsonb(r) - 'raw_id' - 'consolidated_raw_ids')::text, 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM keyconfigure_rows r
    ON CONFLICT (computer_id) DO UPDATE
    SET computer_name = EXCLUDED.computer_name, oem_serial_number = EXCLUDED.oem_serial_number,
        primary_mac_address = EXCLUDED.primary_mac_address, mac_addresses = EXCLUDED.mac_addresses,
        ip_addresses = EXCLUDED.ip_addresses, nic_count = EXCLUDED.nic_count, cpu = EXCLUDED.cpu, cpu_cores = EXCLUDED.cpu_cores,
        cpu_sockets = EXCLUDED.cpu_sockets, clock_speed_mhz = EXCLUDED.clock_speed_mhz, ram_mb = EXCLUDED.ram_mb,
        disk_gb = EXCLUDED.disk_gb, disk_free_gb = EXCLUDED.disk_free_gb, os = EXCLUDED.os, os_family = EXCLUDED.os_family,
        os_version = EXCLUDED.os_version, os_serial_number = EXCLUDED.os_serial_number, os_install_date = EXCLUDED.os_install_date,
        last_user = EXCLUDED.last_user, owner = EXCLUDED.owner, login_type = EXCLUDED.login_type,
        last_session = EXCLUDED.last_session, last_startup = EXCLUDED.last_startup, last_audit = EXCLUDED.last_audit,
        base_audit = EXCLUDED.base_audit, keyconfigure_client_version = EXCLUDED.keyconfigure_client_version,
        consolidated_raw_ids = EXCLUDED.consolidated_raw_ids, raw_id = EXCLUDED.raw_id, entity_hash = EXCLUDED.entity_hash,
        ingestion_run_id = EXCLUDED.ingestion_run_id, updated_at = CURRENT_TIMESTAMP
    -- New interface versions with the same content only move the lineage, so they are not read again.
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
       OR s.consolidated_raw_ids IS DISTINCT FROM EXCLUDED.consolidated_raw_ids
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM keyconfigure_changed)                       AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)            AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)        AS updated,
       (SELECT count(*) FROM removed)                                    AS deleted,
       (SELECT count(*) FROM keyconfigure_nics n
        WHERE NOT EXISTS (SELECT 1 FROM keyconfigure_usable u WHERE u.raw_id = n.raw_id)) AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'invalid:' || unnest(n.nulled) AS outcome FROM keyconfigure_nics n
                    UNION ALL
                    SELECT 'missing:computer_name' FROM keyconfigure_nics n WHERE n.computer_id IS NULL
                    UNION ALL
                    SELECT 'invalid:computer_id' FROM keyconfigure_nics n WHERE length(n.computer_id) > 100) outcomes
              GROUP BY outcome) counted)                                 AS quality;
