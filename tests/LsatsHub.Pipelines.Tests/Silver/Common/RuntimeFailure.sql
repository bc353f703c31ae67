-- A run-time error has no position: the error names the line where the failing statement starts.
SELECT 1 AS warm_up;

SELECT count(*) / 0 AS rows_read
FROM silver.lab_awards;
