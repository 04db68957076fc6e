-- The region whose public holidays the account fills (a code such as 'DE-BY', 'AT', 'CH-ZH'),
-- remembered so "fill next year" needs no choice; NULL until the first fill.
ALTER TABLE accounts ADD COLUMN holiday_region TEXT;

-- The case folding of the "contains" filters, by one name on both backends: SQLite's LOWER()
-- folds ASCII only, so the application registers a Unicode-aware fold_case() on every SQLite
-- connection; here it is LOWER(), which folds every letter in a UTF-8 database.
CREATE FUNCTION fold_case(t TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(t) $$;
