-- Sleeps long enough to be stopped by a timeout or a cancellation.
SELECT pg_sleep(30), 0 AS rows_read;
