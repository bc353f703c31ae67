-- Writes a row, then fails on line 9 (the column does not exist; PostgreSQL reports a position).
INSERT INTO silver.lab_awards (award_id, person_uniqname, person_role, award_title, raw_id, entity_hash)
VALUES ('AWD1', 'someone', 'Principal Investigator', 'written before the failure', gen_random_uuid(), 'x');

CREATE TEMP TABLE broken_input ON COMMIT DROP AS
SELECT 1 AS x;

SELECT x
FROM broken_input WHERE no_such_column = 1;

SELECT 0 AS rows_read;
