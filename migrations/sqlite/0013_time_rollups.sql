-- Pre-aggregated time (issue 17): the minutes, billable and billed minutes, money (cent-minutes)
-- and count of live entries per project × task × day, and per person × project × task × day,
-- where the day is the entry's start as a date in the account's time zone (`account_day`,
-- written by the service; '' until known). Totals read whole days from these and raw entries
-- only for the edges of a range that cuts a day, and for entries whose day is still ''.
-- Kept by triggers in the writing transaction, so every write path (services, imports,
-- `stempel demo`, restores) keeps them exact; derived data, left out of backups.
-- task_id 0 stands for "no task" (a key column cannot be NULL in a primary key's equality).
ALTER TABLE time_entries ADD COLUMN account_day TEXT NOT NULL DEFAULT '';
CREATE INDEX time_entries_unrolled ON time_entries (account_id, started_at) WHERE account_day = '';
-- Raw edges of an account-wide range (a range that cuts a day in two). The covering totals
-- index is no longer read (its sums come from the rollups) and only slowed every write.
CREATE INDEX time_entries_started ON time_entries (account_id, started_at);
DROP INDEX time_entries_totals;

CREATE TABLE time_rollups (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    project_id BIGINT NOT NULL,
    task_id BIGINT NOT NULL,
    day TEXT NOT NULL,
    minutes BIGINT NOT NULL DEFAULT 0,
    billable_minutes BIGINT NOT NULL DEFAULT 0,
    billed_minutes BIGINT NOT NULL DEFAULT 0,
    amount BIGINT NOT NULL DEFAULT 0,
    entries BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, project_id, task_id, day)
) WITHOUT ROWID;

CREATE TABLE time_rollups_by_user (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    project_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    task_id BIGINT NOT NULL,
    day TEXT NOT NULL,
    minutes BIGINT NOT NULL DEFAULT 0,
    billable_minutes BIGINT NOT NULL DEFAULT 0,
    billed_minutes BIGINT NOT NULL DEFAULT 0,
    amount BIGINT NOT NULL DEFAULT 0,
    entries BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, project_id, user_id, task_id, day)
) WITHOUT ROWID;
CREATE INDEX time_rollups_by_user_person ON time_rollups_by_user (account_id, user_id, day);

-- The sums are written out per trigger (SQLite triggers cannot share an expression):
-- minutes; billable minutes; billed minutes (an invoice number); money in cent-minutes
-- (billable only: a flat rate is the amount itself, else minutes × hourly rate); one entry.
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
END;

-- An update is the old row taken out (when it counted) and the new one put in (when it counts).
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
END;
