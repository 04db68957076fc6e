-- Names are unique among live (not deleted) records, enforced by the database: two concurrent
-- creates could both pass the services' check on Postgres. Duplicates that such races left keep
-- the oldest record's name; the later ones get " (<id>)" appended.
UPDATE clients SET name = name || ' (' || id || ')'
 WHERE deleted_at IS NULL AND id NOT IN
   (SELECT MIN(id) FROM clients WHERE deleted_at IS NULL GROUP BY account_id, name);
CREATE UNIQUE INDEX clients_live_name ON clients (account_id, name) WHERE deleted_at IS NULL;

UPDATE projects SET name = name || ' (' || id || ')'
 WHERE deleted_at IS NULL AND id NOT IN
   (SELECT MIN(id) FROM projects WHERE deleted_at IS NULL GROUP BY account_id, client_id, name);
CREATE UNIQUE INDEX projects_live_name ON projects (account_id, client_id, name) WHERE deleted_at IS NULL;

UPDATE task_lists SET name = name || ' (' || id || ')'
 WHERE deleted_at IS NULL AND id NOT IN
   (SELECT MIN(id) FROM task_lists WHERE deleted_at IS NULL GROUP BY account_id, project_id, name);
CREATE UNIQUE INDEX task_lists_live_name ON task_lists (account_id, project_id, name) WHERE deleted_at IS NULL;

-- Tasks without a project share one scope (NULLs are distinct in a unique index, 0 is not).
UPDATE tasks SET name = name || ' (' || id || ')'
 WHERE deleted_at IS NULL AND id NOT IN
   (SELECT MIN(id) FROM tasks WHERE deleted_at IS NULL GROUP BY account_id, COALESCE(project_id, 0), name);
CREATE UNIQUE INDEX tasks_live_name ON tasks (account_id, COALESCE(project_id, 0), name) WHERE deleted_at IS NULL;

UPDATE absence_types SET name = name || ' (' || id || ')'
 WHERE deleted_at IS NULL AND id NOT IN
   (SELECT MIN(id) FROM absence_types WHERE deleted_at IS NULL GROUP BY account_id, name);
CREATE UNIQUE INDEX absence_types_live_name ON absence_types (account_id, name) WHERE deleted_at IS NULL;
