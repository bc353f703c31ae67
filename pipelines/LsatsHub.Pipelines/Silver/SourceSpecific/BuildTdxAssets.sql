-- silver.tdx_assets from bronze tdx/asset: the newest version of each TDX asset (key ID). The enriched version
-- (GET assets/{id}: Attributes, Attachments) is newer than the search row it enriches and wins as a whole; a search row
-- newer than the last enrichment has no attributes, so the attr_* columns are NULL until the next enrichment.
-- No active flag: the row of an asset gone from the search (tombstone) is removed, and so is the row of an asset whose
-- newest version is unusable (skipped and counted on every run until the source is fixed).
-- As the original transform: ids 0 are NULL (NOT NULL ids stay as sent), the null GUID is NULL, PurchaseCost 0 is NULL, SerialNumber
-- "None" is NULL, dates 0001-01-01 are NULL, attributes are looked up by Name ("None" is NULL), Support Group(s)'
-- comma list becomes an integer array. A row needs ID, Name, AppID, FormID, StatusID and ConfigurationItemID; a value
-- too long or unparsable is NULL and counted. Tags are unique: two assets with one tag, the smaller ID keeps it.

-- The typing joins each row to LATERAL subqueries of its own values, which no cache can reuse: a Memoize node in
-- front of them only hashes every row (47,000 TDX users: 8.2 s for the typing without it, 11.6 s with; issue 11).
SET LOCAL enable_memoize = off;

-- OFFSET 0 keeps the cleaned values (s) and the typed values (t) subqueries. Flattened, every reference to s.x in t, in
-- the nulled list and in silver.try_iso_timestamptz(s.x) was the whole cleaning expression again, and an argument that
-- expensive stops try_iso_timestamptz (which names its argument five times) from being inlined, so it ran as an SQL
-- function call per value: 1,869 assets took 26.6 s in this statement, 2.7 s with OFFSET 0, same rows (issue 15,
-- EXPLAIN ANALYZE on the scale-0.1 world under load ~50).

CREATE TEMP TABLE tdx_assets_taken ON COMMIT DROP AS
SELECT s.tdx_asset_id, s.raw_id, b.external_id
FROM silver.tdx_assets s
JOIN bronze.raw_entities b ON b.raw_id = s.raw_id;

-- Entities whose newest bronze version is not the one their row was built from, and tombstones of entities that still
-- have a row (full refresh: every entity).
CREATE TEMP TABLE tdx_assets_changed ON COMMIT DROP AS
SELECT l.raw_id, l.external_id, l.is_deleted, l.raw_data
FROM bronze.latest_raw_entities l
LEFT JOIN tdx_assets_taken t ON t.external_id = l.external_id
WHERE l.source_system = 'tdx' AND l.entity_type = 'asset'
  AND ((SELECT full_refresh FROM silver_step)
       OR (NOT l.is_deleted AND t.raw_id IS DISTINCT FROM l.raw_id)
       OR (l.is_deleted AND t.raw_id IS NOT NULL));

