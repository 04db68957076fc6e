-- The region whose public holidays the account fills (a code such as 'DE-BY', 'AT', 'CH-ZH'),
-- remembered so "fill next year" needs no choice; NULL until the first fill.
ALTER TABLE accounts ADD COLUMN holiday_region TEXT;
