-- Whole months of time per project × person (issue 17): a project's time per person over its
-- whole history (the dashboard's breakdown) and a person's totals read a row per project, person
-- and month instead of one per task and day (85 000 rows for a project of five years at 5 M
-- entries: 26 ms). No task: a total of one person and one task reads the daily rows. Kept by
-- the same triggers, recreated here with one statement more; filled from the daily rollups.
-- time_entries_started (0013) repeated time_entries_account_start (0002): one index less to
-- write per entry.
CREATE TABLE time_rollups_by_user_month (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    project_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    month TEXT NOT NULL,
    minutes BIGINT NOT NULL DEFAULT 0,
    billable_minutes BIGINT NOT NULL DEFAULT 0,
    billed_minutes BIGINT NOT NULL DEFAULT 0,
    amount BIGINT NOT NULL DEFAULT 0,
    entries BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, project_id, user_id, month)
) WITHOUT ROWID;

CREATE INDEX time_rollups_by_user_month_person ON time_rollups_by_user_month (account_id, user_id, month);

INSERT INTO time_rollups_by_user_month (account_id, project_id, user_id, month, minutes, billable_minutes, billed_minutes, amount, entries)
SELECT account_id, project_id, user_id, SUBSTR(day, 1, 7), SUM(minutes), SUM(billable_minutes), SUM(billed_minutes),
       SUM(amount), SUM(entries)
  FROM time_rollups_by_user GROUP BY account_id, project_id, user_id, SUBSTR(day, 1, 7);

DROP INDEX time_entries_started;

DROP TRIGGER time_rollups_insert;

DROP TRIGGER time_rollups_delete;

DROP TRIGGER time_rollups_update_out;

DROP TRIGGER time_rollups_update_in;

CREATE TRIGGER time_rollups_insert AFTER INSERT ON time_entries
WHEN NEW.deleted_at IS NULL AND NEW.account_day <> ''
BEGIN
    INSERT INTO time_rollups (account_id, project_id, task_id, day, minutes, billable_minutes, billed_minutes, amount, entries)
    VALUES (NEW.account_id, NEW.project_id, COALESCE(NEW.task_id, 0), NEW.account_day, NEW.worked_minutes,
            CASE WHEN NEW.billable = 1 THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.invoice_number IS NOT NULL AND NEW.invoice_number <> '' THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.billable = 1 THEN (CASE WHEN NEW.flat_rate = 1 THEN COALESCE(NEW.hour_rate_cents, 0) * 60
                 ELSE NEW.worked_minutes * COALESCE(NEW.hour_rate_cents, 0) END) ELSE 0 END, 1)
    ON CONFLICT (account_id, project_id, task_id, day) DO UPDATE SET
        minutes = minutes + excluded.minutes, billable_minutes = billable_minutes + excluded.billable_minutes,
        billed_minutes = billed_minutes + excluded.billed_minutes, amount = amount + excluded.amount,
        entries = entries + 1;
    INSERT INTO time_rollups_by_user (account_id, project_id, user_id, task_id, day, minutes, billable_minutes, billed_minutes, amount, entries)
    VALUES (NEW.account_id, NEW.project_id, NEW.user_id, COALESCE(NEW.task_id, 0), NEW.account_day, NEW.worked_minutes,
            CASE WHEN NEW.billable = 1 THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.invoice_number IS NOT NULL AND NEW.invoice_number <> '' THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.billable = 1 THEN (CASE WHEN NEW.flat_rate = 1 THEN COALESCE(NEW.hour_rate_cents, 0) * 60
                 ELSE NEW.worked_minutes * COALESCE(NEW.hour_rate_cents, 0) END) ELSE 0 END, 1)
    ON CONFLICT (account_id, project_id, user_id, task_id, day) DO UPDATE SET
        minutes = minutes + excluded.minutes, billable_minutes = billable_minutes + excluded.billable_minutes,
        billed_minutes = billed_minutes + excluded.billed_minutes, amount = amount + excluded.amount,
        entries = entries + 1;
    INSERT INTO time_rollups_by_month (account_id, project_id, task_id, month, minutes, billable_minutes, billed_minutes, amount, entries)
    VALUES (NEW.account_id, NEW.project_id, COALESCE(NEW.task_id, 0), SUBSTR(NEW.account_day, 1, 7), NEW.worked_minutes,
            CASE WHEN NEW.billable = 1 THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.invoice_number IS NOT NULL AND NEW.invoice_number <> '' THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.billable = 1 THEN (CASE WHEN NEW.flat_rate = 1 THEN COALESCE(NEW.hour_rate_cents, 0) * 60
                 ELSE NEW.worked_minutes * COALESCE(NEW.hour_rate_cents, 0) END) ELSE 0 END, 1)
    ON CONFLICT (account_id, project_id, task_id, month) DO UPDATE SET
        minutes = minutes + excluded.minutes, billable_minutes = billable_minutes + excluded.billable_minutes,
        billed_minutes = billed_minutes + excluded.billed_minutes, amount = amount + excluded.amount,
        entries = entries + 1;
    INSERT INTO time_rollups_by_user_month (account_id, project_id, user_id, month, minutes, billable_minutes, billed_minutes, amount, entries)
    VALUES (NEW.account_id, NEW.project_id, NEW.user_id, SUBSTR(NEW.account_day, 1, 7), NEW.worked_minutes,
            CASE WHEN NEW.billable = 1 THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.invoice_number IS NOT NULL AND NEW.invoice_number <> '' THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.billable = 1 THEN (CASE WHEN NEW.flat_rate = 1 THEN COALESCE(NEW.hour_rate_cents, 0) * 60
                 ELSE NEW.worked_minutes * COALESCE(NEW.hour_rate_cents, 0) END) ELSE 0 END, 1)
    ON CONFLICT (account_id, project_id, user_id, month) DO UPDATE SET
        minutes = minutes + excluded.minutes, billable_minutes = billable_minutes + excluded.billable_minutes,
        billed_minutes = billed_minutes + excluded.billed_minutes, amount = amount + excluded.amount,
        entries = entries + 1;
