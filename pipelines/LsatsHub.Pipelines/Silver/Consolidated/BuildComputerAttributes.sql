-- silver.computer_attributes from silver.computers: one row per (computer_id, attribute_name).
--   TDX (source_system 'tdx'): every element of the asset's Attributes (computers.tdx_attributes->'all_attributes'), as
--     the original's legacy writer did: name = Name (trimmed), value = Value, else ValueText when Value is empty,
--     attribute_value_uid = the attribute's ID, tdx_form_id = the element's FormID, else the asset's form. An element
--     without a name (or with one longer than 255) is skipped and counted; two elements of one name: the smallest ID,
--     then the first, wins (counted).
--   KeyConfigure (source_system 'keyconfigure'): the hardware fields of the machine's KeyConfigure record, named
--     "KeyConfigure <field>" so they never collide with a TDX attribute: CPU, CPU Cores, CPU Sockets, Clock Speed (MHz),
--     RAM (MB), Disk (GB), Disk Free (GB); a field without a value has no row.
-- Every run computes the whole set and writes only the difference (new rows, changed values, rows no longer there), so
-- an incremental run and a full refresh give the same table.

CREATE TEMP TABLE computer_attributes_tdx ON COMMIT DROP AS
SELECT c.computer_id, c.tdx_form_id AS computer_form_id, e.element, e.n
FROM silver.computers c
CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(c.tdx_attributes -> 'all_attributes') = 'array'
                                             THEN c.tdx_attributes -> 'all_attributes' ELSE '[]' END) WITH ORDINALITY AS e (element, n);

CREATE TEMP TABLE computer_attributes_tdx_typed ON COMMIT DROP AS
SELECT a.computer_id, a.n,
       btrim(a.element ->> 'Name') AS attribute_name,
       coalesce(silver.clean_text(a.element ->> 'Value'), silver.clean_text(a.element ->> 'ValueText')) AS attribute_value,
       silver.try_integer(a.element ->> 'ID', -2147483648, 2147483647)::integer AS attribute_value_uid,
       coalesce(silver.try_integer(a.element ->> 'FormID', -2147483648, 2147483647)::integer, a.computer_form_id) AS tdx_form_id,
       coalesce(jsonb_typeof(a.element) = 'object' AND length(btrim(a.element ->> 'Name')) BETWEEN 1 AND 255, false) AS usable
FROM computer_attributes_tdx a;

CREATE TEMP TABLE computer_attributes_out ON COMMIT DROP AS
SELECT DISTINCT ON (computer_id, attribute_name) computer_id, attribute_name, attribute_value, attribute_value_uid, source_system, tdx_form_id
FROM (SELECT t.computer_id, t.attribute_name, t.attribute_value, t.attribute_value_uid, 'tdx' AS source_system, t.tdx_form_id,
             1 AS source_order, t.attribute_value_uid AS id_order, t.n
      FROM computer_attributes_tdx_typed t WHERE t.usable
      UNION ALL
      SELECT c.computer_id, 'KeyConfigure ' || f.name, f.value, NULL::integer, 'keyconfigure', NULL::integer, 2, NULL::integer, f.n
      FROM silver.computers c
      CROSS JOIN LATERAL (VALUES (1, 'CPU', c.cpu::text), (2, 'CPU Cores', c.cpu_cores::text), (3, 'CPU Sockets', c.cpu_sockets::text),
                                 (4, 'Clock Speed (MHz)', c.cpu_speed_mhz::text), (5, 'RAM (MB)', c.ram_mb::text),
                                 (6, 'Disk (GB)', c.disk_gb::text), (7, 'Disk Free (GB)', c.disk_free_gb::text)) AS f (n, name, value)
      WHERE c.kc_computer_id IS NOT NULL AND f.value IS NOT NULL) candidates
ORDER BY computer_id, attribute_name, source_order, id_order NULLS LAST, n;

CREATE TEMP TABLE computer_attributes_removed ON COMMIT DROP AS
WITH removed AS (
    DELETE FROM silver.computer_attributes a
    WHERE NOT EXISTS (SELECT 1 FROM computer_attributes_out o WHERE o.computer_id = a.computer_id AND o.attribute_name = a.attribute_name)
    RETURNING 1
)
SELECT count(*) AS n FROM removed;

-- Only the rows that are new or differ are written (a hash join against the table, not a conflict check per row).
CREATE TEMP TABLE computer_attributes_changed ON COMMIT DROP AS
SELECT o.*, a.attribute_id
FROM computer_attributes_out o
LEFT JOIN silver.computer_attributes a ON a.computer_id = o.computer_id AND a.attribute_name = o.attribute_name
WHERE a.attribute_id IS NULL
   OR a.attribute_value IS DISTINCT FROM o.attribute_value OR a.attribute_value_uid IS DISTINCT FROM o.attribute_value_uid
   OR a.source_system IS DISTINCT FROM o.source_system OR a.tdx_form_id IS DISTINCT FROM o.tdx_form_id;

UPDATE silver.computer_attributes a
SET attribute_value = c.attribute_value, attribute_value_uid = c.attribute_value_uid, source_system = c.source_system,
    tdx_form_id = c.tdx_form_id, updated_at = CURRENT_TIMESTAMP
FROM computer_attributes_changed c
WHERE c.attribute_id = a.attribute_id;

INSERT INTO silver.computer_attributes (computer_id, attribute_name, attribute_value, attribute_value_uid, source_system, tdx_form_id)
SELECT c.computer_id, c.attribute_name, c.attribute_value, c.attribute_value_uid, c.source_system, c.tdx_form_id
FROM computer_attributes_changed c
WHERE c.attribute_id IS NULL
ORDER BY c.computer_id, c.attribute_name;

SELECT (SELECT count(*) FROM computer_attributes_tdx) + (SELECT count(*) FROM computer_attributes_out WHERE source_system = 'keyconfigure') AS rows_read,
       (SELECT count(*) FROM computer_attributes_changed WHERE attribute_id IS NULL)     AS inserted,
       (SELECT count(*) FROM computer_attributes_changed WHERE attribute_id IS NOT NULL) AS updated,
       (SELECT n FROM computer_attributes_removed)                    AS deleted,
       (SELECT count(*) FROM computer_attributes_tdx_typed WHERE NOT usable) AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'missing:attribute_name' AS outcome FROM computer_attributes_tdx_typed t WHERE NOT t.usable
                    UNION ALL
                    SELECT 'duplicate:attribute_name'
                    FROM (SELECT computer_id, attribute_name FROM computer_attributes_tdx_typed WHERE usable
                          GROUP BY computer_id, attribute_name HAVING count(*) > 1) d) outcomes
              GROUP BY outcome) counted)                              AS quality;
