-- Which absence types draw on the yearly paid-leave entitlement (Paid Leave does; sick leave,
-- though paid, does not).
ALTER TABLE absence_types ADD COLUMN uses_leave INTEGER NOT NULL DEFAULT 0;
UPDATE absence_types SET uses_leave = 1 WHERE name = 'Paid Leave';

-- A person's calendar feed (ICS) of approved absences: the URL carries a secret token; only its
-- SHA-256 is stored. Revoking sets revoked_at; a new link revokes the old one.
CREATE TABLE calendar_feeds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX calendar_feeds_user ON calendar_feeds (account_id, user_id);
