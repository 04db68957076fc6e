-- Kept in step with Postgres' 0015 (its rollups' trigger function adds each difference with one
-- upsert, closing a race between two writers). SQLite runs one writer at a time and its
-- row triggers already upsert: nothing to change.
SELECT 1;
