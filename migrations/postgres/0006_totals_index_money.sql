-- Project dashboards sum money too (flat_rate, hour_rate_cents): the covering totals index
-- gains those columns, so Teamwork totals and dashboards alike read one index range per
-- project and never the table rows.
DROP INDEX time_entries_totals;
CREATE INDEX time_entries_totals ON time_entries
    (account_id, project_id, task_id, user_id, started_at, worked_minutes, billable, invoice_number,
     flat_rate, hour_rate_cents, deleted_at)
    WHERE deleted_at IS NULL;
