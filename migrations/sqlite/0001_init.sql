-- Stempel schema (SQLite). Kept in step with ../postgres/0001_init.sql.
-- Conventions, shared by both backends so one SQL text serves both through sqlx::Any:
--   ids INTEGER; timestamps TEXT 'YYYY-MM-DDTHH:MM:SS.fffZ' (UTC, sorts as text);
--   dates TEXT 'YYYY-MM-DD'; booleans INTEGER 0/1; money INTEGER cents; soft delete deleted_at.
-- Every table but accounts carries account_id.

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL,
    currency TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'en',
    break_rule TEXT NOT NULL DEFAULT 'off',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    username TEXT NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'staff')),
    password_hash TEXT NOT NULL,
    hour_rate_cents INTEGER,
    timezone TEXT,
    target_mon INTEGER NOT NULL DEFAULT 480,
    target_tue INTEGER NOT NULL DEFAULT 480,
    target_wed INTEGER NOT NULL DEFAULT 480,
    target_thu INTEGER NOT NULL DEFAULT 480,
    target_fri INTEGER NOT NULL DEFAULT 480,
    target_sat INTEGER NOT NULL DEFAULT 0,
    target_sun INTEGER NOT NULL DEFAULT 0,
    paid_leave_days INTEGER NOT NULL DEFAULT 30,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (account_id, username)
);

CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    public_key TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_keys_account ON api_keys (account_id);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (account_id, user_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    username TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures (account_id, username, failed_at);

CREATE TABLE clients (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    hour_rate_cents INTEGER,
    archived INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX clients_account ON clients (account_id, name);

CREATE TABLE projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    client_id INTEGER NOT NULL REFERENCES clients(id),
    name TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    hour_rate_cents INTEGER,
    billable INTEGER NOT NULL DEFAULT 1,
    budget_minutes INTEGER,
    budget_cents INTEGER,
    color TEXT NOT NULL DEFAULT '#3b82f6',
    archived INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX projects_account ON projects (account_id, client_id);

CREATE TABLE task_lists (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    project_id INTEGER NOT NULL REFERENCES projects(id),
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX task_lists_account ON task_lists (account_id, project_id);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    project_id INTEGER REFERENCES projects(id),
    task_list_id INTEGER REFERENCES task_lists(id),
    name TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    hour_rate_cents INTEGER,
    billable INTEGER,
    estimated_minutes INTEGER,
    completed INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX tasks_account ON tasks (account_id, project_id);

CREATE TABLE time_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    project_id INTEGER NOT NULL REFERENCES projects(id),
    task_id INTEGER REFERENCES tasks(id),
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    break_minutes INTEGER NOT NULL DEFAULT 0,
    worked_minutes INTEGER NOT NULL,
    billable INTEGER NOT NULL DEFAULT 1,
    flat_rate INTEGER NOT NULL DEFAULT 0,
    hour_rate_cents INTEGER,
    latitude REAL,
    longitude REAL,
    latitude1 REAL,
    longitude1 REAL,
    details TEXT NOT NULL DEFAULT '',
    tags_text TEXT NOT NULL DEFAULT '',
    invoice_number TEXT,
    deleted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX time_entries_user ON time_entries (account_id, user_id, started_at);
CREATE INDEX time_entries_project ON time_entries (account_id, project_id, started_at);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    color TEXT NOT NULL DEFAULT '#64748b',
    created_at TEXT NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE time_entry_tags (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    time_entry_id INTEGER NOT NULL REFERENCES time_entries(id),
    tag_id INTEGER NOT NULL REFERENCES tags(id),
    PRIMARY KEY (time_entry_id, tag_id)
);
CREATE INDEX time_entry_tags_tag ON time_entry_tags (account_id, tag_id);

CREATE TABLE expenses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    project_id INTEGER NOT NULL REFERENCES projects(id),
    spent_on TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    billable INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX expenses_project ON expenses (account_id, project_id, spent_on);

CREATE TABLE attendances (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    break_minutes INTEGER NOT NULL DEFAULT 0,
    worked_minutes INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    manual INTEGER NOT NULL DEFAULT 1,
    latitude_start REAL,
    longitude_start REAL,
    latitude_end REAL,
    longitude_end REAL,
    deleted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX attendances_user ON attendances (account_id, user_id, started_at);

CREATE TABLE attendance_breaks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    attendance_id INTEGER NOT NULL REFERENCES attendances(id),
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL
);
CREATE INDEX attendance_breaks_attendance ON attendance_breaks (account_id, attendance_id);

CREATE TABLE absence_types (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    paid INTEGER NOT NULL DEFAULT 1,
    color TEXT NOT NULL DEFAULT '#22c55e',
    counts_as_work_time INTEGER NOT NULL DEFAULT 1,
    archived INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX absence_types_account ON absence_types (account_id, name);

CREATE TABLE absences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    absence_type_id INTEGER NOT NULL REFERENCES absence_types(id),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    half_day INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('approved', 'pending', 'rejected')),
    notes TEXT NOT NULL DEFAULT '',
    deleted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX absences_user ON absences (account_id, user_id, start_date);

CREATE TABLE holidays (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    day TEXT NOT NULL,
    name TEXT NOT NULL,
    half_day INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (account_id, day)
);

-- One row per user at most: the UNIQUE (account_id, user_id) is what makes a second running
-- timer impossible, however many requests race.
CREATE TABLE running_project_timers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    project_id INTEGER NOT NULL REFERENCES projects(id),
    task_id INTEGER REFERENCES tasks(id),
    started_at TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '',
    tags_text TEXT NOT NULL DEFAULT '',
    billable INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (account_id, user_id)
);

CREATE TABLE running_attendance_timers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    started_at TEXT NOT NULL,
    break_started_at TEXT,
    -- finished breaks so far, as JSON [[from, to], ...]; copied to attendance_breaks on clock-out
    breaks_json TEXT NOT NULL DEFAULT '[]',
    break_minutes INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (account_id, user_id)
);

-- Throttle counters shared by every stempel process on this database: one rolling window per key.
CREATE TABLE api_rate_limits (
    api_key_id INTEGER PRIMARY KEY REFERENCES api_keys(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    window_start_ms INTEGER NOT NULL,
    request_count INTEGER NOT NULL
);
