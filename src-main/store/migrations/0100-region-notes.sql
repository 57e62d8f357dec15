-- A free-text note on a region (what the clinician saw, why it was drawn this way). NULL: none.
-- The contract bounds it (2,000 characters, no control characters but newline); the CHECK keeps
-- the bound for anything else that writes the file.
ALTER TABLE annotations ADD COLUMN note TEXT CHECK (note IS NULL OR length(note) <= 2000);
