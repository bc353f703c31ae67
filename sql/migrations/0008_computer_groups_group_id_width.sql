-- computer_groups.group_id as wide as silver.groups.group_id (varchar(100)): the original's varchar(50) made one long
-- group id abort the whole computer_groups refresh (docs/silver-model.md). The baseline already has the width, so on a
-- fresh database this changes nothing.
ALTER TABLE silver.computer_groups ALTER COLUMN group_id TYPE varchar(100);