CREATE TEMP TABLE tdx_assets_typed ON COMMIT DROP AS
SELECT c.raw_id, c.external_id AS entity_id,
       t.*,
       array_remove(ARRAY[CASE WHEN s.tdx_asset_id IS NOT NULL AND t.tdx_asset_id IS NULL THEN 'tdx_asset_id' END,
                               CASE WHEN s.tag IS NOT NULL AND t.tag IS NULL THEN 'tag' END,
                               CASE WHEN s.name IS NOT NULL AND t.name IS NULL THEN 'name' END,
                               CASE WHEN s.uri IS NOT NULL AND t.uri IS NULL THEN 'uri' END,
                               CASE WHEN s.external_id IS NOT NULL AND t.external_id IS NULL THEN 'external_id' END,
                               CASE WHEN s.serial_number IS NOT NULL AND t.serial_number IS NULL THEN 'serial_number' END,
                               CASE WHEN s.app_id IS NOT NULL AND t.app_id IS NULL THEN 'app_id' END,
                               CASE WHEN s.app_name IS NOT NULL AND t.app_name IS NULL THEN 'app_name' END,
                               CASE WHEN s.form_id IS NOT NULL AND t.form_id IS NULL THEN 'form_id' END,
                               CASE WHEN s.form_name IS NOT NULL AND t.form_name IS NULL THEN 'form_name' END,
                               CASE WHEN s.status_id IS NOT NULL AND t.status_id IS NULL THEN 'status_id' END,
                               CASE WHEN s.status_name IS NOT NULL AND t.status_name IS NULL THEN 'status_name' END,
                               CASE WHEN s.parent_id IS NOT NULL AND t.parent_id IS NULL THEN 'parent_id' END,
                               CASE WHEN s.parent_tag IS NOT NULL AND t.parent_tag IS NULL THEN 'parent_tag' END,
                               CASE WHEN s.parent_name IS NOT NULL AND t.parent_name IS NULL THEN 'parent_name' END,
                               CASE WHEN s.parent_serial_number IS NOT NULL AND t.parent_serial_number IS NULL THEN 'parent_serial_number' END,
                               CASE WHEN s.configuration_item_id IS NOT NULL AND t.configuration_item_id IS NULL THEN 'configuration_item_id' END,
                               CASE WHEN s.location_id IS NOT NULL AND t.location_id IS NULL THEN 'location_id' END,
                               CASE WHEN s.location_name IS NOT NULL AND t.location_name IS NULL THEN 'location_name' END,
                               CASE WHEN s.location_room_id IS NOT NULL AND t.location_room_id IS NULL THEN 'location_room_id' END,
                               CASE WHEN s.location_room_name IS NOT NULL AND t.location_room_name IS NULL THEN 'location_room_name' END,
                               CASE WHEN s.owning_customer_id IS NOT NULL AND t.owning_customer_id IS NULL THEN 'owning_customer_id' END,
                               CASE WHEN s.owning_customer_name IS NOT NULL AND t.owning_customer_name IS NULL THEN 'owning_customer_name' END,
                               CASE WHEN s.owning_department_id IS NOT NULL AND t.owning_department_id IS NULL THEN 'owning_department_id' END,
                               CASE WHEN s.owning_department_name IS NOT NULL AND t.owning_department_name IS NULL THEN 'owning_department_name' END,
                               CASE WHEN s.requesting_customer_id IS NOT NULL AND t.requesting_customer_id IS NULL THEN 'requesting_customer_id' END,
                               CASE WHEN s.requesting_customer_name IS NOT NULL AND t.requesting_customer_name IS NULL THEN 'requesting_customer_name' END,
                               CASE WHEN s.requesting_department_id IS NOT NULL AND t.requesting_department_id IS NULL THEN 'requesting_department_id' END,
                               CASE WHEN s.requesting_department_name IS NOT NULL AND t.requesting_department_name IS NULL THEN 'requesting_department_name' END,
                               CASE WHEN s.purchase_cost IS NOT NULL AND t.purchase_cost IS NULL THEN 'purchase_cost' END,
                               CASE WHEN s.acquisition_date IS NOT NULL AND t.acquisition_date IS NULL THEN 'acquisition_date' END,
                               CASE WHEN s.expected_replacement_date IS NOT NULL AND t.expected_replacement_date IS NULL THEN 'expected_replacement_date' END,
                               CASE WHEN s.manufacturer_id IS NOT NULL AND t.manufacturer_id IS NULL THEN 'manufacturer_id' END,
                               CASE WHEN s.manufacturer_name IS NOT NULL AND t.manufacturer_name IS NULL THEN 'manufacturer_name' END,
                               CASE WHEN s.product_model_id IS NOT NULL AND t.product_model_id IS NULL THEN 'product_model_id' END,
                               CASE WHEN s.product_model_name IS NOT NULL AND t.product_model_name IS NULL THEN 'product_model_name' END,
                               CASE WHEN s.supplier_id IS NOT NULL AND t.supplier_id IS NULL THEN 'supplier_id' END,
                               CASE WHEN s.supplier_name IS NOT NULL AND t.supplier_name IS NULL THEN 'supplier_name' END,
                               CASE WHEN s.maintenance_schedule_id IS NOT NULL AND t.maintenance_schedule_id IS NULL THEN 'maintenance_schedule_id' END,
                               CASE WHEN s.maintenance_schedule_name IS NOT NULL AND t.maintenance_schedule_name IS NULL THEN 'maintenance_schedule_name' END,
                               CASE WHEN s.external_source_id IS NOT NULL AND t.external_source_id IS NULL THEN 'external_source_id' END,
                               CASE WHEN s.external_source_name IS NOT NULL AND t.external_source_name IS NULL THEN 'external_source_name' END,
                               CASE WHEN s.created_uid IS NOT NULL AND t.created_uid IS NULL THEN 'created_uid' END,
                               CASE WHEN s.created_full_name IS NOT NULL AND t.created_full_name IS NULL THEN 'created_full_name' END,
                               CASE WHEN s.created_date IS NOT NULL AND t.created_date IS NULL THEN 'created_date' END,
                               CASE WHEN s.modified_uid IS NOT NULL AND t.modified_uid IS NULL THEN 'modified_uid' END,
                               CASE WHEN s.modified_full_name IS NOT NULL AND t.modified_full_name IS NULL THEN 'modified_full_name' END,
                               CASE WHEN s.modified_date IS NOT NULL AND t.modified_date IS NULL THEN 'modified_date' END,
                               CASE WHEN s.attr_mac_address IS NOT NULL AND t.attr_mac_address IS NULL THEN 'attr_mac_address' END,
                               CASE WHEN s.attr_ip_address IS NOT NULL AND t.attr_ip_address IS NULL THEN 'attr_ip_address' END,
                               CASE WHEN s.attr_operating_system_id IS NOT NULL AND t.attr_operating_system_id IS NULL THEN 'attr_operating_system_id' END,
                               CASE WHEN s.attr_operating_system_name IS NOT NULL AND t.attr_operating_system_name IS NULL THEN 'attr_operating_system_name' END,
                               CASE WHEN s.attr_last_inventoried_date IS NOT NULL AND t.attr_last_inventoried_date IS NULL THEN 'attr_last_inventoried_date' END,
                               CASE WHEN s.attr_purchase_shortcode IS NOT NULL AND t.attr_purchase_shortcode IS NULL THEN 'attr_purchase_shortcode' END,
                               CASE WHEN s.attr_function_id IS NOT NULL AND t.attr_function_id IS NULL THEN 'attr_function_id' END,
                               CASE WHEN s.attr_function_name IS NOT NULL AND t.attr_function_name IS NULL THEN 'attr_function_name' END,
                               CASE WHEN s.attr_financial_owner_uid IS NOT NULL AND t.attr_financial_owner_uid IS NULL THEN 'attr_financial_owner_uid' END,
                               CASE WHEN s.attr_financial_owner_name IS NOT NULL AND t.attr_financial_owner_name IS NULL THEN 'attr_financial_owner_name' END,
                               CASE WHEN s.attr_support_groups_raw IS NOT NULL AND t.attr_support_groups_ids IS NULL THEN 'attr_support_groups_ids' END,
                               CASE WHEN s.attr_support_groups_text IS NOT NULL AND t.attr_support_groups_text IS NULL THEN 'attr_support_groups_text' END,
                               CASE WHEN s.attr_memory IS NOT NULL AND t.attr_memory IS NULL THEN 'attr_memory' END,
                               CASE WHEN s.attr_storage IS NOT NULL AND t.attr_storage IS NULL THEN 'attr_storage' END,
                               CASE WHEN s.attr_processor_count IS NOT NULL AND t.attr_processor_count IS NULL THEN 'attr_processor_count' END,
                               CASE WHEN s.attributes IS NOT NULL AND t.attributes IS NULL THEN 'attributes' END,
                               CASE WHEN s.attachments IS NOT NULL AND t.attachments IS NULL THEN 'attachments' END], NULL) AS nulled,
       array_remove(ARRAY[CASE WHEN s.tdx_asset_id IS NULL THEN 'tdx_asset_id' END, CASE WHEN s.name IS NULL THEN 'name' END,
                          CASE WHEN s.app_id IS NULL THEN 'app_id' END, CASE WHEN s.form_id IS NULL THEN 'form_id' END,
                          CASE WHEN s.status_id IS NULL THEN 'status_id' END,
                          CASE WHEN s.configuration_item_id IS NULL THEN 'configuration_item_id' END], NULL) AS missing
