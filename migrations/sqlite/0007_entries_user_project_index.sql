-- The timer's and entry form's pickers put the projects a person used last first: the latest
-- entry per (person, project) is then one index seek, not a walk over the project's entries.
CREATE INDEX time_entries_user_project ON time_entries (account_id, user_id, project_id, started_at);
