-- Sign-in throttling in bounded form: a counter per account and bucket (a SHA-256 of the user
-- name, the client address, or both) instead of a row per failure carrying the typed name.
DROP INDEX IF EXISTS login_failures_user;
DROP TABLE IF EXISTS login_failures;
CREATE TABLE login_attempts (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    bucket TEXT NOT NULL,
    window_start TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    PRIMARY KEY (account_id, bucket)
);
CREATE INDEX login_attempts_window ON login_attempts (window_start);

-- Sessions end after a day without use (besides their absolute lifetime); expired ones are purged.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
CREATE INDEX sessions_expiry ON sessions (expires_at);