END;

CREATE TRIGGER time_rollups_delete AFTER DELETE ON time_entries
WHEN OLD.deleted_at IS NULL AND OLD.account_day <> ''
BEGIN
    UPDATE time_rollups SET minutes = minutes - OLD.worked_minutes,
        billable_minutes = billable_minutes - CASE WHEN OLD.billable = 1 THEN OLD.worked_minutes ELSE 0 END,
        billed_minutes = billed_minutes - CASE WHEN OLD.invoice_number IS NOT NULL AND OLD.invoice_number <> '' THEN OLD.worked_minutes ELSE 0 END,
        amount = amount - CASE WHEN OLD.billable = 1 THEN (CASE WHEN OLD.flat_rate = 1 THEN COALESCE(OLD.hour_rate_cents, 0) * 60
                 ELSE OLD.worked_minutes * COALESCE(OLD.hour_rate_cents, 0) END) ELSE 0 END,
        entries = entries - 1
     WHERE account_id = OLD.account_id AND project_id = OLD.project_id AND task_id = COALESCE(OLD.task_id, 0)
       AND day = OLD.account_day;
    UPDATE time_rollups_by_user SET minutes = minutes - OLD.worked_minutes,
        billable_minutes = billable_minutes - CASE WHEN OLD.billable = 1 THEN OLD.worked_minutes ELSE 0 END,
        billed_minutes = billed_minutes - CASE WHEN OLD.invoice_number IS NOT NULL AND OLD.invoice_number <> '' THEN OLD.worked_minutes ELSE 0 END,
        amount = amount - CASE WHEN OLD.billable = 1 THEN (CASE WHEN OLD.flat_rate = 1 THEN COALESCE(OLD.hour_rate_cents, 0) * 60
                 ELSE OLD.worked_minutes * COALESCE(OLD.hour_rate_cents, 0) END) ELSE 0 END,
        entries = entries - 1
     WHERE account_id = OLD.account_id AND project_id = OLD.project_id AND user_id = OLD.user_id
       AND task_id = COALESCE(OLD.task_id, 0) AND day = OLD.account_day;
    UPDATE time_rollups_by_month SET minutes = minutes - OLD.worked_minutes,
        billable_minutes = billable_minutes - CASE WHEN OLD.billable = 1 THEN OLD.worked_minutes ELSE 0 END,
        billed_minutes = billed_minutes - CASE WHEN OLD.invoice_number IS NOT NULL AND OLD.invoice_number <> '' THEN OLD.worked_minutes ELSE 0 END,
        amount = amount - CASE WHEN OLD.billable = 1 THEN (CASE WHEN OLD.flat_rate = 1 THEN COALESCE(OLD.hour_rate_cents, 0) * 60
                 ELSE OLD.worked_minutes * COALESCE(OLD.hour_rate_cents, 0) END) ELSE 0 END,
        entries = entries - 1
     WHERE account_id = OLD.account_id AND project_id = OLD.project_id AND task_id = COALESCE(OLD.task_id, 0)
       AND month = SUBSTR(OLD.account_day, 1, 7);
    UPDATE time_rollups_by_user_month SET minutes = minutes - OLD.worked_minutes,
        billable_minutes = billable_minutes - CASE WHEN OLD.billable = 1 THEN OLD.worked_minutes ELSE 0 END,
        billed_minutes = billed_minutes - CASE WHEN OLD.invoice_number IS NOT NULL AND OLD.invoice_number <> '' THEN OLD.worked_minutes ELSE 0 END,
        amount = amount - CASE WHEN OLD.billable = 1 THEN (CASE WHEN OLD.flat_rate = 1 THEN COALESCE(OLD.hour_rate_cents, 0) * 60
                 ELSE OLD.worked_minutes * COALESCE(OLD.hour_rate_cents, 0) END) ELSE 0 END,
        entries = entries - 1
     WHERE account_id = OLD.account_id AND project_id = OLD.project_id AND user_id = OLD.user_id
       AND month = SUBSTR(OLD.account_day, 1, 7);
