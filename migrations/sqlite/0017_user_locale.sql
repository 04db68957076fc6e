-- Each person's language (issue 18, the profile): 'en' or 'de'; NULL follows the language switch's
-- cookie and the browser, as before.
ALTER TABLE users ADD COLUMN locale TEXT;
