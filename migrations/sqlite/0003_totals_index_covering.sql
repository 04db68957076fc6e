-- SQLite counts an index as covering only when it holds every column a query names; the
-- totals name deleted_at (the partial index's condition), so it joins the index.
DROP INDEX time_entries_totals;
CREATE INDEX time_entries_totals ON time_entries
    (account_id, project_id, task_id, user_id, started_at, worked_minutes, billable, invoice_number, deleted_at)
    WHERE deleted_at IS NULL;