END;

CREATE TRIGGER time_rollups_update_out AFTER UPDATE OF user_id, project_id, task_id, account_day, worked_minutes,
    billable, flat_rate, hour_rate_cents, invoice_number, deleted_at ON time_entries
WHEN OLD.deleted_at IS NULL AND OLD.account_day <> ''
BEGIN
    UPDATE time_rollups SET minutes = minutes - OLD.worked_minutes,
        billable_minutes = billable_minutes - CASE WHEN OLD.billable = 1 THEN OLD.worked_minutes ELSE 0 END,
        billed_minutes = billed_minutes - CASE WHEN OLD.invoice_number IS NOT NULL AND OLD.invoice_number <> '' THEN OLD.worked_minutes ELSE 0 END,
        amount = amount - CASE WHEN OLD.billable = 1 THEN (CASE WHEN OLD.flat_rate = 1 THEN COALESCE(OLD.hour_rate_cents, 0) * 60
                 ELSE OLD.worked_minutes * COALESCE(OLD.hour_rate_cents, 0) END) ELSE 0 END,
        entries = entries - 1
     WHERE account_id = OLD.account_id AND project_id = OLD.project_id AND task_id = COALESCE(OLD.task_id, 0)
       AND day = OLD.account_day;
    UPDATE time_rollups_by_user SET minutes = minutes - OLD.worked_minutes,
        billable_minutes = billable_minutes - CASE WHEN OLD.billable = 1 THEN OLD.worked_minutes ELSE 0 END,
        billed_minutes = billed_minutes - CASE WHEN OLD.invoice_number IS NOT NULL AND OLD.invoice_number <> '' THEN OLD.worked_minutes ELSE 0 END,
        amount = amount - CASE WHEN OLD.billable = 1 THEN (CASE WHEN OLD.flat_rate = 1 THEN COALESCE(OLD.hour_rate_cents, 0) * 60
                 ELSE OLD.worked_minutes * COALESCE(OLD.hour_rate_cents, 0) END) ELSE 0 END,
        entries = entries - 1
     WHERE account_id = OLD.account_id AND project_id = OLD.project_id AND user_id = OLD.user_id
       AND task_id = COALESCE(OLD.task_id, 0) AND day = OLD.account_day;
    UPDATE time_rollups_by_month SET minutes = minutes - OLD.worked_minutes,
        billable_minutes = billable_minutes - CASE WHEN OLD.billable = 1 THEN OLD.worked_minutes ELSE 0 END,
        billed_minutes = billed_minutes - CASE WHEN OLD.invoice_number IS NOT NULL AND OLD.invoice_number <> '' THEN OLD.worked_minutes ELSE 0 END,
        amount = amount - CASE WHEN OLD.billable = 1 THEN (CASE WHEN OLD.flat_rate = 1 THEN COALESCE(OLD.hour_rate_cents, 0) * 60
                 ELSE OLD.worked_minutes * COALESCE(OLD.hour_rate_cents, 0) END) ELSE 0 END,
        entries = entries - 1
     WHERE account_id = OLD.account_id AND project_id = OLD.project_id AND task_id = COALESCE(OLD.task_id, 0)
       AND month = SUBSTR(OLD.account_day, 1, 7);
    UPDATE time_rollups_by_user_month SET minutes = minutes - OLD.worked_minutes,
        billable_minutes = billable_minutes - CASE WHEN OLD.billable = 1 THEN OLD.worked_minutes ELSE 0 END,
        billed_minutes = billed_minutes - CASE WHEN OLD.invoice_number IS NOT NULL AND OLD.invoice_number <> '' THEN OLD.worked_minutes ELSE 0 END,
        amount = amount - CASE WHEN OLD.billable = 1 THEN (CASE WHEN OLD.flat_rate = 1 THEN COALESCE(OLD.hour_rate_cents, 0) * 60
                 ELSE OLD.worked_minutes * COALESCE(OLD.hour_rate_cents, 0) END) ELSE 0 END,
        entries = entries - 1
     WHERE account_id = OLD.account_id AND project_id = OLD.project_id AND user_id = OLD.user_id
       AND month = SUBSTR(OLD.account_day, 1, 7);