FROM (SELECT c.raw_id, c.external_id, c.is_deleted,
             c.raw_data #> '{}' AS d -- the record decompressed once: each ->> below would decompress it again
      FROM tdx_assets_changed c
      OFFSET 0) c
-- Each attribute: the Value (or ValueText) of the first element with that Name. One pass finds the position of each
-- Name's first element (min of the ordinality: a pass-by-value aggregate, where 15 array_agg each built an array in
-- a memory context of their own per asset), and the values are then read from the array by position.
CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(c.d -> 'Attributes') = 'array' THEN c.d -> 'Attributes' ELSE '[]'::jsonb END AS at OFFSET 0) x
CROSS JOIN LATERAL (
    SELECT min(e.i) FILTER (WHERE e.n = 'MAC Address(es)') AS i0,
           min(e.i) FILTER (WHERE e.n = 'Reserved IP Address(es)') AS i1,
           min(e.i) FILTER (WHERE e.n = 'Operating System') AS i2,
           min(e.i) FILTER (WHERE e.n = 'Last Inventoried Date') AS i3,
           min(e.i) FILTER (WHERE e.n = 'Purchase Shortcode') AS i4,
           min(e.i) FILTER (WHERE e.n = 'Function') AS i5,
           min(e.i) FILTER (WHERE e.n = 'Financial Owner/Responsible') AS i6,
           min(e.i) FILTER (WHERE e.n = 'Support Group(s)') AS i7,
           min(e.i) FILTER (WHERE e.n = 'Memory') AS i8,
           min(e.i) FILTER (WHERE e.n = 'Storage') AS i9,
           min(e.i) FILTER (WHERE e.n = 'Processor(s)') AS i10
    FROM (SELECT e.value ->> 'Name' AS n, e.i::integer AS i FROM jsonb_array_elements(x.at) WITH ORDINALITY e (value, i) OFFSET 0) e
) a
CROSS JOIN LATERAL (
    SELECT x.at -> (a.i0 - 1) ->> 'Value' AS attr_mac_address,
           x.at -> (a.i1 - 1) ->> 'Value' AS attr_ip_address,
           x.at -> (a.i2 - 1) ->> 'Value' AS attr_operating_system_id,
           x.at -> (a.i2 - 1) ->> 'ValueText' AS attr_operating_system_name,
           x.at -> (a.i3 - 1) ->> 'Value' AS attr_last_inventoried_date,
           x.at -> (a.i4 - 1) ->> 'Value' AS attr_purchase_shortcode,
           x.at -> (a.i5 - 1) ->> 'Value' AS attr_function_id,
           x.at -> (a.i5 - 1) ->> 'ValueText' AS attr_function_name,
           x.at -> (a.i6 - 1) ->> 'Value' AS attr_financial_owner_uid,
           x.at -> (a.i6 - 1) ->> 'ValueText' AS attr_financial_owner_name,
           x.at -> (a.i7 - 1) ->> 'Value' AS attr_support_groups_raw,
           x.at -> (a.i7 - 1) ->> 'ValueText' AS attr_support_groups_text,
           x.at -> (a.i8 - 1) ->> 'Value' AS attr_memory,
           x.at -> (a.i9 - 1) ->> 'Value' AS attr_storage,
           x.at -> (a.i10 - 1) ->> 'Value' AS attr_processor_count
    OFFSET 0
) av
CROSS JOIN LATERAL (
    SELECT silver.clean_text(c.d ->> 'ID') AS tdx_asset_id,
           silver.clean_text(c.d ->> 'Tag') AS tag,
           silver.clean_text(c.d ->> 'Name') AS name,
           silver.clean_text(c.d ->> 'Uri') AS uri,
           silver.clean_text(c.d ->> 'ExternalID') AS external_id,
           CASE WHEN lower(silver.clean_text(c.d ->> 'SerialNumber')) <> 'none' THEN silver.clean_text(c.d ->> 'SerialNumber') END AS serial_number,
           silver.clean_text(c.d ->> 'AppID') AS app_id,
           silver.clean_text(c.d ->> 'AppName') AS app_name,
           silver.clean_text(c.d ->> 'FormID') AS form_id,
           silver.clean_text(c.d ->> 'FormName') AS form_name,
           silver.clean_text(c.d ->> 'StatusID') AS status_id,
           silver.clean_text(c.d ->> 'StatusName') AS status_name,
           nullif(silver.clean_text(c.d ->> 'ParentID'), '0') AS parent_id,
           silver.clean_text(c.d ->> 'ParentTag') AS parent_tag,
           silver.clean_text(c.d ->> 'ParentName') AS parent_name,
           silver.clean_text(c.d ->> 'ParentSerialNumber') AS parent_serial_number,
           silver.clean_text(c.d ->> 'ConfigurationItemID') AS configuration_item_id,
           nullif(silver.clean_text(c.d ->> 'LocationID'), '0') AS location_id,
           silver.clean_text(c.d ->> 'LocationName') AS location_name,
           nullif(silver.clean_text(c.d ->> 'LocationRoomID'), '0') AS location_room_id,
           silver.clean_text(c.d ->> 'LocationRoomName') AS location_room_name,
           nullif(silver.clean_text(c.d ->> 'OwningCustomerID'), '00000000-0000-0000-0000-000000000000') AS owning_customer_id,
           silver.clean_text(c.d ->> 'OwningCustomerName') AS owning_customer_name,
           nullif(silver.clean_text(c.d ->> 'OwningDepartmentID'), '0') AS owning_department_id,
           silver.clean_text(c.d ->> 'OwningDepartmentName') AS owning_department_name,
           nullif(silver.clean_text(c.d ->> 'RequestingCustomerID'), '00000000-0000-0000-0000-000000000000') AS requesting_customer_id,
           silver.clean_text(c.d ->> 'RequestingCustomerName') AS requesting_customer_name,
           nullif(silver.clean_text(c.d ->> 'RequestingDepartmentID'), '0') AS requesting_department_id,
           silver.clean_text(c.d ->> 'RequestingDepartmentName') AS requesting_department_name,
           CASE WHEN silver.clean_text(c.d ->> 'PurchaseCost') !~ '^0+(\.0*)?$' THEN silver.clean_text(c.d ->> 'PurchaseCost') END AS purchase_cost,
           CASE WHEN silver.clean_text(c.d ->> 'AcquisitionDate') NOT LIKE '0001-01-01%' THEN silver.clean_text(c.d ->> 'AcquisitionDate') END AS acquisition_date,
           CASE WHEN silver.clean_text(c.d ->> 'ExpectedReplacementDate') NOT LIKE '0001-01-01%' THEN silver.clean_text(c.d ->> 'ExpectedReplacementDate') END AS expected_replacement_date,
           nullif(silver.clean_text(c.d ->> 'ManufacturerID'), '0') AS manufacturer_id,
           silver.clean_text(c.d ->> 'ManufacturerName') AS manufacturer_name,
           nullif(silver.clean_text(c.d ->> 'ProductModelID'), '0') AS product_model_id,
           silver.clean_text(c.d ->> 'ProductModelName') AS product_model_name,
           nullif(silver.clean_text(c.d ->> 'SupplierID'), '0') AS supplier_id,
           silver.clean_text(c.d ->> 'SupplierName') AS supplier_name,
           nullif(silver.clean_text(c.d ->> 'MaintenanceScheduleID'), '0') AS maintenance_schedule_id,
           silver.clean_text(c.d ->> 'MaintenanceScheduleName') AS maintenance_schedule_name,
           nullif(silver.clean_text(c.d ->> 'ExternalSourceID'), '0') AS external_source_id,
           silver.clean_text(c.d ->> 'ExternalSourceName') AS external_source_name,
           nullif(silver.clean_text(c.d ->> 'CreatedUid'), '00000000-0000-0000-0000-000000000000') AS created_uid,
           silver.clean_text(c.d ->> 'CreatedFullName') AS created_full_name,
           CASE WHEN silver.clean_text(c.d ->> 'CreatedDate') NOT LIKE '0001-01-01%' THEN silver.clean_text(c.d ->> 'CreatedDate') END AS created_date,
           nullif(silver.clean_text(c.d ->> 'ModifiedUid'), '00000000-0000-0000-0000-000000000000') AS modified_uid,
           silver.clean_text(c.d ->> 'ModifiedFullName') AS modified_full_name,
           CASE WHEN silver.clean_text(c.d ->> 'ModifiedDate') NOT LIKE '0001-01-01%' THEN silver.clean_text(c.d ->> 'ModifiedDate') END AS modified_date,
           CASE WHEN lower(silver.clean_text(av.attr_mac_address)) <> 'none' THEN silver.clean_text(av.attr_mac_address) END AS attr_mac_address,
           CASE WHEN lower(silver.clean_text(av.attr_ip_address)) <> 'none' THEN silver.clean_text(av.attr_ip_address) END AS attr_ip_address,
           CASE WHEN lower(silver.clean_text(av.attr_operating_system_id)) <> 'none' THEN silver.clean_text(av.attr_operating_system_id) END AS attr_operating_system_id,
           CASE WHEN lower(silver.clean_text(av.attr_operating_system_name)) <> 'none' THEN silver.clean_text(av.attr_operating_system_name) END AS attr_operating_system_name,
           CASE WHEN lower(silver.clean_text(av.attr_last_inventoried_date)) <> 'none' THEN silver.clean_text(av.attr_last_inventoried_date) END AS attr_last_inventoried_date,
           CASE WHEN lower(silver.clean_text(av.attr_purchase_shortcode)) <> 'none' THEN silver.clean_text(av.attr_purchase_shortcode) END AS attr_purchase_shortcode,
           CASE WHEN lower(silver.clean_text(av.attr_function_id)) <> 'none' THEN silver.clean_text(av.attr_function_id) END AS attr_function_id,
           CASE WHEN lower(silver.clean_text(av.attr_function_name)) <> 'none' THEN silver.clean_text(av.attr_function_name) END AS attr_function_name,
           nullif(CASE WHEN lower(silver.clean_text(av.attr_financial_owner_uid)) <> 'none' THEN silver.clean_text(av.attr_financial_owner_uid) END, '00000000-0000-0000-0000-000000000000') AS attr_financial_owner_uid,
           CASE WHEN lower(silver.clean_text(av.attr_financial_owner_name)) <> 'none' THEN silver.clean_text(av.attr_financial_owner_name) END AS attr_financial_owner_name,
           CASE WHEN lower(silver.clean_text(av.attr_support_groups_raw)) <> 'none' THEN silver.clean_text(av.attr_support_groups_raw) END AS attr_support_groups_raw,
           CASE WHEN lower(silver.clean_text(av.attr_support_groups_text)) <> 'none' THEN silver.clean_text(av.attr_support_groups_text) END AS attr_support_groups_text,
           CASE WHEN lower(silver.clean_text(av.attr_memory)) <> 'none' THEN silver.clean_text(av.attr_memory) END AS attr_memory,
           CASE WHEN lower(silver.clean_text(av.attr_storage)) <> 'none' THEN silver.clean_text(av.attr_storage) END AS attr_storage,
           CASE WHEN lower(silver.clean_text(av.attr_processor_count)) <> 'none' THEN silver.clean_text(av.attr_processor_count) END AS attr_processor_count,
           nullif(c.d -> 'Attributes', 'null'::jsonb) AS attributes,
           nullif(c.d -> 'Attachments', 'null'::jsonb) AS attachments
    OFFSET 0 -- see below: s stays a subquery
) s
-- GUIDs and integers through silver.tdx_guid and silver.tdx_int, which test the common shape without a regex (issue 11).
CROSS JOIN LATERAL (
    SELECT silver.tdx_int(s.tdx_asset_id) AS tdx_asset_id,
           CASE WHEN length(s.tag) <= 50 THEN s.tag END AS tag,
           CASE WHEN length(s.name) <= 255 THEN s.name END AS name,
           CASE WHEN length(s.uri) <= 255 THEN s.uri END AS uri,
           s.external_id AS external_id,
           CASE WHEN length(s.serial_number) <= 100 THEN s.serial_number END AS serial_number,
           silver.tdx_int(s.app_id) AS app_id,
           CASE WHEN length(s.app_name) <= 255 THEN s.app_name END AS app_name,
           silver.tdx_int(s.form_id) AS form_id,
           CASE WHEN length(s.form_name) <= 255 THEN s.form_name END AS form_name,
           silver.tdx_int(s.status_id) AS status_id,
           CASE WHEN length(s.status_name) <= 100 THEN s.status_name END AS status_name,
           silver.tdx_int(s.parent_id) AS parent_id,
           CASE WHEN length(s.parent_tag) <= 50 THEN s.parent_tag END AS parent_tag,
           CASE WHEN length(s.parent_name) <= 255 THEN s.parent_name END AS parent_name,
           CASE WHEN length(s.parent_serial_number) <= 100 THEN s.parent_serial_number END AS parent_serial_number,
           silver.tdx_int(s.configuration_item_id) AS configuration_item_id,
           silver.tdx_int(s.location_id) AS location_id,
           CASE WHEN length(s.location_name) <= 255 THEN s.location_name END AS location_name,
           silver.tdx_int(s.location_room_id) AS location_room_id,
           CASE WHEN length(s.location_room_name) <= 255 THEN s.location_room_name END AS location_room_name,
           silver.tdx_guid(s.owning_customer_id) AS owning_customer_id,
           CASE WHEN length(s.owning_customer_name) <= 255 THEN s.owning_customer_name END AS owning_customer_name,
           silver.tdx_int(s.owning_department_id) AS owning_department_id,
           CASE WHEN length(s.owning_department_name) <= 255 THEN s.owning_department_name END AS owning_department_name,
           silver.tdx_guid(s.requesting_customer_id) AS requesting_customer_id,
           CASE WHEN length(s.requesting_customer_name) <= 255 THEN s.requesting_customer_name END AS requesting_customer_name,
           silver.tdx_int(s.requesting_department_id) AS requesting_department_id,
           CASE WHEN length(s.requesting_department_name) <= 255 THEN s.requesting_department_name END AS requesting_department_name,
           CASE WHEN s.purchase_cost ~ '^-?\d{1,7}(\.\d+)?$' THEN s.purchase_cost::numeric(10,2) END AS purchase_cost,
           silver.try_iso_timestamptz(s.acquisition_date) AS acquisition_date,
           silver.try_iso_timestamptz(s.expected_replacement_date) AS expected_replacement_date,
           silver.tdx_int(s.manufacturer_id) AS manufacturer_id,
           CASE WHEN length(s.manufacturer_name) <= 255 THEN s.manufacturer_name END AS manufacturer_name,
           silver.tdx_int(s.product_model_id) AS product_model_id,
           CASE WHEN length(s.product_model_name) <= 255 THEN s.product_model_name END AS product_model_name,
           silver.tdx_int(s.supplier_id) AS supplier_id,
           CASE WHEN length(s.supplier_name) <= 255 THEN s.supplier_name END AS supplier_name,
           silver.tdx_int(s.maintenance_schedule_id) AS maintenance_schedule_id,
           CASE WHEN length(s.maintenance_schedule_name) <= 255 THEN s.maintenance_schedule_name END AS maintenance_schedule_name,
           silver.tdx_int(s.external_source_id) AS external_source_id,
           CASE WHEN length(s.external_source_name) <= 255 THEN s.external_source_name END AS external_source_name,
           silver.tdx_guid(s.created_uid) AS created_uid,
           CASE WHEN length(s.created_full_name) <= 255 THEN s.created_full_name END AS created_full_name,
           silver.try_iso_timestamptz(s.created_date) AS created_date,
           silver.tdx_guid(s.modified_uid) AS modified_uid,
           CASE WHEN length(s.modified_full_name) <= 255 THEN s.modified_full_name END AS modified_full_name,
           silver.try_iso_timestamptz(s.modified_date) AS modified_date,
           CASE WHEN length(s.attr_mac_address) <= 200 THEN s.attr_mac_address END AS attr_mac_address,
           CASE WHEN length(s.attr_ip_address) <= 150 THEN s.attr_ip_address END AS attr_ip_address,
           silver.tdx_int(s.attr_operating_system_id) AS attr_operating_system_id,
           CASE WHEN length(s.attr_operating_system_name) <= 255 THEN s.attr_operating_system_name END AS attr_operating_system_name,
           silver.try_iso_timestamptz(s.attr_last_inventoried_date) AS attr_last_inventoried_date,
           CASE WHEN length(s.attr_purchase_shortcode) <= 100 THEN s.attr_purchase_shortcode END AS attr_purchase_shortcode,
           silver.tdx_int(s.attr_function_id) AS attr_function_id,
           CASE WHEN length(s.attr_function_name) <= 255 THEN s.attr_function_name END AS attr_function_name,
           silver.tdx_guid(s.attr_financial_owner_uid) AS attr_financial_owner_uid,
           CASE WHEN length(s.attr_financial_owner_name) <= 255 THEN s.attr_financial_owner_name END AS attr_financial_owner_name,
           CASE WHEN s.attr_support_groups_raw ~ '^\s*\d{1,9}\s*(,\s*\d{1,9}\s*)*$' THEN to_jsonb(string_to_array(regexp_replace(s.attr_support_groups_raw, '\s', '', 'g'), ',')::integer[]) END AS attr_support_groups_ids,
           CASE WHEN length(s.attr_support_groups_text) <= 500 THEN s.attr_support_groups_text END AS attr_support_groups_text,
           CASE WHEN length(s.attr_memory) <= 100 THEN s.attr_memory END AS attr_memory,
           CASE WHEN length(s.attr_storage) <= 150 THEN s.attr_storage END AS attr_storage,
           CASE WHEN length(s.attr_processor_count) <= 150 THEN s.attr_processor_count END AS attr_processor_count,
           CASE WHEN s.attributes IS NULL THEN '[]'::jsonb WHEN jsonb_typeof(s.attributes) = 'array' THEN s.attributes END AS attributes,
           CASE WHEN s.attachments IS NULL THEN '[]'::jsonb WHEN jsonb_typeof(s.attachments) = 'array' THEN s.attachments END AS attachments
    OFFSET 0 -- t stays a subquery too: the nulled list reads its columns, which would otherwise be typed again
) t
WHERE NOT c.is_deleted;

