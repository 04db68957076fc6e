-- How many time entries each person has, live and deleted, so an account's or a person's
-- unfiltered list knows its exact total without counting a million index entries per request.
-- Kept by triggers, so every write path (services, `stempel demo`, restores) keeps it exact.
-- Derived data: backups leave it out and a restore rebuilds it through these triggers.
CREATE TABLE time_entry_counts (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    live BIGINT NOT NULL DEFAULT 0,
    deleted BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, user_id)
);

INSERT INTO time_entry_counts (account_id, user_id, live, deleted)
SELECT account_id, user_id,
       SUM(CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END)
  FROM time_entries GROUP BY account_id, user_id;

CREATE TRIGGER time_entry_counts_insert AFTER INSERT ON time_entries
BEGIN
    INSERT INTO time_entry_counts (account_id, user_id, live, deleted)
    VALUES (NEW.account_id, NEW.user_id,
            CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE 0 END,
            CASE WHEN NEW.deleted_at IS NULL THEN 0 ELSE 1 END)
    ON CONFLICT (account_id, user_id) DO UPDATE SET
        live = live + excluded.live, deleted = deleted + excluded.deleted;
END;

CREATE TRIGGER time_entry_counts_delete AFTER DELETE ON time_entries
BEGIN
    UPDATE time_entry_counts SET
        live = live - CASE WHEN OLD.deleted_at IS NULL THEN 1 ELSE 0 END,
        deleted = deleted - CASE WHEN OLD.deleted_at IS NULL THEN 0 ELSE 1 END
     WHERE account_id = OLD.account_id AND user_id = OLD.user_id;
END;

CREATE TRIGGER time_entry_counts_update AFTER UPDATE OF user_id, deleted_at ON time_entries
WHEN OLD.user_id <> NEW.user_id OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN
    UPDATE time_entry_counts SET
        live = live - CASE WHEN OLD.deleted_at IS NULL THEN 1 ELSE 0 END,
        deleted = deleted - CASE WHEN OLD.deleted_at IS NULL THEN 0 ELSE 1 END
     WHERE account_id = OLD.account_id AND user_id = OLD.user_id;
    INSERT INTO time_entry_counts (account_id, user_id, live, deleted)
    VALUES (NEW.account_id, NEW.user_id,
            CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE 0 END,
            CASE WHEN NEW.deleted_at IS NULL THEN 0 ELSE 1 END)
    ON CONFLICT (account_id, user_id) DO UPDATE SET
        live = live + excluded.live, deleted = deleted + excluded.deleted;
END;