END;

CREATE TRIGGER time_rollups_update_in AFTER UPDATE OF user_id, project_id, task_id, account_day, worked_minutes,
    billable, flat_rate, hour_rate_cents, invoice_number, deleted_at ON time_entries
WHEN NEW.deleted_at IS NULL AND NEW.account_day <> ''
BEGIN
    INSERT INTO time_rollups (account_id, project_id, task_id, day, minutes, billable_minutes, billed_minutes, amount, entries)
    VALUES (NEW.account_id, NEW.project_id, COALESCE(NEW.task_id, 0), NEW.account_day, NEW.worked_minutes,
            CASE WHEN NEW.billable = 1 THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.invoice_number IS NOT NULL AND NEW.invoice_number <> '' THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.billable = 1 THEN (CASE WHEN NEW.flat_rate = 1 THEN COALESCE(NEW.hour_rate_cents, 0) * 60
                 ELSE NEW.worked_minutes * COALESCE(NEW.hour_rate_cents, 0) END) ELSE 0 END, 1)
    ON CONFLICT (account_id, project_id, task_id, day) DO UPDATE SET
        minutes = minutes + excluded.minutes, billable_minutes = billable_minutes + excluded.billable_minutes,
        billed_minutes = billed_minutes + excluded.billed_minutes, amount = amount + excluded.amount,
        entries = entries + 1;
    INSERT INTO time_rollups_by_user (account_id, project_id, user_id, task_id, day, minutes, billable_minutes, billed_minutes, amount, entries)
    VALUES (NEW.account_id, NEW.project_id, NEW.user_id, COALESCE(NEW.task_id, 0), NEW.account_day, NEW.worked_minutes,
            CASE WHEN NEW.billable = 1 THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.invoice_number IS NOT NULL AND NEW.invoice_number <> '' THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.billable = 1 THEN (CASE WHEN NEW.flat_rate = 1 THEN COALESCE(NEW.hour_rate_cents, 0) * 60
                 ELSE NEW.worked_minutes * COALESCE(NEW.hour_rate_cents, 0) END) ELSE 0 END, 1)
    ON CONFLICT (account_id, project_id, user_id, task_id, day) DO UPDATE SET
        minutes = minutes + excluded.minutes, billable_minutes = billable_minutes + excluded.billable_minutes,
        billed_minutes = billed_minutes + excluded.billed_minutes, amount = amount + excluded.amount,
        entries = entries + 1;
    INSERT INTO time_rollups_by_month (account_id, project_id, task_id, month, minutes, billable_minutes, billed_minutes, amount, entries)
    VALUES (NEW.account_id, NEW.project_id, COALESCE(NEW.task_id, 0), SUBSTR(NEW.account_day, 1, 7), NEW.worked_minutes,
            CASE WHEN NEW.billable = 1 THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.invoice_number IS NOT NULL AND NEW.invoice_number <> '' THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.billable = 1 THEN (CASE WHEN NEW.flat_rate = 1 THEN COALESCE(NEW.hour_rate_cents, 0) * 60
                 ELSE NEW.worked_minutes * COALESCE(NEW.hour_rate_cents, 0) END) ELSE 0 END, 1)
    ON CONFLICT (account_id, project_id, task_id, month) DO UPDATE SET
        minutes = minutes + excluded.minutes, billable_minutes = billable_minutes + excluded.billable_minutes,
        billed_minutes = billed_minutes + excluded.billed_minutes, amount = amount + excluded.amount,
        entries = entries + 1;
    INSERT INTO time_rollups_by_user_month (account_id, project_id, user_id, month, minutes, billable_minutes, billed_minutes, amount, entries)
    VALUES (NEW.account_id, NEW.project_id, NEW.user_id, SUBSTR(NEW.account_day, 1, 7), NEW.worked_minutes,
            CASE WHEN NEW.billable = 1 THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.invoice_number IS NOT NULL AND NEW.invoice_number <> '' THEN NEW.worked_minutes ELSE 0 END,
            CASE WHEN NEW.billable = 1 THEN (CASE WHEN NEW.flat_rate = 1 THEN COALESCE(NEW.hour_rate_cents, 0) * 60
                 ELSE NEW.worked_minutes * COALESCE(NEW.hour_rate_cents, 0) END) ELSE 0 END, 1)
    ON CONFLICT (account_id, project_id, user_id, month) DO UPDATE SET
        minutes = minutes + excluded.minutes, billable_minutes = billable_minutes + excluded.billable_minutes,
        billed_minutes = billed_minutes + excluded.billed_minutes, amount = amount + excluded.amount,
        entries = entries + 1;
END;