-- One row per ID (two entities claiming one ID: the smaller external id) with every required value.
CREATE TEMP TABLE tdx_assets_rows ON COMMIT DROP AS
SELECT DISTINCT ON (t.tdx_asset_id) t.*
FROM tdx_assets_typed t
WHERE t.tdx_asset_id IS NOT NULL AND t.name IS NOT NULL AND t.app_id IS NOT NULL AND t.form_id IS NOT NULL
  AND t.status_id IS NOT NULL AND t.configuration_item_id IS NOT NULL
ORDER BY t.tdx_asset_id, t.entity_id;

-- Who keeps each tag: among these rows and the rows not recomputed now, the smaller ID.
CREATE TEMP TABLE tdx_assets_tag ON COMMIT DROP AS
SELECT DISTINCT ON (tag) tag, tdx_asset_id
FROM (SELECT tag, tdx_asset_id FROM tdx_assets_rows WHERE tag IS NOT NULL
      UNION ALL
      SELECT s.tag, s.tdx_asset_id FROM silver.tdx_assets s
      WHERE s.tag IN (SELECT tag FROM tdx_assets_rows)
        AND s.tdx_asset_id NOT IN (SELECT tdx_asset_id FROM tdx_assets_changed c JOIN tdx_assets_taken t USING (external_id))
        AND s.tdx_asset_id NOT IN (SELECT tdx_asset_id FROM tdx_assets_rows)) claims
