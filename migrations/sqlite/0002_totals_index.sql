-- A covering index for time totals: sums over an account, a project or a task read only the
-- index, never the table. Partial, so deleted entries take no room in it.
CREATE INDEX time_entries_totals ON time_entries
    (account_id, project_id, task_id, user_id, started_at, worked_minutes, billable, invoice_number)
    WHERE deleted_at IS NULL;

-- Lists of an account's entries in time order (the API's default) read this in order.
CREATE INDEX time_entries_account_start ON time_entries (account_id, started_at);
