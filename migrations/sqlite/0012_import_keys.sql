-- Imported time entries carry a key derived from their source line (format, person, names,
-- times and how often the same line occurred before in the file), so importing a file again
-- adds nothing. Unique per account; entries typed in Stempel have none.
ALTER TABLE time_entries ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX time_entries_import_key ON time_entries (account_id, import_key) WHERE import_key IS NOT NULL;