ORDER BY tag, tdx_asset_id;

-- Rows of processed entities that no longer yield a row (tombstoned or unusable), or whose entity now yields another ID.
CREATE TEMP TABLE tdx_assets_gone ON COMMIT DROP AS
SELECT s.tdx_asset_id
FROM silver.tdx_assets s
WHERE (s.tdx_asset_id IN (SELECT t.tdx_asset_id FROM tdx_assets_taken t JOIN tdx_assets_changed c USING (external_id))
       OR (SELECT full_refresh FROM silver_step))
  AND s.tdx_asset_id NOT IN (SELECT tdx_asset_id FROM tdx_assets_rows);

-- The unique index on tag is checked row by row: free the tags that move (and the rows going away) first.
DELETE FROM silver.tdx_assets s WHERE s.tdx_asset_id IN (SELECT tdx_asset_id FROM tdx_assets_gone);
UPDATE silver.tdx_assets s
SET tag = NULL
WHERE s.tag IN (SELECT tag FROM tdx_assets_rows)
  AND NOT EXISTS (SELECT 1 FROM tdx_assets_tag g WHERE g.tag = s.tag AND g.tdx_asset_id = s.tdx_asset_id);

WITH written AS (
    INSERT INTO silver.tdx_assets AS s (
        tdx_asset_id, tag, name, uri, external_id, serial_number, app_id, app_name, form_id, form_name, status_id, status_name, parent_id, parent_tag, parent_name, parent_serial_number, configuration_item_id, location_id, location_name, location_room_id, location_room_name, owning_customer_id, owning_customer_name, owning_department_id, owning_department_name, requesting_customer_id, requesting_customer_name, requesting_department_id, requesting_department_name, purchase_cost, acquisition_date, expected_replacement_date, manufacturer_id, manufacturer_name, product_model_id, product_model_name, supplier_id, supplier_name, maintenance_schedule_id, maintenance_schedule_name, external_source_id, external_source_name, created_uid, created_full_name, created_date, modified_uid, modified_full_name, modified_date, attr_mac_address, attr_ip_address, attr_operating_system_id, attr_operating_system_name, attr_last_inventoried_date, attr_purchase_shortcode, attr_function_id, attr_function_name, attr_financial_owner_uid, attr_financial_owner_name, attr_support_groups_ids, attr_support_groups_text, attr_memory, attr_storage, attr_processor_count, attributes, attachments,
        raw_id, entity_hash, ingestion_run_id)
    SELECT r.tdx_asset_id, g.tag, r.name, r.uri, r.external_id, r.serial_number, r.app_id, r.app_name, r.form_id, r.form_name, r.status_id, r.status_name, r.parent_id, r.parent_tag, r.parent_name, r.parent_serial_number, r.configuration_item_id, r.location_id, r.location_name, r.location_room_id, r.location_room_name, r.owning_customer_id, r.owning_customer_name, r.owning_department_id, r.owning_department_name, r.requesting_customer_id, r.requesting_customer_name, r.requesting_department_id, r.requesting_department_name, r.purchase_cost, r.acquisition_date, r.expected_replacement_date, r.manufacturer_id, r.manufacturer_name, r.product_model_id, r.product_model_name, r.supplier_id, r.supplier_name, r.maintenance_schedule_id, r.maintenance_schedule_name, r.external_source_id, r.external_source_name, r.created_uid, r.created_full_name, r.created_date, r.modified_uid, r.modified_full_name, r.modified_date, r.attr_mac_address, r.attr_ip_address, r.attr_operating_system_id, r.attr_operating_system_name, r.attr_last_inventoried_date, r.attr_purchase_shortcode, r.attr_function_id, r.attr_function_name, r.attr_financial_owner_uid, r.attr_financial_owner_name, r.attr_support_groups_ids, r.attr_support_groups_text, r.attr_memory, r.attr_storage, r.attr_processor_count, r.attributes, r.attachments,
           r.raw_id,
           encode(sha256(convert_to(ROW(r.tdx_asset_id, r.tag, r.name, r.uri, r.external_id, r.serial_number, r.app_id, r.app_name, r.form_id, r.form_name, r.status_id, r.status_name, r.parent_id, r.parent_tag, r.parent_name, r.parent_serial_number, r.configuration_item_id, r.location_id, r.location_name, r.location_room_id, r.location_room_name, r.owning_customer_id, r.owning_customer_name, r.owning_department_id, r.owning_department_name, r.requesting_customer_id, r.requesting_customer_name, r.requesting_department_id, r.requesting_department_name, r.purchase_cost, r.acquisition_date, r.expected_replacement_date, r.manufacturer_id, r.manufacturer_name, r.product_model_id, r.product_model_name, r.supplier_id, r.supplier_name, r.maintenance_schedule_id, r.maintenance_schedule_name, r.external_source_id, r.external_source_name, r.created_uid, r.created_full_name, r.created_date, r.modified_uid, r.modified_full_name, r.modified_date, r.attr_mac_address, r.attr_ip_address, r.attr_operating_system_id, r.attr_operating_system_name, r.attr_last_inventoried_date, r.attr_purchase_shortcode, r.attr_function_id, r.attr_function_name, r.attr_financial_owner_uid, r.attr_financial_owner_name, r.attr_support_groups_ids, r.attr_support_groups_text, r.attr_memory, r.attr_storage, r.attr_processor_count, r.attributes, r.attachments)::text, 'UTF8')), 'hex'),
           (SELECT run_id FROM silver_step)
    FROM tdx_assets_rows r
    LEFT JOIN tdx_assets_tag g ON g.tag = r.tag AND g.tdx_asset_id = r.tdx_asset_id
    ON CONFLICT (tdx_asset_id) DO UPDATE
    SET tag = EXCLUDED.tag,
        name = EXCLUDED.name,
        uri = EXCLUDED.uri,
        external_id = EXCLUDED.external_id,
        serial_number = EXCLUDED.serial_number,
        app_id = EXCLUDED.app_id,
        app_name = EXCLUDED.app_name,
        form_id = EXCLUDED.form_id,
        form_name = EXCLUDED.form_name,
        status_id = EXCLUDED.status_id,
        status_name = EXCLUDED.status_name,
        parent_id = EXCLUDED.parent_id,
        parent_tag = EXCLUDED.parent_tag,
        parent_name = EXCLUDED.parent_name,
        parent_serial_number = EXCLUDED.parent_serial_number,
        configuration_item_id = EXCLUDED.configuration_item_id,
        location_id = EXCLUDED.location_id,
        location_name = EXCLUDED.location_name,
        location_room_id = EXCLUDED.location_room_id,
        location_room_name = EXCLUDED.location_room_name,
        owning_customer_id = EXCLUDED.owning_customer_id,
        owning_customer_name = EXCLUDED.owning_customer_name,
        owning_department_id = EXCLUDED.owning_department_id,
        owning_department_name = EXCLUDED.owning_department_name,
        requesting_customer_id = EXCLUDED.requesting_customer_id,
        requesting_customer_name = EXCLUDED.requesting_customer_name,
        requesting_department_id = EXCLUDED.requesting_department_id,
        requesting_department_name = EXCLUDED.requesting_department_name,
        purchase_cost = EXCLUDED.purchase_cost,
        acquisition_date = EXCLUDED.acquisition_date,
        expected_replacement_date = EXCLUDED.expected_replacement_date,
        manufacturer_id = EXCLUDED.manufacturer_id,
        manufacturer_name = EXCLUDED.manufacturer_name,
        product_model_id = EXCLUDED.product_model_id,
        product_model_name = EXCLUDED.product_model_name,
        supplier_id = EXCLUDED.supplier_id,
        supplier_name = EXCLUDED.supplier_name,
        maintenance_schedule_id = EXCLUDED.maintenance_schedule_id,
        maintenance_schedule_name = EXCLUDED.maintenance_schedule_name,
        external_source_id = EXCLUDED.external_source_id,
        external_source_name = EXCLUDED.external_source_name,
        created_uid = EXCLUDED.created_uid,
        created_full_name = EXCLUDED.created_full_name,
        created_date = EXCLUDED.created_date,
        modified_uid = EXCLUDED.modified_uid,
        modified_full_name = EXCLUDED.modified_full_name,
        modified_date = EXCLUDED.modified_date,
        attr_mac_address = EXCLUDED.attr_mac_address,
        attr_ip_address = EXCLUDED.attr_ip_address,
        attr_operating_system_id = EXCLUDED.attr_operating_system_id,
        attr_operating_system_name = EXCLUDED.attr_operating_system_name,
        attr_last_inventoried_date = EXCLUDED.attr_last_inventoried_date,
        attr_purchase_shortcode = EXCLUDED.attr_purchase_shortcode,
        attr_function_id = EXCLUDED.attr_function_id,
        attr_function_name = EXCLUDED.attr_function_name,
        attr_financial_owner_uid = EXCLUDED.attr_financial_owner_uid,
        attr_financial_owner_name = EXCLUDED.attr_financial_owner_name,
        attr_support_groups_ids = EXCLUDED.attr_support_groups_ids,
        attr_support_groups_text = EXCLUDED.attr_support_groups_text,
        attr_memory = EXCLUDED.attr_memory,
        attr_storage = EXCLUDED.attr_storage,
        attr_processor_count = EXCLUDED.attr_processor_count,
        attributes = EXCLUDED.attributes,
        attachments = EXCLUDED.attachments,
        raw_id = EXCLUDED.raw_id, entity_hash = EXCLUDED.entity_hash, ingestion_run_id = EXCLUDED.ingestion_run_id,
        updated_at = CURRENT_TIMESTAMP
    -- A new bronze version with the same content only moves the lineage (raw_id), so it is not read again.
    WHERE s.entity_hash IS DISTINCT FROM EXCLUDED.entity_hash OR s.raw_id IS DISTINCT FROM EXCLUDED.raw_id
       OR s.tag IS DISTINCT FROM EXCLUDED.tag
    RETURNING (xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM tdx_assets_changed)                                     AS rows_read,
       (SELECT count(*) FILTER (WHERE inserted) FROM written)                        AS inserted,
       (SELECT count(*) FILTER (WHERE NOT inserted) FROM written)                    AS updated,
       (SELECT count(*) FROM tdx_assets_gone)                                        AS deleted,
       (SELECT count(*) FROM tdx_assets_typed t
        WHERE NOT EXISTS (SELECT 1 FROM tdx_assets_rows r WHERE r.raw_id = t.raw_id)) AS skipped,
       (SELECT coalesce(jsonb_object_agg(outcome, n), '{}'::jsonb)
        FROM (SELECT outcome, count(*) AS n
              FROM (SELECT 'invalid:' || unnest(t.nulled) AS outcome FROM tdx_assets_typed t
                    UNION ALL
                    SELECT 'missing:' || unnest(t.missing) FROM tdx_assets_typed t
                    UNION ALL
                    SELECT 'duplicate_key' FROM tdx_assets_typed t
                    WHERE cardinality(t.missing) = 0 AND t.tdx_asset_id IS NOT NULL AND t.name IS NOT NULL AND t.app_id IS NOT NULL
                      AND t.form_id IS NOT NULL AND t.status_id IS NOT NULL AND t.configuration_item_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM tdx_assets_rows r WHERE r.raw_id = t.raw_id)
                    UNION ALL
                    SELECT 'duplicate:tag' FROM tdx_assets_rows r
                    WHERE r.tag IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM tdx_assets_tag g WHERE g.tag = r.tag AND g.tdx_asset_id = r.tdx_asset_id)) outcomes
              GROUP BY outcome) counted)                                             AS quality;
