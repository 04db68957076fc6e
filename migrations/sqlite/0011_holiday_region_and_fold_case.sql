-- The region whose public holidays the account fills (a code such as 'DE-BY', 'AT', 'CH-ZH'),
-- remembered so "fill next year" needs no choice; NULL until the first fill.
ALTER TABLE accounts ADD COLUMN holiday_region TEXT;

-- fold_case(), the Unicode-aware case folding of the "contains" filters, is a function the
-- application registers on every SQLite connection (db::exec::register_sqlite_functions);
-- Postgres gets it from its 0011 migration.
